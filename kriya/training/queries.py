"""Named reads of training, used by the pages and the API alike. Each runs a fixed
number of queries whatever the number of batches or people."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from kriya.showcase.competency import CompetencyCertificate
from kriya.verify.models import DocumentStatus, IssuedDocument

from .models import (
    SEAT_STATES,
    Attendance,
    Batch,
    BatchStatus,
    CertificationReferral,
    CompetencyUnit,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    Session,
    TurnoverChange,
    UnitAssessment,
    UnitResult,
)
from .register import CERTIFICATE


def with_seats(qs):
    """Annotate `seats_taken`, `waiting` and `seats_left` on batches."""
    return qs.annotate(
        seats_taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATES)),
        waiting=Count(
            "enrolments",
            filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED),
        ),
    ).annotate(seats_left=F("capacity") - F("seats_taken"))


def upcoming_batches(*, today=None):
    """Batches open for enrolment that have not ended, soonest first, with their seats."""
    today = today or timezone.localdate()
    return with_seats(
        Batch.objects.upcoming_open(today).select_related(
            "programme__organiser", "village", "destination"
        )
    ).order_by("starts_on", "id")


def programme_batches(programme):
    return with_seats(
        programme.batches.exclude(status=BatchStatus.DRAFT).select_related("village", "destination")
    ).order_by("-starts_on", "id")


def programme_sessions(programme):
    return programme.sessions.prefetch_related(
        Prefetch("outcomes__units", queryset=CompetencyUnit.objects.order_by("code"))
    )


def programme_unit_ids(programme) -> set[int]:
    return set(
        CompetencyUnit.objects.filter(outcomes__session__programme=programme)
        .values_list("pk", flat=True)
        .distinct()
    )


def programme_units(programme):
    return CompetencyUnit.objects.filter(outcomes__session__programme=programme).distinct()


def roster(batch):
    """The people holding a seat (enrolled, offered, completed), by name."""
    return (
        Enrolment.objects.filter(batch=batch, status__in=SEAT_STATES)
        .select_related("participant")
        .order_by("participant__full_name", "id")
    )


def waiting_list(batch):
    return (
        Enrolment.objects.filter(
            batch=batch, status__in=(EnrolmentStatus.WAITLISTED, EnrolmentStatus.OFFERED)
        )
        .select_related("participant")
        .order_by(F("queued_at").asc(nulls_last=True), "id")
    )


def attendance_rates(batch) -> dict[int, int]:
    """Per enrolment id: the share of the programme's lesson hours attended, in %
    (two queries)."""
    total = (
        Session.objects.filter(programme_id=batch.programme_id).aggregate(h=Sum("hours"))["h"] or 0
    )
    if not total:
        return {}
    rows = (
        Attendance.objects.filter(enrolment__batch=batch)
        .values("enrolment_id")
        .annotate(hours=Sum("session__hours"))
    )
    return {row["enrolment_id"]: round(100 * row["hours"] / total) for row in rows}


def attendance_by_session(batch) -> dict[int, int]:
    """Per session id: how many people were present (one query)."""
    rows = (
        Attendance.objects.filter(enrolment__batch=batch)
        .values("session_id")
        .annotate(n=Count("pk"))
    )
    return {row["session_id"]: row["n"] for row in rows}


def present_ids(batch, session) -> set[int]:
    return set(
        Attendance.objects.filter(enrolment__batch=batch, session=session).values_list(
            "enrolment_id", flat=True
        )
    )


def competent_units(batch) -> dict[int, set[int]]:
    """Per enrolment id: the ids of units assessed competent (one query)."""
    found: dict[int, set[int]] = {}
    for enrolment_id, unit_id in UnitAssessment.objects.filter(
        enrolment__batch=batch, judgement=UnitResult.COMPETENT
    ).values_list("enrolment_id", "unit_id"):
        found.setdefault(enrolment_id, set()).add(unit_id)
    return found


def assessments_by_enrolment(batch) -> dict[tuple[int, int], UnitAssessment]:
    return {
        (a.enrolment_id, a.unit_id): a
        for a in UnitAssessment.objects.filter(enrolment__batch=batch)
    }


def my_enrolments(participant):
    if participant is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(participant=participant)
        .select_related("batch__programme", "batch__village", "batch__destination")
        .order_by("-batch__starts_on", "-id")
    )


def batch_summary(batch) -> dict:
    """Counts per enrolment state and the batch's knowledge gain (one query)."""
    row = Enrolment.objects.filter(batch=batch).aggregate(
        enrolled=Count("pk", filter=Q(status__in=SEAT_STATES)),
        waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
        offered=Count("pk", filter=Q(status=EnrolmentStatus.OFFERED)),
        completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
        pre=Sum("pre_test", filter=Q(pre_test__isnull=False, post_test__isnull=False)),
        post=Sum("post_test", filter=Q(pre_test__isnull=False, post_test__isnull=False)),
        scored=Count("pk", filter=Q(pre_test__isnull=False, post_test__isnull=False)),
    )
    scored = row.pop("scored")
    pre, post = row.pop("pre"), row.pop("post")
    row["gain"] = round((post - pre) / scored, 1) if scored else None
    return row


