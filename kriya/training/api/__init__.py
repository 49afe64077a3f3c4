"""Training in the API, with the pages' access rules (`access.py`) and services
(the certificate runs and the spreadsheet enrolment of a batch are in
`certificate_runs.py` and `name_lists.py` beside this module, mounted on `router` below):

- public: upcoming batches with their seats, a programme with its curriculum, a batch;
- a signed-in person: enrol themselves (their participant data saved on the page first),
  their enrolments, accept/decline an offered seat or cancel;
- a batch's staff (organisers, trainers, assessor): the roster with attendance rates,
  the waiting list, the batch's moves, attendance and scores. Anyone else: 404.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Amount, Count, Id, Int32, SmallCount, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.desk.access import get_request_for
from kriya.desk.models import Status as RequestStatus
from kriya.regions.models import Region
from kriya.registry.models import Sector

from .. import certification_link, desk_link, editing, outcomes, queries, services
from ..access import (
    get_batch_for,
    get_enrolment_for,
    get_programme_for,
    get_public_batch,
    get_public_programme,
    may_manage_programmes,
)
from ..access import participant_of as participant_for
from ..forms import BatchForm, FollowUpForm, OutcomeFormSet, ProgrammeForm, SessionFormSet
from ..models import (
    Batch,
    BatchRequest,
    BatchStatus,
    BusinessRule,
    CertificationReferral,
    Channel,
    CompetencyUnit,
    Enrolment,
    EnrolmentStatus,
    FeeKind,
    FollowUp,
    FollowUpRound,
    Gender,
    LearningOutcome,
    Programme,
    ServiceKind,
    Session,
    Technique,
    TurnoverBand,
    TurnoverChange,
    VenueKind,
)
from ..workflow import BATCH, is_organiser

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


# --- the newer pages: in-house requests, referrals, editing, follow-ups, certificate run


class TrainingInHouseDetailsOut(Schema):
    programme_slug: str | None
    starts_on: date
    ends_on: date
    venue_kind: one_of(VenueKind.values)  # type: ignore[valid-type]
    village_code: str | None
    venue_detail: str
    capacity: SmallCount


class TrainingInHouseOut(Schema):
    request_id: Id
    service_code: str
    # The applicant: a business, or the regency unit that filed in its own name.
    business: str | None
    organisation: str | None
    status: one_of(RequestStatus.values)  # type: ignore[valid-type]
    details: TrainingInHouseDetailsOut | None
    batch_id: Id | None


def _details_out(d) -> dict | None:
    if d is None:
        return None
    return {
        "programme_slug": d.programme.slug if d.programme_id else None,
        "starts_on": d.starts_on,
        "ends_on": d.ends_on,
        "venue_kind": d.venue_kind,
        "village_code": d.village_id,
        "venue_detail": d.venue_detail,
        "capacity": d.capacity,
    }


def _in_house_out(req, details, batch) -> dict:
    return {
        "request_id": req.pk,
        "service_code": req.service.code,
        "business": req.business.name if req.business_id else None,
        "organisation": req.organisation.name if req.organisation_id else None,
        "status": req.status,
        "details": _details_out(details),
        "batch_id": batch.pk if batch is not None else None,
    }


@router.get(
    "/training/in-house-requests",
    response=list[TrainingInHouseOut],
    auth=token_or_session,
    summary="In-house batch requests the caller may see on the service desk",
    operation_id="kriya_api_training_in_house_requests",
)
def in_house_requests(request):
    rows = desk_link.in_house_requests_for(request.auth).order_by("-created_at")[:200]
    out = []
    for req in rows:
        details = getattr(req, "training_details", None)
        batch = getattr(req, "training_batch", None)
        out.append(_in_house_out(req, details, batch))
    return out


@router.get(
    "/training/in-house-requests/{request_id}",
    response=TrainingInHouseOut,
    auth=token_or_session,
    summary="One in-house batch request: what the batch should be, and the batch once made",
    operation_id="kriya_api_training_in_house_request",
)
def in_house_request(request, request_id: Id):
    req = get_request_for(request.auth, request_id)
    if not desk_link.is_in_house(req):
        raise Http404
    details = BatchRequest.objects.select_related("programme").filter(service_request=req).first()
    return _in_house_out(req, details, Batch.objects.filter(service_request=req).first())


class TrainingReferralOut(Schema):
    id: Id
    enrolment_id: Id
    units: list[TrainingUnitOut]
    service_request_id: Id | None
    created_at: datetime


def _referral_out(r) -> dict:
    return {
        "id": r.pk,
        "enrolment_id": r.enrolment_id,
        "units": [
            {"code": u["code"], "title": u["title"], "verified": bool(u.get("verified"))}
            for u in r.units
        ],
        "service_request_id": r.service_request_id,
        "created_at": r.created_at,
    }


def _referable(user, enrolment_id) -> Enrolment:
    """The page's rule (`certification_link.may_refer`): the batch's organisers and
    assessor, the owner of the person's business; 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related("participant__business", "batch__programme__organiser")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None or not certification_link.may_refer(user, enrolment):
        raise Http404
    return enrolment


