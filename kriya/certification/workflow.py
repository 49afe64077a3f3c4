"""The lifecycles of certification, each a table of moves with who may make them.

- an **evaluation** is reviewed, evaluated and recommended by its evaluator and decided
  by a decision maker who took no part in it (`is_independent_decision_maker`: not an
  evaluator ever assigned to it, not a creator or lead auditor of its audits, not the
  author of a finding, a document check or a sampling, not a reviewer of a corrective
  action) — ISO/IEC 17065 clause 7.6;
- a **corrective action** is submitted by the holder and accepted or sent back by the
  assigned evaluator (of the evaluation; of a surveillance audit, its lead auditor);
- an **audit** is conducted or cancelled by an evaluator;
- a **certificate** is suspended, reinstated or withdrawn by a decision maker or the
  head of the agency (the same roles kriya.verify allows on its register), each with a
  reason; the system (`by=None`) may too;
- a **surveillance** is started and completed by an evaluator and cancelled (with a
  reason) by a decision maker, the head, or the system when its certificate ends;
- a **label batch** is ordered by the holder, issued or refused by the body's staff;
- an **external halal certificate** is recorded by the holder, accepted or rejected by
  the desk, and lapses (composition or process changed) by the holder or the desk.

The holder is the business's owner or a facilitator with its active consent.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.workflow import Lifecycle, Move
from kriya.registry.access import has_consent, is_owner_of

from .models import (
    AuditStatus,
    CertificateStatus,
    CorrectiveActionStatus,
    EvaluationStatus,
    HalalStatus,
    LabelBatchStatus,
    SurveillanceStatus,
)

CERTIFICATE_OFFICERS = (Role.DECISION_MAKER, Role.HEAD)
LABEL_OFFICERS = (Role.DESK, Role.DECISION_MAKER, Role.HEAD)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_holder(user, obj) -> bool:
    """The owner of the object's business, or a facilitator with its active consent."""
    if not _signed_in(user):
        return False
    business = obj.business
    return is_owner_of(user, business) or has_consent(user, business)


def is_evaluator(user, obj=None) -> bool:
    return _signed_in(user) and has_role(user, Role.EVALUATOR)


def is_the_evaluator(user, evaluation) -> bool:
    """The evaluator the evaluation belongs to (still holding the role)."""
    return is_evaluator(user) and evaluation.evaluator_id == user.pk


def evaluation_team(evaluation) -> set[int]:
    """Ids of everyone who took part in the evaluation: every evaluator ever assigned
    (a replaced one too), the creators and lead auditors of its audits, the authors of
    its findings, the reviewers of its corrective actions (every accept or send-back,
    from the audit trail), and the authors of its requirement checks and samplings.

    The one rule of impartiality (ISO/IEC 17065 7.6.2): the service, the pages and the
    API all ask `is_independent_decision_maker`, which asks this."""
    from kriya.core.models import AuditEvent

    from .models import CorrectiveAction, EvaluatorAssignment, Finding

    team = {evaluation.evaluator_id}
    team.update(
        EvaluatorAssignment.objects.filter(evaluation=evaluation).values_list(
            "evaluator_id", flat=True
        )
    )
    for lead, creator in evaluation.audits.values_list("lead_auditor_id", "created_by_id"):
        team.update((lead, creator))
    team.update(evaluation.requirement_checks.values_list("checked_by_id", flat=True))
    team.update(evaluation.samplings.values_list("taken_by_id", flat=True))
    team.update(
        Finding.objects.filter(audit__evaluation=evaluation).values_list("raised_by_id", flat=True)
    )
    actions = CorrectiveAction.objects.filter(finding__audit__evaluation=evaluation)
    team.update(actions.values_list("reviewed_by_id", flat=True))
    action_ids = [str(pk) for pk in actions.values_list("pk", flat=True)]
    if action_ids:
        team.update(
            AuditEvent.objects.filter(
                verb__in=("corrective_action.accept", "corrective_action.reject"),
                object_type__app_label="certification",
                object_type__model="correctiveaction",
                object_id__in=action_ids,
            ).values_list("actor_id", flat=True)
        )
    team.discard(None)
    return team


def is_independent_decision_maker(user, evaluation) -> bool:
    """A decision maker who took no part in the evaluation (`evaluation_team`)
    (ISO/IEC 17065 7.6.2)."""
    if not (_signed_in(user) and has_role(user, Role.DECISION_MAKER)):
        return False
    return user.pk not in evaluation_team(evaluation)


def is_assigned_evaluator_of_action(user, action) -> bool:
    """Who reviews a corrective action: the evaluation's current evaluator; for a
    finding of a surveillance audit (no evaluation), that audit's lead auditor."""
    if not is_evaluator(user):
        return False
    audit = action.finding.audit
    if audit.evaluation_id:
        return audit.evaluation.evaluator_id == user.pk
    return audit.lead_auditor_id == user.pk


def is_certificate_officer(user, obj=None) -> bool:
    return user is None or (_signed_in(user) and has_role(user, *CERTIFICATE_OFFICERS))


def is_label_officer(user, obj=None) -> bool:
    return _signed_in(user) and has_role(user, *LABEL_OFFICERS)


