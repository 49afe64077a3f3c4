"""The business lifecycle: draft → submitted → verified, or returned with a reason →
resubmitted → verified. Only a regency officer of the business's own regency verifies,
returns, suspends or reinstates. A key-field edit of a verified business sends it back
(`reverify`, made by the system on behalf of the editor)."""

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role, is_regency_officer_for
from kriya.accounts.models import Role
from kriya.core.workflow import Lifecycle, Move

from .access import can_edit_business
from .models import BusinessStatus as S


def editor(user, business) -> bool:
    return can_edit_business(user, business)


def own_regency_officer(user, business) -> bool:
    return is_regency_officer_for(user, business.regency_id)


def key_field_editor(user, business) -> bool:
    return can_edit_business(user, business) or has_role(user, Role.ADMINISTRATOR)


LIFECYCLE = Lifecycle(
    name="business",
    moves=[
        Move("submit", S.DRAFT, S.SUBMITTED, editor, _("Ajukan verifikasi")),
        Move("verify", S.SUBMITTED, S.VERIFIED, own_regency_officer, _("Verifikasi")),
        Move(
            "return",
            S.SUBMITTED,
            S.RETURNED,
            own_regency_officer,
            _("Kembalikan"),
            needs_reason=True,
            style="secondary",
        ),
        Move("resubmit", S.RETURNED, S.SUBMITTED, editor, _("Ajukan ulang")),
        Move(
            "suspend",
            S.VERIFIED,
            S.SUSPENDED,
            own_regency_officer,
            _("Bekukan"),
            needs_reason=True,
            style="danger",
        ),
        Move("reinstate", S.SUSPENDED, S.VERIFIED, own_regency_officer, _("Aktifkan kembali")),
        Move("reverify", S.VERIFIED, S.SUBMITTED, key_field_editor, _("Verifikasi ulang")),
    ],
)
