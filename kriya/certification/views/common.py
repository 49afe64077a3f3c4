"""Small helpers of the certification pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.core.workflow import InvalidTransition

from ..access import is_agency
from ..forms import apply_errors
from ..texts import UNAVAILABLE


def require_agency(user) -> None:
    if not is_agency(user):
        raise PermissionDenied


def run(form, call):
    """Call a service; on bad input put the errors on `form` and return None."""
    try:
        return call()
    except ValidationError as error:
        apply_errors(form, error)
    except InvalidTransition:
        form.add_error(None, str(UNAVAILABLE))
    return None


def run_with_message(request, call) -> bool:
    """Call a service from a button; on bad input show the message at the top."""
    try:
        call()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    except InvalidTransition:
        messages.error(request, UNAVAILABLE)
        return False
    return True


def form_page(request, form, *, title, back, submit=None, intro="", danger=False, status=200):
    """The one page every action with input uses: a heading, the form, a back link."""
    name, args = back
    return render(
        request,
        "certification/form.html",
        {
            "form": form,
            "title": title,
            "back": reverse(name, args=args),
            "submit": submit or _("Simpan"),
            "intro": intro,
            "danger": danger,
            "multipart": any(getattr(f.field.widget, "needs_multipart_form", False) for f in form),
        },
        status=status,
    )


def attachment(file_field, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file_field.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
