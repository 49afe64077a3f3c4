"""The business lifecycle: draft → submitted → verified, or returned with a reason →
resubmitted → verified. Only a regency officer of the business's own regency verifies,
returns, suspends or reinstates.

A key-field edit (NIB, name, village) of a verified business sends it back to
re-verification: the `reverify` move. It is made by the system (`by=None`) inside
`services.update_business`, on behalf of the editor named in the event's data, and
never by hand — so it is never offered as a button (`LIFECYCLE.available` only lists
moves a person may make).
"""

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import is_regency_officer_for
from kriya.core.workflow import Lifecycle, Move

from .access import can_edit_business
from .models import BusinessStatus as S


def editor(user, business) -> bool:
    """The owner, or a facilitator with an active consent."""
    return can_edit_business(user, business)


def own_regency_officer(user, business) -> bool:
    return is_regency_officer_for(user, business.regency_id)


def system(user, business) -> bool:
    """Only the system (no person): moves that follow from an edit, not from a click."""
    return user is None


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
            _("Kembalikan dengan alasan"),
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
        Move("reverify", S.VERIFIED, S.SUBMITTED, system, _("Verifikasi ulang")),
    ],
)
