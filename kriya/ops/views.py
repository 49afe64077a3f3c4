"""/readyz (readiness, public), /metrics (Prometheus, allowed addresses only) and
/media/ (public photos from the default storage)."""

import mimetypes

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from kriya.accounts.network import in_networks, networks, parse_address

from . import health, metrics


@login_not_required
@never_cache
@require_GET
def readyz(request):
    """200 and {"status": "ok", "checks": {...}} when every check passes, else 503 with
    the failing checks marked (kriya.ops.health)."""
    checks = health.readiness()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )


@login_not_required
@never_cache
@require_GET
def metrics_view(request):
    """Prometheus text format, answered only to KRIYA_METRICS_ALLOW (REMOTE_ADDR) on a
    direct connection: any other address gets 404, as if there were nothing here. Behind
    a reverse proxy on the same machine every public request arrives from 127.0.0.1, so a
    request the proxy forwarded (it carries X-Forwarded-* or Forwarded) is refused too."""
    if came_through_proxy(request) or not metrics_allowed(request.META.get("REMOTE_ADDR", "")):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


PROXY_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_FORWARDED",
    "HTTP_X_REAL_IP",
)


def came_through_proxy(request) -> bool:
    return any(header in request.META for header in PROXY_HEADERS)


def metrics_allowed(address: str) -> bool:
    ip = parse_address(address)
    allowed = networks(tuple(settings.KRIYA_METRICS_ALLOW), "KRIYA_METRICS_ALLOW")
    return ip is not None and in_networks(ip, allowed)


@login_not_required
@require_safe
def media(request, path: str):
    """Public media (product and business photos) streamed from the default storage,
    wherever it is: a folder or a bucket. A reverse proxy may serve /media/ from disk
    before the request gets here; with object storage this is how photos reach people."""
    if not path or path.endswith("/") or not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    # Photo names are random and never reused: a week in the browser's cache is safe.
    response["Cache-Control"] = "public, max-age=604800"
    return response
