"""One JSON error format for the whole API:

{"error": {"code": "not_found", "message": "…", "details": [...]}}
"""

from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.params.models import BodyModel, PathModel

#: The `code` of each status the handlers below answer with.
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    422: "invalid",
    429: "too_many_requests",
}

#: What each documented status means, for the OpenAPI document.
DESCRIPTIONS = {
    400: "The request body is not valid JSON",
    401: "No valid bearer token or session",
    403: "Signed in, but not allowed (or the CSRF token is missing)",
    404: "Not found, or not visible to the caller",
    409: "Not available from the object's current status",
    422: "Invalid data",
    429: "Too many requests",
}


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorBody(Schema):
    code: Literal[tuple(CODES.values()) + ("error", "server_error")]  # type: ignore[valid-type]
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    """Every error of the API: `{"error": {"code", "message", "details"}}`."""

    error: ErrorBody


def answers(*statuses: int):
    """Declare the errors a view answers beyond those every operation of its kind can:
    `@answers(409)` on a view whose service may refuse a move (InvalidTransition)."""

    def mark(view):
        view._kriya_errors = frozenset(getattr(view, "_kriya_errors", ())) | set(statuses)
        return view

    return mark


def statuses_of(operation) -> set[int]:
    """The error statuses an operation can answer with, from how it is declared.

    - 401 and 403: it needs authentication (a missing token; a role that may not, or a
      session write without the CSRF token);
    - 422: it takes parameters or a body (ninja's validation, then the forms');
    - 400: it takes a JSON body (a body that does not parse);
    - 404: it has path parameters (objects are fetched through the access rules);
    - 429: it is throttled;
    - whatever its view declares with `@answers(…)`.
    """
    found = set(getattr(operation.view_func, "_kriya_errors", ()))
    if operation.auth_callbacks:
        found |= {401, 403}
    if operation.models:
        found.add(422)
    for model in operation.models:
        if issubclass(model, PathModel):
            found.add(404)
        if issubclass(model, BodyModel):
            found.add(400)
    if operation.throttle_objects:
        found.add(429)
    return found


def document(api, schema: dict) -> dict:
    """Add the error responses of every operation to the OpenAPI `schema`, all with the
    one `ErrorOut` component (the body every handler below returns)."""
    by_id = {}
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                by_id[operation.operation_id or api.get_openapi_operation_id(operation)] = operation
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in (
        ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        .pop("$defs", {})
        .items()
    ):
        components.setdefault(name, definition)
    components.setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    components["ErrorOut"].pop("$defs", None)
    for methods in schema["paths"].values():
        for entry in methods.values():
            operation = by_id.get(entry.get("operationId"))
            if operation is None:
                continue
            responses = entry.setdefault("responses", {})
            for status in sorted(statuses_of(operation)):
                responses.setdefault(
                    status,
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorOut"}
                            }
                        },
                    },
                )
    return schema


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
        return respond(request, exc.status_code, CODES.get(exc.status_code, "error"), str(exc))

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        import logging

        logging.getLogger("kriya.api").exception("Unhandled API error")
        return respond(request, 500, "server_error", _("Terjadi kesalahan di server."))
