"""`Permissions-Policy` on every response: no powerful feature unless a page needs it.

Kriya uses the camera on the pages that scan a QR (the public verification page and the
lab's sample lookup) and the location on the step of the business form that offers
"Gunakan lokasi saya", and nothing else: no microphone, no payment, no USB. A view that
scans is wrapped in `uses_camera`, the address step in `uses_geolocation`; every other
response gets `camera=()` and `geolocation=()`.
"""

from __future__ import annotations

from functools import wraps

DENIED = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth")


def header_value(*, camera: bool = False, geolocation: bool = False) -> str:
    allowed = {"camera": camera, "geolocation": geolocation}
    return ", ".join(
        f"{feature}=(self)" if allowed.get(feature) else f"{feature}=()" for feature in DENIED
    )


def uses_camera(view):
    """Allow the camera (same origin only) on this view's responses."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.uses_camera = True
        return response

    return wrapped


def uses_geolocation(view):
    """Allow the browser's location (same origin only) on this view's responses."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.uses_geolocation = True
        return response

    return wrapped


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = header_value(
                camera=getattr(response, "uses_camera", False),
                geolocation=getattr(response, "uses_geolocation", False),
            )
        return response