@router.get(
    "/training/enrolments/{enrolment_id}/referral",
    response=TrainingReferralOut,
    auth=token_or_session,
    summary="The competency certification referral of an enrolment (404 when none)",
    operation_id="kriya_api_training_referral",
)
def referral(request, enrolment_id: Id):
    enrolment = _referable(request.auth, enrolment_id)
    found = CertificationReferral.objects.filter(enrolment=enrolment).first()
    if found is None:
        raise Http404
    return _referral_out(found)


@router.post(
    "/training/enrolments/{enrolment_id}/referral",
    response={200: TrainingReferralOut, 201: TrainingReferralOut},
    auth=token_or_session,
    summary="Start the competency certification of a competent person; idempotent",
    operation_id="kriya_api_training_refer",
)
def refer(request, enrolment_id: Id):
    """A desk request (a draft) is made at once when the caller may file for the
    person's business; otherwise the referral waits for its owner (422 names what is
    missing: competency, the programme's kind, a business). The owner (or a consented
    facilitator) posting again files a waiting referral, as their workers' page does."""
    enrolment = _referable(request.auth, enrolment_id)
    found, created = certification_link.request_competency_certification(
        enrolment=enrolment, by=request.auth
    )
    if found.service_request_id is None and certification_link.may_file(request.auth, enrolment):
        found = certification_link.file_referral(referral=found, by=request.auth)
    return (201 if created else 200), _referral_out(found)


# --- editing programmes and batches (the forms' validation; their field names)


class TrainingSessionIn(Schema):
    position: SmallCount = Field(..., ge=1)
    title_id: str = Field(..., max_length=200)
    title_en: str = Field("", max_length=200)
    hours: SmallCount = Field(..., ge=1)
    is_practical: bool = False


class TrainingOutcomeIn(Schema):
    session_position: SmallCount = Field(..., ge=1)
    text_id: str = Field(..., max_length=2000)
    text_en: str = Field("", max_length=2000)
    unit_codes: list[str] = Field([], max_length=100)


class TrainingProgrammeIn(Schema):
    title_id: str = Field(..., max_length=200)
    title_en: str = Field("", max_length=200)
    description_id: str = Field("", max_length=10000)
    description_en: str = Field("", max_length=10000)
    organiser_id: Id
    service_kind: one_of(ServiceKind.values)  # type: ignore[valid-type]
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    technique: one_of(Technique.values)  # type: ignore[valid-type]
    leads_to_competency_certificate: bool = False
    region_code: str | None = Field(None, max_length=20)
    min_age: SmallCount | None = None
    max_age: SmallCount | None = None
    business_rule: one_of(BusinessRule.values)  # type: ignore[valid-type]
    students_only: bool = False
    school: str = Field("", max_length=200)
    min_attendance_pct: SmallCount = 0
    min_post_test: SmallCount = 0
    all_units_competent: bool = False
    fee_kind: one_of(FeeKind.values)  # type: ignore[valid-type]
    fee_amount: Amount | None = None
    sponsor: str = Field("", max_length=200)
    is_published: bool = False
    sessions: list[TrainingSessionIn] | None = Field(
        None, max_length=200, description="Required on create; omitted: the curriculum is kept"
    )
    outcomes: list[TrainingOutcomeIn] | None = Field(
        None, max_length=500, description="Omitted: the learning outcomes are kept"
    )


class TrainingProgrammeSavedOut(Schema):
    id: Id
    slug: str
    title: str
    is_published: bool
    sessions: Count


