"""The service request lifecycle.

    draft ─submit─► submitted ─review─► in_review ─accept─► accepted ─issue_bill─► awaiting_payment
                                         │   ▲                 │ (free services: start_work)   │
                                  return │   │ review          │                confirm_payment│
                                         ▼   │                 ▼                               ▼
                     returned ─resubmit─► resubmitted      in_progress ◄──────start_work────── paid
                         ▲                                     │
                         └──expire_bill (system) ◄── awaiting_payment
                                                  in_progress ─mark_result_ready─► result_ready
                                                  result_ready ─complete─► completed

`reject` (desk, with reason) from submitted, resubmitted and in_review; `cancel`
(applicant) from every state before payment. Who may make each move:

- the applicant: the business's owner, or a facilitator with the business's active consent;
  for a request a regency unit filed in its own name, the unit's regency officers;
- the desk: agency desk officers;
- performers: agency desk, analysts, supervisors, evaluators, decision makers, or
  whoever the request is assigned to (lab and certification work);
- the system (`by=None`): scheduled jobs such as `expire_bills`, and lab/certification
  code running in a background task.

Regency officers, the head of the agency and administrators read; they make no move.
The same table drives the buttons on the request page and the API's `actions` list.
"""

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role, officer_unit_ids, organisation_ids_of
from kriya.accounts.models import Role
from kriya.core.workflow import Lifecycle, Move
from kriya.registry.access import has_consent, is_owner_of

from .models import Status as S

PERFORMER_ROLES = (Role.DESK, Role.ANALYST, Role.SUPERVISOR, Role.EVALUATOR, Role.DECISION_MAKER)
# Who confirms a payment made to a payee organisation (not its facilitators or owners).
PAYEE_ROLES = (Role.REGENCY_OFFICER, Role.TRAINER)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_applicant(user, request) -> bool:
    """The business's owner, or a facilitator the business gave an active consent; for
    a regency unit's own request, the unit's regency officers."""
    if not _signed_in(user):
        return False
    if request.organisation_id is not None:
        return request.organisation_id in officer_unit_ids(user)
    business = request.business
    return is_owner_of(user, business) or has_consent(user, business)


def is_desk(user, request=None) -> bool:
    return _signed_in(user) and has_role(user, Role.DESK)


def is_performer(user, request) -> bool:
    if not _signed_in(user):
        return False
    if request.assigned_to_id is not None and request.assigned_to_id == user.pk:
        return True
    return has_role(user, *PERFORMER_ROLES)


def is_system(user, request=None) -> bool:
    """Scheduled jobs and background tasks act with `by=None`."""
    return user is None


def performer_or_system(user, request) -> bool:
    return is_system(user) or is_performer(user, request)


def desk_on_billed_service(user, request) -> bool:
    """The desk bills an accepted request; a fee request (`origin` set, made by
    kriya.desk.fee_requests for an app above the desk) is billed by the system."""
    if not request.service.is_billed:
        return False
    return is_desk(user) or (is_system(user) and bool(request.origin))


def may_confirm_payment(user, request) -> bool:
    """The desk confirms PNBP payments. A fee request's bill with a payee other than
    the agency (a regency unit's retribusi, docs/desk.md "Fees of other apps") is
    confirmed by that organisation's people (not its facilitators), who collect it."""
    if not request.origin:
        return is_desk(user)
    from .models import Bill

    payee_id = (
        Bill.objects.filter(request=request, paid_at=None, expired_at=None, cancelled_at=None)
        .values_list("payee_id", flat=True)
        .first()
    )
    if payee_id is None:
        return is_desk(user)
    return _signed_in(user) and payee_id in organisation_ids_of(user, *PAYEE_ROLES)


def applicant_or_system_on_fee_request(user, request) -> bool:
    """The applicant cancels; a fee request is also cancelled by the system when its
    bill lapses or the app above gives the seat or booth up."""
    return is_applicant(user, request) or (is_system(user) and bool(request.origin))


def performer_on_free_service(user, request) -> bool:
    return is_performer(user, request) and not request.service.is_billed


CANCELLABLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.RESUBMITTED,
    S.IN_REVIEW,
    S.RETURNED,
    S.ACCEPTED,
    S.AWAITING_PAYMENT,
)

LIFECYCLE = Lifecycle(
    name="service_request",
    moves=[
        Move("submit", S.DRAFT, S.SUBMITTED, is_applicant, _("Ajukan")),
        Move("review", (S.SUBMITTED, S.RESUBMITTED), S.IN_REVIEW, is_desk, _("Mulai periksa")),
        Move(
            "return",
            S.IN_REVIEW,
            S.RETURNED,
            is_desk,
            _("Kembalikan untuk perbaikan"),
            needs_reason=True,
            style="secondary",
        ),
        Move("resubmit", S.RETURNED, S.RESUBMITTED, is_applicant, _("Ajukan ulang")),
        Move("accept", S.IN_REVIEW, S.ACCEPTED, is_desk, _("Terima")),
        Move(
            "reject",
            (S.SUBMITTED, S.RESUBMITTED, S.IN_REVIEW),
            S.REJECTED,
            is_desk,
            _("Tolak"),
            needs_reason=True,
            style="danger",
        ),
        Move(
            "issue_bill",
            S.ACCEPTED,
            S.AWAITING_PAYMENT,
            desk_on_billed_service,
            _("Terbitkan tagihan"),
        ),
        Move(
            "confirm_payment",
            S.AWAITING_PAYMENT,
            S.PAID,
            may_confirm_payment,
            _("Konfirmasi pembayaran"),
        ),
        Move(
            "expire_bill",
            S.AWAITING_PAYMENT,
            S.RETURNED,
            is_system,
            _("Tagihan kedaluwarsa"),
            style="secondary",
        ),
        Move("start_work", S.PAID, S.IN_PROGRESS, is_performer, _("Mulai pengerjaan")),
        Move(
            "start_work",
            S.ACCEPTED,
            S.IN_PROGRESS,
            performer_on_free_service,
            _("Mulai pengerjaan"),
        ),
        Move(
            "mark_result_ready",
            S.IN_PROGRESS,
            S.RESULT_READY,
            performer_or_system,
            _("Hasil siap"),
        ),
        Move("complete", S.RESULT_READY, S.COMPLETED, is_performer, _("Selesaikan dan serahkan")),
        Move(
            "cancel",
            CANCELLABLE,
            S.CANCELLED,
            applicant_or_system_on_fee_request,
            _("Batalkan permohonan"),
            style="danger",
        ),
    ],
)

# Moves that need more than a click (a form of their own on the request page).
MOVES_WITH_FORM = {"issue_bill": "bill", "mark_result_ready": "result", "complete": "result"}
