"""The lifecycles of events and of exhibitor applications.

An **event** is moved by its organisers (`is_organiser`): a regency officer of the
event's regency, a regency officer of the organising or a co-organising unit, or a
member of an organising association.

    draft → published → call_open → call_closed → running → reporting → closed

A published event may also start without a call (no exhibitors); it may be postponed
(and resumed as published) or cancelled, each with a reason, until it runs. The
service tells every applicant of a postponed or cancelled event.

An **application** is decided by the organisers (accept, waiting list, reject — with a
reason when rejected; a waiting-list entry may later be accepted or rejected) and
confirmed or withdrawn by the business (its owner or a facilitator with consent).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role, memberships_of, officer_regency_codes
from kriya.accounts.models import OrganisationKind, Role
from kriya.core.workflow import Lifecycle, Move
from kriya.registry.access import has_consent, is_owner_of

from .models import ApplicationStatus as A
from .models import EventStatus as S


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def organising_unit_ids(user) -> set[int]:
    """The organisations `user` may organise events for: the regency units they are a
    regency officer of, and the associations they belong to (an association's only
    staff role is facilitator; its members are its event organisers)."""
    return {
        m.organisation_id
        for m in memberships_of(user)
        if m.role == Role.REGENCY_OFFICER
        or (m.organisation.kind == OrganisationKind.ASSOCIATION and m.role == Role.FACILITATOR)
    }


def is_organiser(user, event) -> bool:
    """A regency officer of the event's regency, a regency officer of an organising
    unit or a member of an organising association (or an administrator)."""
    if not _signed_in(user):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if event.regency_id in officer_regency_codes(user):
        return True
    units = organising_unit_ids(user)
    if not units:
        return False
    if event.organiser_id in units:
        return True
    return event.co_organisers.filter(pk__in=units).exists()


def _organiser_of_application(user, application) -> bool:
    return is_organiser(user, application.event)


def is_holder(user, application) -> bool:
    """The owner of the applying business or a facilitator with its active consent."""
    if not _signed_in(user):
        return False
    business = application.business
    return is_owner_of(user, business) or has_consent(user, business)


BEFORE_RUNNING = (S.PUBLISHED, S.CALL_OPEN, S.CALL_CLOSED)

EVENT = Lifecycle(
    name="event",
    moves=[
        Move("publish", S.DRAFT, S.PUBLISHED, is_organiser, _("Umumkan")),
        Move("open_call", S.PUBLISHED, S.CALL_OPEN, is_organiser, _("Buka pendaftaran peserta")),
        Move(
            "close_call", S.CALL_OPEN, S.CALL_CLOSED, is_organiser, _("Tutup pendaftaran peserta")
        ),
        Move("start", (S.PUBLISHED, S.CALL_CLOSED), S.RUNNING, is_organiser, _("Mulai acara")),
        Move("finish", S.RUNNING, S.REPORTING, is_organiser, _("Acara usai, mulai pelaporan")),
        Move("close", S.REPORTING, S.CLOSED, is_organiser, _("Tutup laporan")),
        Move(
            "postpone",
            BEFORE_RUNNING,
            S.POSTPONED,
            is_organiser,
            _("Tunda"),
            needs_reason=True,
            style="secondary",
        ),
        Move("resume", S.POSTPONED, S.PUBLISHED, is_organiser, _("Jadwalkan kembali")),
        Move(
            "cancel",
            (S.DRAFT, *BEFORE_RUNNING, S.POSTPONED),
            S.CANCELLED,
            is_organiser,
            _("Batalkan acara"),
            needs_reason=True,
            style="secondary",
        ),
    ],
)

APPLICATION = Lifecycle(
    name="event_application",
    moves=[
        Move(
            "accept",
            (A.SUBMITTED, A.WAITLISTED),
            A.ACCEPTED,
            _organiser_of_application,
            _("Terima"),
        ),
        Move(
            "waitlist",
            A.SUBMITTED,
            A.WAITLISTED,
            _organiser_of_application,
            _("Daftar tunggu"),
            style="secondary",
        ),
        Move(
            "reject",
            (A.SUBMITTED, A.WAITLISTED),
            A.REJECTED,
            _organiser_of_application,
            _("Tolak"),
            needs_reason=True,
            style="secondary",
        ),
        Move("confirm", A.ACCEPTED, A.CONFIRMED, is_holder, _("Konfirmasi kehadiran")),
        Move(
            "withdraw",
            (A.SUBMITTED, A.WAITLISTED, A.ACCEPTED, A.CONFIRMED),
            A.WITHDRAWN,
            is_holder,
            _("Batalkan keikutsertaan"),
            style="secondary",
        ),
    ],
)