def _field_errors(form, prefix: str = "") -> dict:
    errors = {}
    for field, messages in form.errors.items():
        name = field if field != "__all__" else ""
        key = f"{prefix}{name}" if name else prefix.rstrip(".")
        errors.setdefault(key, []).extend(messages)
    return errors


def _programme_data(payload: TrainingProgrammeIn) -> dict:
    data = payload.dict(exclude={"sessions", "outcomes", "organiser_id", "region_code"})
    data["organiser"] = payload.organiser_id
    data["region"] = payload.region_code or ""
    return {k: ("" if v is None else v) for k, v in data.items()}


def _session_data(programme, sessions) -> dict:
    """The session formset's POST data: sessions matched by position (kept, changed,
    added; those whose position is not listed are deleted — refused when attended)."""
    existing = list(programme.sessions.order_by("position")) if programme.pk else []
    if sessions is None:
        sessions = [
            TrainingSessionIn(
                position=s.position,
                title_id=s.title_id,
                title_en=s.title_en,
                hours=s.hours,
                is_practical=s.is_practical,
            )
            for s in existing
        ]
    pending = list(sessions)
    data, n = {}, 0
    for s in existing:
        given = next((g for g in pending if g.position == s.position), None)
        if given is not None:
            pending.remove(given)
        data[f"sesi-{n}-id"] = s.pk
        data[f"sesi-{n}-programme"] = programme.pk
        if given is None:
            data.update({f"sesi-{n}-{k}": getattr(s, k) for k in ("position", "title_id")})
            data[f"sesi-{n}-hours"] = s.hours
            data[f"sesi-{n}-DELETE"] = "on"
        else:
            data.update({f"sesi-{n}-{k}": v for k, v in given.dict().items()})
        n += 1
    initial = n
    for given in pending:
        data.update({f"sesi-{n}-{k}": v for k, v in given.dict().items()})
        n += 1
    data.update({"sesi-TOTAL_FORMS": n, "sesi-INITIAL_FORMS": initial})
    return {k: v for k, v in data.items() if v is not False}


def _outcome_data(outcomes_qs, outcomes) -> dict:
    """The outcome formset's POST data: kept as they are when omitted, else replaced."""
    existing = list(outcomes_qs)
    data, n = {}, 0
    for o in existing:
        data[f"capaian-{n}-id"] = o.pk
        data[f"capaian-{n}-session_position"] = o.session.position
        data[f"capaian-{n}-text_id"] = o.text_id
        data[f"capaian-{n}-text_en"] = o.text_en
        data[f"capaian-{n}-units"] = [u.pk for u in o.units.all()]
        if outcomes is not None:
            data[f"capaian-{n}-DELETE"] = "on"
        n += 1
    initial = n
    codes = {c for o in outcomes or [] for c in o.unit_codes}
    units = dict(CompetencyUnit.objects.filter(code__in=codes).values_list("code", "pk"))
    for o in outcomes or []:
        data[f"capaian-{n}-session_position"] = o.session_position
        data[f"capaian-{n}-text_id"] = o.text_id
        data[f"capaian-{n}-text_en"] = o.text_en
        data[f"capaian-{n}-units"] = [units.get(c, c) for c in o.unit_codes]
        n += 1
    data.update({"capaian-TOTAL_FORMS": n, "capaian-INITIAL_FORMS": initial})
    return data


def _save_programme(request, programme, payload: TrainingProgrammeIn):
    if programme.pk is None and not payload.sessions:
        raise ValidationError({"sessions": _("Program perlu paling sedikit satu sesi.")})
    outcomes_qs = (
        LearningOutcome.objects.filter(session__programme=programme)
        .select_related("session")
        .prefetch_related("units")
        if programme.pk
        else LearningOutcome.objects.none()
    )
    form = ProgrammeForm(_programme_data(payload), instance=programme, user=request.auth)
    sessions = SessionFormSet(
        _session_data(programme, payload.sessions), instance=programme, prefix="sesi"
    )
    positions = sessions.positions if sessions.is_valid() else None
    outcomes = OutcomeFormSet(
        _outcome_data(outcomes_qs, payload.outcomes),
        queryset=outcomes_qs,
        prefix="capaian",
        positions=positions,
    )
    valid = form.is_valid() and sessions.is_valid()
    valid = outcomes.is_valid() and valid
    if not valid:
        errors = _field_errors(form)
        for i, f in enumerate(sessions.forms):
            errors.update(_field_errors(f, f"sessions.{i}."))
        if sessions.non_form_errors():
            errors.setdefault("sessions", []).extend(sessions.non_form_errors())
        for i, f in enumerate(outcomes.forms):
            errors.update(_field_errors(f, f"outcomes.{i}."))
        raise ValidationError(_api_names(errors))
    try:
        saved = editing.save_programme(
            form=form, sessions=sessions, outcomes=outcomes, by=request.auth
        )
    except PermissionDenied:
        raise ValidationError(
            {"organiser_id": _("Anda tidak dapat menyelenggarakan atas nama ini.")}
        ) from None
    return {
        "id": saved.pk,
        "slug": saved.slug,
        "title": saved.title,
        "is_published": saved.is_published,
        "sessions": saved.sessions.count(),
    }


