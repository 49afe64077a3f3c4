"""The lifecycles of training, each a table of moves with who may make them.

- a **batch**: draft → open (enrolment) → running → assessing → completed; cancelled
  (with a reason) from any state before completion. Opened, assessed, completed and
  cancelled by the programme's organisers; started and sent to assessment by them or
  the batch's trainers.
- an **enrolment**: enrolled or waitlisted when made (not a move); a waitlisted person
  is offered a freed seat (by the system or an organiser), accepts or declines it, or
  lets it lapse (the system, `expire`: back to the end of nothing — declined); a person
  cancels their own enrolment (or an organiser does); an organiser or the system marks
  completion.

Organisers are the members of the programme's organising organisation holding a staff
role other than facilitator, and administrators (`is_organiser`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role, memberships_of
from kriya.accounts.models import STAFF_ROLES, Role
from kriya.core.workflow import Lifecycle, Move

from .models import BatchStatus, EnrolmentStatus

# Who of the organising organisation runs its programmes: its staff, except facilitators
# (they enrol the people they accompany, they do not run batches).
ORGANISER_ROLES = STAFF_ROLES - {Role.FACILITATOR}

E = EnrolmentStatus
B = BatchStatus


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_organiser_of_programme(user, programme) -> bool:
    if not _signed_in(user):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    return any(
        m.organisation_id == programme.organiser_id and m.role in ORGANISER_ROLES
        for m in memberships_of(user)
    )


def is_organiser(user, batch) -> bool:
    return is_organiser_of_programme(user, batch.programme)


def is_trainer_of(user, batch) -> bool:
    if not _signed_in(user):
        return False
    trainer_ids = getattr(batch, "_trainer_ids", None)
    if trainer_ids is None:
        trainer_ids = set(batch.trainers.values_list("pk", flat=True))
        batch._trainer_ids = trainer_ids
    return user.pk in trainer_ids


def is_organiser_or_trainer(user, batch) -> bool:
    return is_organiser(user, batch) or is_trainer_of(user, batch)


BATCH = Lifecycle(
    name="training_batch",
    moves=[
        Move("open", B.DRAFT, B.OPEN, is_organiser, _("Buka pendaftaran")),
        Move("start", B.OPEN, B.RUNNING, is_organiser_or_trainer, _("Mulai pelatihan")),
        Move("assess", B.RUNNING, B.ASSESSING, is_organiser_or_trainer, _("Mulai penilaian")),
        Move("complete", B.ASSESSING, B.COMPLETED, is_organiser, _("Selesaikan angkatan")),
        Move(
            "cancel",
            (B.DRAFT, B.OPEN, B.RUNNING, B.ASSESSING),
            B.CANCELLED,
            is_organiser,
            _("Batalkan angkatan"),
            needs_reason=True,
            style="danger",
        ),
    ],
)


def _system_or_organiser(user, enrolment) -> bool:
    return user is None or is_organiser(user, enrolment.batch)


def _the_person_or_organiser(user, enrolment) -> bool:
    if user is None:
        return True
    person = enrolment.participant
    if _signed_in(user) and person.user_id == user.pk:
        return True
    return is_organiser(user, enrolment.batch)


def _system(user, enrolment) -> bool:
    return user is None


ENROLMENT = Lifecycle(
    name="training_enrolment",
    moves=[
        Move("offer", E.WAITLISTED, E.OFFERED, _system_or_organiser, _("Tawarkan kursi")),
        Move("accept", E.OFFERED, E.ENROLLED, _the_person_or_organiser, _("Terima kursi")),
        Move(
            "decline",
            E.OFFERED,
            E.DECLINED,
            _the_person_or_organiser,
            _("Tolak kursi"),
            style="secondary",
        ),
        Move("expire", E.OFFERED, E.DECLINED, _system, _("Tawaran lewat batas")),
        # A paid programme (docs/training.md "Fees"): the seat is held while the desk's
        # bill is open; paid, the place is confirmed; unpaid by the due date, it lapses.
        Move("await_payment", E.ENROLLED, E.AWAITING_PAYMENT, _system, _("Tunggu pembayaran")),
        Move("pay", E.AWAITING_PAYMENT, E.ENROLLED, _system, _("Pembayaran dikonfirmasi")),
        Move("lapse", E.AWAITING_PAYMENT, E.CANCELLED, _system, _("Tidak dibayar")),
        Move(
            "cancel",
            (E.ENROLLED, E.WAITLISTED, E.OFFERED, E.AWAITING_PAYMENT),
            E.CANCELLED,
            _the_person_or_organiser,
            _("Batalkan pendaftaran"),
            style="danger",
        ),
        Move("complete", E.ENROLLED, E.COMPLETED, _system_or_organiser, _("Nyatakan lulus")),
    ],
)
