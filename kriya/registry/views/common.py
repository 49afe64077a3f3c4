"""Small helpers the registry pages share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from kriya.core.workflow import InvalidTransition

from .. import services
from ..forms import ReasonForm
from ..workflow import LIFECYCLE


def apply_move(request, business) -> ReasonForm | None:
    """Apply the POSTed lifecycle action. Returns the reason form with its errors when
    the page must be shown again, None when done (a message says what happened).
    PermissionDenied propagates (403)."""
    form = ReasonForm(request.POST)
    form.is_valid()
    action = request.POST.get("action", "")
    try:
        services.transition_business(
            business=business,
            action=action,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except InvalidTransition:
        messages.error(
            request,
            _("Tindakan ini tidak tersedia untuk status usaha saat ini; halaman sudah diperbarui."),
        )
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return form
    messages.success(
        request, _("Status usaha sekarang: %(status)s.") % {"status": business.get_status_display()}
    )
    return None


def moves_for(business, user):
    """The buttons: exactly the moves the lifecycle table allows this user now."""
    moves = LIFECYCLE.available(business, user)
    return moves, any(m.needs_reason for m in moves)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
