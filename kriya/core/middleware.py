import logging
import re
import time
import uuid

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

from .logs import request_id_var, request_var

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
request_log = logging.getLogger("kriya.request")


class RequestIdMiddleware:
    """Give every request an id (from X-Request-ID when sane) for logs and audit events;
    every log record written during the request carries it with the user and the view
    (kriya/core/logs.py), and the request ends with one `kriya.request` line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        started = time.monotonic()
        id_token = request_id_var.set(request_id)
        request_token = request_var.set(request)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
        finally:
            request_var.reset(request_token)
            request_id_var.reset(id_token)
        return response


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Deny by default. Public views opt out with `login_not_required`; the API
    authenticates on its own (tokens or session) and answers 401 in JSON."""

    exempt_prefixes = ("/api/", "/static/", "/media/")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.exempt_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