_API_NAMES = {"organiser": "organiser_id", "region": "region_code", "units": "unit_codes"}


def _api_names(errors: dict) -> dict:
    renamed = {}
    for key, messages in errors.items():
        head, _sep, last = key.rpartition(".")
        last = _API_NAMES.get(last, last)
        renamed[f"{head}.{last}" if head else last] = messages
    return renamed


@router.post(
    "/training/manage/programmes",
    response={201: TrainingProgrammeSavedOut},
    auth=token_or_session,
    summary="Create a programme with its curriculum (organisers, administrators)",
    operation_id="kriya_api_training_create_programme",
)
def create_programme(request, payload: TrainingProgrammeIn):
    if not may_manage_programmes(request.auth):
        raise Http404
    return 201, _save_programme(request, Programme(), payload)


@router.put(
    "/training/manage/programmes/{programme_id}",
    response=TrainingProgrammeSavedOut,
    auth=token_or_session,
    summary="Change a programme (and its curriculum when given)",
    operation_id="kriya_api_training_update_programme",
)
def update_programme(request, programme_id: Id, payload: TrainingProgrammeIn):
    if not may_manage_programmes(request.auth):
        raise Http404
    return _save_programme(request, get_programme_for(request.auth, programme_id), payload)


class TrainingBatchIn(Schema):
    starts_on: date
    ends_on: date
    venue_kind: one_of(VenueKind.values)  # type: ignore[valid-type]
    village_code: str | None = Field(None, max_length=20, description="When at a village")
    venue_detail: str = Field("", max_length=300)
    capacity: SmallCount = Field(..., ge=1)
    trainer_ids: list[Id] = Field([], max_length=50)
    assessor_id: Id | None = None
    offer_hours: SmallCount = Field(48, ge=1)


def _save_batch(request, batch, programme, payload: TrainingBatchIn):
    village = None
    if payload.village_code:
        village = Region.objects.filter(code=payload.village_code, level=4).first()
        if village is None:
            raise ValidationError({"village_code": _("Pilih desa/kelurahan yang ada.")})
    data = {
        "starts_on": payload.starts_on,
        "ends_on": payload.ends_on,
        "venue_kind": payload.venue_kind,
        "venue_detail": payload.venue_detail,
        "capacity": payload.capacity,
        "trainers": payload.trainer_ids,
        "assessor": payload.assessor_id or "",
        "offer_hours": payload.offer_hours,
    }
    form = BatchForm(data, instance=batch, programme=programme)
    if not form.is_valid():
        raise ValidationError(
            {
                {"trainers": "trainer_ids", "assessor": "assessor_id"}.get(k, k): v
                for k, v in _field_errors(form).items()
            }
        )
    saved = editing.save_batch(form=form, programme=programme, village=village, by=request.auth)
    return _batch_out(_seated(saved))


@router.post(
    "/training/manage/programmes/{programme_id}/batches",
    response={201: TrainingBatchOut},
    auth=token_or_session,
    summary="Create a batch of a programme (a draft; its organisers)",
    operation_id="kriya_api_training_create_batch",
)
def create_batch(request, programme_id: Id, payload: TrainingBatchIn):
    programme = get_programme_for(request.auth, programme_id)
    return 201, _save_batch(request, Batch(programme=programme), programme, payload)