def is_desk(user, obj=None) -> bool:
    return _signed_in(user) and has_role(user, Role.DESK)


def is_holder_or_desk(user, obj) -> bool:
    return is_holder(user, obj) or is_desk(user)


E = EvaluationStatus
EVALUATION = Lifecycle(
    name="evaluation",
    moves=[
        Move("complete_review", E.REVIEW, E.EVALUATION, is_the_evaluator, _("Kaji ulang selesai")),
        Move("recommend", E.EVALUATION, E.RECOMMENDED, is_the_evaluator, _("Kirim rekomendasi")),
        Move(
            "return",
            E.RECOMMENDED,
            E.EVALUATION,
            is_independent_decision_maker,
            _("Kembalikan ke evaluator"),
            needs_reason=True,
            style="secondary",
        ),
        Move("grant", E.RECOMMENDED, E.GRANTED, is_independent_decision_maker, _("Berikan")),
        Move(
            "grant_reduced",
            E.RECOMMENDED,
            E.GRANTED,
            is_independent_decision_maker,
            _("Berikan dengan lingkup dikurangi"),
            needs_reason=True,
            style="secondary",
        ),
        Move(
            "refuse",
            E.RECOMMENDED,
            E.REFUSED,
            is_independent_decision_maker,
            _("Tolak"),
            needs_reason=True,
            style="danger",
        ),
    ],
)

C = CorrectiveActionStatus
CORRECTIVE_ACTION = Lifecycle(
    name="corrective_action",
    moves=[
        Move("submit", C.OPEN, C.SUBMITTED, is_holder, _("Ajukan tindakan perbaikan")),
        Move(
            "accept",
            C.SUBMITTED,
            C.ACCEPTED,
            is_assigned_evaluator_of_action,
            _("Terima dan tutup temuan"),
        ),
        Move(
            "reject",
            C.SUBMITTED,
            C.OPEN,
            is_assigned_evaluator_of_action,
            _("Kembalikan"),
            needs_reason=True,
            style="secondary",
        ),
    ],
)

A = AuditStatus
AUDIT = Lifecycle(
    name="audit",
    moves=[
        Move("conduct", A.PLANNED, A.CONDUCTED, is_evaluator, _("Catat pelaksanaan")),
        Move(
            "cancel",
            A.PLANNED,
            A.CANCELLED,
            is_evaluator,
            _("Batalkan audit"),
            needs_reason=True,
            style="danger",
        ),
    ],
)

S = CertificateStatus
CERTIFICATE = Lifecycle(
    name="certificate",
    moves=[
        Move(
            "suspend",
            S.ACTIVE,
            S.SUSPENDED,
            is_certificate_officer,
            _("Bekukan"),
            needs_reason=True,
            style="secondary",
        ),
        Move(
            "reinstate",
            S.SUSPENDED,
            S.ACTIVE,
            is_certificate_officer,
            _("Pulihkan"),
            needs_reason=True,
        ),
        Move(
            "withdraw",
            (S.ACTIVE, S.SUSPENDED),
            S.WITHDRAWN,
            is_certificate_officer,
            _("Cabut"),
            needs_reason=True,
            style="danger",
        ),
    ],
)

V = SurveillanceStatus
SURVEILLANCE = Lifecycle(
    name="surveillance",
    moves=[
        Move("start", V.PLANNED, V.IN_PROGRESS, is_evaluator, _("Mulai survailen")),
        Move("complete", V.IN_PROGRESS, V.COMPLETED, is_evaluator, _("Selesaikan survailen")),
        Move(
            "cancel",
            (V.PLANNED, V.IN_PROGRESS),
            V.CANCELLED,
            is_certificate_officer,
            _("Batalkan survailen"),
            needs_reason=True,
            style="danger",
        ),
    ],
)

L = LabelBatchStatus
LABEL_BATCH = Lifecycle(
    name="label_batch",
    moves=[
        Move("issue", L.ORDERED, L.ISSUED, is_label_officer, _("Terbitkan label")),
        Move(
            "refuse",
            L.ORDERED,
            L.REFUSED,
            is_label_officer,
            _("Tolak pesanan"),
            needs_reason=True,
            style="danger",
        ),
        Move("cancel", L.ORDERED, L.CANCELLED, is_holder, _("Batalkan pesanan"), style="secondary"),
    ],
)

H = HalalStatus
HALAL = Lifecycle(
    name="halal_certificate",
    moves=[
        Move("accept", H.SUBMITTED, H.ACCEPTED, is_desk, _("Sesuai, catat")),
        Move(
            "reject",
            H.SUBMITTED,
            H.REJECTED,
            is_desk,
            _("Tolak"),
            needs_reason=True,
            style="danger",
        ),
        Move(
            "lapse",
            H.ACCEPTED,
            H.LAPSED,
            is_holder_or_desk,
            _("Tidak berlaku lagi (komposisi/proses berubah)"),
            needs_reason=True,
            style="secondary",
        ),
    ],
)

LIFECYCLES = (EVALUATION, CORRECTIVE_ACTION, AUDIT, CERTIFICATE, SURVEILLANCE, LABEL_BATCH, HALAL)
