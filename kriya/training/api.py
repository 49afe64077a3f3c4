"""Training in the API, with the pages' access rules (`access.py`) and services:

- public: upcoming batches with their seats, a programme with its curriculum, a batch;
- a signed-in person: enrol themselves (their participant data saved on the page first),
  their enrolments, accept/decline an offered seat or cancel;
- a batch's staff (organisers, trainers, assessor): the roster with attendance rates,
  the waiting list, the batch's moves, attendance and scores. Anyone else: 404.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Amount, Count, Id, Int32, SmallCount, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.registry.models import Sector

from . import queries, services
from .access import get_batch_for, get_enrolment_for, get_public_batch, get_public_programme
from .access import participant_of as participant_for
from .models import (
    BatchStatus,
    BusinessRule,
    Channel,
    EnrolmentStatus,
    FeeKind,
    Gender,
    ServiceKind,
    Session,
    Technique,
    VenueKind,
)
from .workflow import BATCH

router = Router(tags=["training"])
Score = SmallCount


class TrainingUnitOut(Schema):
    code: str
    title: str
    verified: bool


class TrainingOutcomeOut(Schema):
    text: str
    units: list[TrainingUnitOut]


class TrainingSessionOut(Schema):
    id: Id
    position: SmallCount
    title: str
    hours: SmallCount
    is_practical: bool
    outcomes: list[TrainingOutcomeOut]


class TrainingProgrammeOut(Schema):
    slug: str
    title: str
    description: str
    organiser: str
    service_kind: one_of(ServiceKind.values)  # type: ignore[valid-type]
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    technique: one_of(Technique.values)  # type: ignore[valid-type]
    leads_to_competency_certificate: bool
    region_code: str | None
    min_age: SmallCount | None
    max_age: SmallCount | None
    business_rule: one_of(BusinessRule.values)  # type: ignore[valid-type]
    students_only: bool
    school: str
    min_attendance_pct: SmallCount
    min_post_test: SmallCount
    all_units_competent: bool
    fee_kind: one_of(FeeKind.values)  # type: ignore[valid-type]
    fee_amount: Amount | None
    sessions: list[TrainingSessionOut]


class TrainingBatchOut(Schema):
    id: Id
    programme_slug: str
    programme_title: str
    number: SmallCount
    starts_on: date
    ends_on: date
    venue_kind: one_of(VenueKind.values)  # type: ignore[valid-type]
    venue: str
    capacity: SmallCount
    seats_left: Int32
    waiting: Count
    status: one_of(BatchStatus.values)  # type: ignore[valid-type]


class TrainingEnrolmentOut(Schema):
    id: Id
    batch_id: Id
    programme_title: str
    status: one_of(EnrolmentStatus.values)  # type: ignore[valid-type]
    channel: one_of(Channel.values)  # type: ignore[valid-type]
    offer_expires_at: datetime | None
    pre_test: Score | None
    post_test: Score | None
    pass_number: str
    certificate_number: str


class TrainingRosterRow(Schema):
    enrolment_id: Id
    full_name: str
    gender: one_of(Gender.values)  # type: ignore[valid-type]
    age: Count
    status: one_of(EnrolmentStatus.values)  # type: ignore[valid-type]
    attendance_pct: Count
    pre_test: Score | None
    post_test: Score | None


class TrainingRosterOut(Schema):
    batch: TrainingBatchOut
    roster: list[TrainingRosterRow]
    waiting_list: list[TrainingRosterRow]


class TrainingEnrolmentActionIn(Schema):
    action: one_of(["accept", "decline", "cancel"])  # type: ignore[valid-type]


class TrainingBatchActionIn(Schema):
    action: actions_of(BATCH)  # type: ignore[valid-type]
    reason: str = Field("", max_length=2000)


class TrainingAttendanceIn(Schema):
    session_id: Id
    enrolment_ids: list[Id] = Field(..., max_length=2000)


class TrainingAttendanceOut(Schema):
    added: Count


class TrainingScoreIn(Schema):
    enrolment_id: Id
    pre_test: Score | None = Field(None, le=100)
    post_test: Score | None = Field(None, le=100)


class TrainingScoresIn(Schema):
    scores: list[TrainingScoreIn] = Field(..., max_length=2000)


def _moved(call):
    """Run a service; a move that no longer exists from the current status is a 409."""
    try:
        return call()
    except InvalidTransition as exc:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from exc


def _batch_out(b, *, seats_left=None, waiting=None) -> dict:
    return {
        "id": b.pk,
        "programme_slug": b.programme.slug,
        "programme_title": b.programme.title,
        "number": b.number,
        "starts_on": b.starts_on,
        "ends_on": b.ends_on,
        "venue_kind": b.venue_kind,
        "venue": b.venue,
        "capacity": b.capacity,
        "seats_left": b.seats_left if seats_left is None else seats_left,
        "waiting": b.waiting if waiting is None else waiting,
        "status": b.status,
    }


def _seated(batch):
    return queries.with_seats(type(batch).objects.filter(pk=batch.pk)).get()


def _enrolment_out(e) -> dict:
    return {
        "id": e.pk,
        "batch_id": e.batch_id,
        "programme_title": e.batch.programme.title,
        "status": e.status,
        "channel": e.channel,
        "offer_expires_at": e.offer_expires_at,
        "pre_test": e.pre_test,
        "post_test": e.post_test,
        "pass_number": e.pass_number,
        "certificate_number": e.certificate_number,
    }


def _row(e, rates) -> dict:
    p = e.participant
    return {
        "enrolment_id": e.pk,
        "full_name": p.full_name,
        "gender": p.gender,
        "age": p.age,
        "status": e.status,
        "attendance_pct": rates.get(e.pk, 0),
        "pre_test": e.pre_test,
        "post_test": e.post_test,
    }


@router.get(
    "/training/batches",
    response=list[TrainingBatchOut],
    auth=None,
    summary="Upcoming batches open for enrolment, with their seats",
    operation_id="kriya_api_training_batches",
)
def batches(request):
    return [_batch_out(b) for b in queries.upcoming_batches()[:500]]


@router.get(
    "/training/programmes/{slug}",
    response=TrainingProgrammeOut,
    auth=None,
    summary="A programme with its curriculum and rules",
    operation_id="kriya_api_training_programme",
)
def programme(request, slug: str):
    p = get_public_programme(slug)
    return {
        "slug": p.slug,
        "title": p.title,
        "description": p.description,
        "organiser": p.organiser.name,
        "service_kind": p.service_kind,
        "sector": p.sector,
        "technique": p.technique,
        "leads_to_competency_certificate": p.leads_to_competency_certificate,
        "region_code": p.region_id,
        "min_age": p.min_age,
        "max_age": p.max_age,
        "business_rule": p.business_rule,
        "students_only": p.students_only,
        "school": p.school,
        "min_attendance_pct": p.min_attendance_pct,
        "min_post_test": p.min_post_test,
        "all_units_competent": p.all_units_competent,
        "fee_kind": p.fee_kind,
        "fee_amount": p.fee_amount,
        "sessions": [
            {
                "id": s.pk,
                "position": s.position,
                "title": s.title,
                "hours": s.hours,
                "is_practical": s.is_practical,
                "outcomes": [
                    {
                        "text": o.text,
                        "units": [
                            {"code": u.code, "title": u.title, "verified": u.verified}
                            for u in o.units.all()
                        ],
                    }
                    for o in s.outcomes.all()
                ],
            }
            for s in queries.programme_sessions(p)
        ],
    }


@router.get(
    "/training/batches/{batch_id}",
    response=TrainingBatchOut,
    auth=None,
    summary="A batch (not a draft)",
    operation_id="kriya_api_training_batch",
)
def batch(request, batch_id: Id):
    return _batch_out(_seated(get_public_batch(batch_id)))


@router.post(
    "/training/batches/{batch_id}/enrol",
    response={200: TrainingEnrolmentOut, 201: TrainingEnrolmentOut},
    auth=token_or_session,
    summary="Enrol yourself (or join the waiting list); idempotent",
    operation_id="kriya_api_training_enrol",
)
def enrol(request, batch_id: Id):
    """The participant's data is kept on the page ("Daftar"); a person without it is
    told so. A second call returns the first enrolment (200)."""
    b = get_public_batch(batch_id)
    person = participant_for(request.auth)
    if person is None:
        raise ValidationError(_("Lengkapi data peserta Anda di halaman pendaftaran lebih dulu."))
    enrolment, created = services.enrol_participant(batch=b, participant=person, by=request.auth)
    return (201 if created else 200), _enrolment_out(enrolment)


@router.get(
    "/training/enrolments",
    response=list[TrainingEnrolmentOut],
    auth=token_or_session,
    summary="My enrolments",
    operation_id="kriya_api_training_my_enrolments",
)
def my_enrolments(request):
    return [_enrolment_out(e) for e in queries.my_enrolments(participant_for(request.auth))]


@router.post(
    "/training/enrolments/{enrolment_id}/actions",
    response=TrainingEnrolmentOut,
    auth=token_or_session,
    summary="Accept or decline an offered seat, or cancel",
    operation_id="kriya_api_training_enrolment_action",
)
@answers(409)
def enrolment_action(request, enrolment_id: Id, payload: TrainingEnrolmentActionIn):
    e = get_enrolment_for(request.auth, enrolment_id)
    service = {
        "accept": services.accept_offer,
        "decline": services.decline_offer,
        "cancel": services.cancel_enrolment,
    }[payload.action]
    _moved(lambda: service(enrolment=e, by=request.auth))
    e.refresh_from_db()
    return _enrolment_out(e)


@router.get(
    "/training/manage/batches/{batch_id}",
    response=TrainingRosterOut,
    auth=token_or_session,
    summary="A batch's roster and waiting list (its organisers, trainers, assessor)",
    operation_id="kriya_api_training_roster",
)
def roster(request, batch_id: Id):
    b = get_batch_for(request.auth, batch_id)
    rates = queries.attendance_rates(b)
    return {
        "batch": _batch_out(_seated(b)),
        "roster": [_row(e, rates) for e in queries.roster(b)],
        "waiting_list": [_row(e, rates) for e in queries.waiting_list(b)],
    }


@router.post(
    "/training/manage/batches/{batch_id}/actions",
    response=TrainingBatchOut,
    auth=token_or_session,
    summary="Move a batch: open, start, assess, complete, cancel (with a reason)",
    operation_id="kriya_api_training_batch_action",
)
@answers(409)
def batch_action(request, batch_id: Id, payload: TrainingBatchActionIn):
    b = get_batch_for(request.auth, batch_id)
    _moved(
        lambda: services.transition_batch(
            batch=b, action=payload.action, by=request.auth, reason=payload.reason
        )
    )
    return _batch_out(_seated(b))


@router.post(
    "/training/manage/batches/{batch_id}/attendance",
    response=TrainingAttendanceOut,
    auth=token_or_session,
    summary="Mark people present at a session (once each)",
    operation_id="kriya_api_training_attendance",
)
def attendance(request, batch_id: Id, payload: TrainingAttendanceIn):
    b = get_batch_for(request.auth, batch_id)
    session = Session.objects.filter(pk=payload.session_id, programme_id=b.programme_id).first()
    if session is None:
        raise Http404
    added = services.record_attendance(
        batch=b, session=session, enrolment_ids=payload.enrolment_ids, by=request.auth
    )
    return {"added": added}


@router.post(
    "/training/manage/batches/{batch_id}/scores",
    response=TrainingRosterOut,
    auth=token_or_session,
    summary="Pre- and post-test scores (0–100)",
    operation_id="kriya_api_training_scores",
)
def scores(request, batch_id: Id, payload: TrainingScoresIn):
    b = get_batch_for(request.auth, batch_id)
    services.record_scores(
        batch=b,
        scores={s.enrolment_id: (s.pre_test, s.post_test) for s in payload.scores},
        by=request.auth,
    )
    return roster(request, batch_id)