@router.put(
    "/training/manage/batches/{batch_id}",
    response=TrainingBatchOut,
    auth=token_or_session,
    summary="Change a batch's dates, venue, capacity, trainers, assessor (never its status)",
    operation_id="kriya_api_training_update_batch",
)
def update_batch(request, batch_id: Id, payload: TrainingBatchIn):
    b = get_batch_for(request.auth, batch_id)
    if not is_organiser(request.auth, b):
        raise Http404
    return _save_batch(request, b, b.programme, payload)


# --- outcome follow-ups


class TrainingFactsOut(Schema):
    business_registered: bool
    products: Count
    requests: Count
    certificates: Count
    events: Count


class TrainingFollowUpOut(Schema):
    id: Id
    enrolment_id: Id
    batch_id: Id
    full_name: str
    round: one_of(FollowUpRound.values)  # type: ignore[valid-type]
    due_on: date
    sent_at: datetime | None
    answered_at: datetime | None
    produces: bool | None
    sells: bool | None
    employs: bool | None
    employees: Count | None
    turnover: one_of(["", *TurnoverChange.values])  # type: ignore[valid-type]
    turnover_band: one_of(["", *TurnoverBand.values])  # type: ignore[valid-type]
    facts: TrainingFactsOut


class TrainingFollowUpIn(Schema):
    produces: bool
    sells: bool
    employs: bool
    employees: Count | None = None
    turnover: one_of(TurnoverChange.values)  # type: ignore[valid-type]
    turnover_band: one_of(["", *TurnoverBand.values]) = ""  # type: ignore[valid-type]


def _follow_up_out(f, facts) -> dict:
    return {
        "id": f.pk,
        "enrolment_id": f.enrolment_id,
        "batch_id": f.enrolment.batch_id,
        "full_name": f.enrolment.participant.full_name,
        "round": f.round,
        "due_on": f.due_on,
        "sent_at": f.sent_at,
        "answered_at": f.answered_at,
        "produces": f.produces,
        "sells": f.sells,
        "employs": f.employs,
        "employees": f.employees,
        "turnover": f.turnover,
        "turnover_band": f.turnover_band,
        "facts": {
            "business_registered": facts.business_registered,
            "products": facts.products,
            "requests": facts.requests,
            "certificates": facts.certificates,
            "events": facts.events,
        },
    }


@router.get(
    "/training/follow-ups",
    response=list[TrainingFollowUpOut],
    auth=token_or_session,
    summary="Follow-ups of the batches the caller works on and of the people they recorded",
    operation_id="kriya_api_training_follow_ups",
)
def follow_ups(request, batch_id: Id | None = None):
    rows = list(outcomes.follow_ups_for(request.auth, batch_id=batch_id)[:500])
    facts = outcomes.known_facts([f.enrolment for f in rows])
    return [_follow_up_out(f, facts[f.enrolment.pk]) for f in rows]


@router.post(
    "/training/follow-ups/{follow_up_id}/answer",
    response=TrainingFollowUpOut,
    auth=token_or_session,
    summary="Answer (or correct) a follow-up on behalf of the person",
    operation_id="kriya_api_training_answer_follow_up",
)
def answer_follow_up(request, follow_up_id: Id, payload: TrainingFollowUpIn):
    found = (
        FollowUp.objects.select_related(
            "enrolment__participant__business", "enrolment__batch__programme__organiser"
        )
        .filter(pk=follow_up_id)
        .first()
    )
    if found is None or not outcomes.may_fill_in(request.auth, found):
        raise Http404
    form = FollowUpForm(
        {
            "produces": "1" if payload.produces else "0",
            "sells": "1" if payload.sells else "0",
            "employs": "1" if payload.employs else "0",
            "employees": "" if payload.employees is None else payload.employees,
            "turnover": payload.turnover,
            "turnover_band": payload.turnover_band,
        }
    )
    if not form.is_valid():
        raise ValidationError(_field_errors(form))
    saved = outcomes.answer(follow_up=found, data=form.cleaned_data, by=request.auth)
    saved.enrolment = found.enrolment
    return _follow_up_out(saved, outcomes.known_facts([found.enrolment])[found.enrolment.pk])


# Subjects kept in modules of their own, mounted on the same router (their operation
# ids are the recorded ones: kriya/api/tests/openapi_operations.json).
from . import certificate_runs as _certificate_runs  # noqa: E402
from . import name_lists as _name_lists  # noqa: E402

router.add_router("", _certificate_runs.router)
router.add_router("", _name_lists.router)
