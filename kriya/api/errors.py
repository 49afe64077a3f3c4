"""One JSON error format for the whole API:

{"error": {"code": "not_found", "message": "…", "details": [...]}}
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def error_body(code: str, message: str, details=None) -> dict:
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def install(api):
    def respond(request, status, code, message, details=None):
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(NinjaValidationError)
    def _validation(request, exc):
        details = [
            {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return respond(request, 422, "invalid", _("Data tidak valid."), details)

    @api.exception_handler(ValidationError)
    def _django_validation(request, exc):
        if hasattr(exc, "message_dict"):
            details = [
                {"field": field, "message": str(msg)}
                for field, msgs in exc.message_dict.items()
                for msg in msgs
            ]
        else:
            details = [{"field": "", "message": str(m)} for m in exc.messages]
        return respond(request, 422, "invalid", _("Data tidak valid."), details)

    @api.exception_handler(AuthenticationError)
    def _auth(request, exc):
        return respond(request, 401, "unauthenticated", _("Autentikasi diperlukan."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return respond(request, 403, "forbidden", str(exc) or _("Akses ditolak."))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return respond(request, 404, "not_found", _("Tidak ditemukan."))

    @api.exception_handler(HttpError)
    def _http(request, exc):
        codes = {
            400: "bad_request",
            401: "unauthenticated",
            403: "forbidden",
            404: "not_found",
            409: "conflict",
            422: "invalid",
            429: "too_many_requests",
        }
        return respond(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        import logging

        logging.getLogger("kriya.api").exception("Unhandled API error")
        return respond(request, 500, "server_error", _("Terjadi kesalahan di server."))