FUNNEL_STEPS = (
    "enrolled",
    "attended",
    "completed",
    "competent",
    "certification_requested",
    "answered",
    "positive",
)


def funnel(programme) -> dict:
    """Enrolment → attendance → completion → competency → certification requested →
    outcomes (answered a follow-up; a positive outcome: produces, sells, employs or
    turnover up in any answered round) for the programme, per batch and per year, each
    broken down by gender and age group (youth: under 30 on the batch's first day). Six
    queries whatever the number of batches and people.

    Returns {"batches": [(batch, counts)], "years": [(year, counts)], "total": counts},
    where counts = {step: {"all", "female", "male", "youth"}}."""
    from .models import YOUTH_AGE

    batches = list(
        programme.batches.exclude(status__in=(BatchStatus.DRAFT, BatchStatus.CANCELLED)).order_by(
            "starts_on", "id"
        )
    )
    by_id = {b.pk: b for b in batches}
    units = programme_unit_ids(programme)
    rows = list(
        Enrolment.objects.filter(batch_id__in=list(by_id), status__in=SEAT_STATES).values_list(
            "pk", "batch_id", "status", "participant__gender", "participant__birth_date"
        )
    )
    attended = set(
        Attendance.objects.filter(enrolment__batch_id__in=list(by_id))
        .values_list("enrolment_id", flat=True)
        .distinct()
    )
    competent: dict[int, set[int]] = {}
    for enrolment_id, unit_id in UnitAssessment.objects.filter(
        enrolment__batch_id__in=list(by_id), judgement=UnitResult.COMPETENT
    ).values_list("enrolment_id", "unit_id"):
        competent.setdefault(enrolment_id, set()).add(unit_id)
    referred = set(
        CertificationReferral.objects.filter(enrolment__batch_id__in=list(by_id)).values_list(
            "enrolment_id", flat=True
        )
    )

    answered: set[int] = set()
    positive: set[int] = set()
    for enrolment_id, produces, sells, employs, turnover in FollowUp.objects.filter(
        enrolment__batch_id__in=list(by_id), answered_at__isnull=False
    ).values_list("enrolment_id", "produces", "sells", "employs", "turnover"):
        answered.add(enrolment_id)
        if produces or sells or employs or turnover == TurnoverChange.UP:
            positive.add(enrolment_id)

    def empty():
        return {step: {"all": 0, "female": 0, "male": 0, "youth": 0} for step in FUNNEL_STEPS}

    per_batch = {b.pk: empty() for b in batches}
    per_year: dict[int, dict] = {}
    total = empty()
    for pk, batch_id, status, gender, born in rows:
        start = by_id[batch_id].starts_on
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        steps = ["enrolled"]
        if pk in attended:
            steps.append("attended")
        if status == EnrolmentStatus.COMPLETED:
            steps.append("completed")
            if not units or units <= competent.get(pk, set()):
                steps.append("competent")
        if pk in referred:
            steps.append("certification_requested")
        if pk in answered:
            steps.append("answered")
            if pk in positive:
                steps.append("positive")
        year = per_year.setdefault(start.year, empty())
        for counts in (per_batch[batch_id], year, total):
            for step in steps:
                counts[step]["all"] += 1
                counts[step][gender] += 1
                if age < YOUTH_AGE:
                    counts[step]["youth"] += 1
    return {
        "batches": [(b, per_batch[b.pk]) for b in batches],
        "years": sorted(per_year.items()),
        "total": total,
    }


def live_certificates_of_business(business_id: int, today):
    """The live training certificates of the people who work in a business (their
    participant record names it), newest first, for the showcase's compliance passport
    (kriya.showcase.competency): one query. Live: active in kriya.verify's register and
    not expired. The holder's name is the one the certificate itself carries and the
    public verification page shows; nothing else about the person is read."""
    documents = IssuedDocument.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today),
        doc_type=CERTIFICATE,
        number=OuterRef("certificate_number"),
        status=DocumentStatus.ACTIVE,
    )
    rows = (
        Enrolment.objects.filter(participant__business_id=business_id)
        .exclude(certificate_number="")
        .annotate(
            holder_name=Subquery(documents.values("holder_name")[:1]),
            issued_on=Subquery(documents.values("issued_on")[:1]),
        )
        .filter(holder_name__isnull=False)
        .select_related("batch__programme")
        .only(
            "certificate_number",
            "batch__programme__title_id",
            "batch__programme__title_en",
        )
        .order_by("-issued_on", "-certificate_number")
    )
    return [
        CompetencyCertificate(
            programme=row.batch.programme.title,
            number=row.certificate_number,
            holder_name=row.holder_name,
            issued_on=row.issued_on,
            verify_url=reverse(
                "verify:document",
                kwargs={"doc_type": CERTIFICATE, "number": row.certificate_number},
            ),
        )
        for row in rows
    ]
