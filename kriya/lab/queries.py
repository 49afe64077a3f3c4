"""Named reads used by the lab's pages and the API."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from .models import (
    Analysis,
    AnalysisStatus,
    Calibration,
    Instrument,
    Parameter,
    Result,
    Sample,
    Specification,
    StandardVersion,
    TestReport,
    Verification,
)
from .verdicts import Verdict

EXPIRY_WARNING_DAYS = 30


def instrument_overview(today: date) -> dict:
    """Expired calibrations, those expiring in the next 30 days, and every instrument."""
    return {
        "expired": list(Instrument.objects.expired(today)),
        "expiring": list(Instrument.objects.expiring_within(EXPIRY_WARNING_DAYS, today)),
        "instruments": list(Instrument.objects.with_calibration().order_by("code")),
        "warning_days": EXPIRY_WARNING_DAYS,
    }


def instrument_history(instrument: Instrument) -> list[Calibration]:
    return list(instrument.calibrations.select_related("recorded_by").order_by("-valid_until"))


def specification_table() -> list[StandardVersion]:
    """Editions that have limits, each with its specifications (parameter and method)."""
    specs = Specification.objects.select_related("parameter", "parameter__method").order_by(
        "parameter__position", "parameter__name"
    )
    return list(
        StandardVersion.objects.filter(specifications__isnull=False)
        .distinct()
        .select_related("standard")
        .prefetch_related(Prefetch("specifications", queryset=specs))
        .order_by("standard__code", "-version")
    )


def parameters_with_methods():
    return (
        Parameter.objects.filter(is_active=True)
        .select_related("method")
        .order_by("method__name", "position")
    )


# --- Work ---------------------------------------------------------------------------

ANALYSIS_ROW = (
    "sample",
    "sample__request",
    "parameter",
    "parameter__method",
    "analyst",
    "current_result",
    "current_result__entered_by",
)


def rows(analyses) -> list[Analysis]:
    """Evaluate a list of analyses and hand each current result its analysis, so that
    showing a value on its scale costs no query per row."""
    found = list(analyses)
    for analysis in found:
        if analysis.current_result is not None:
            analysis.current_result.analysis = analysis
    return found


def worklist(user):
    """The analyses assigned to `user` that wait for a result, soonest due first."""
    return (
        Analysis.objects.assigned_to(user)
        .select_related(*ANALYSIS_ROW)
        .order_by("due_date", "sample__code", "parameter__position")
    )


def unassigned():
    return (
        Analysis.objects.filter(status=AnalysisStatus.UNASSIGNED)
        .select_related(*ANALYSIS_ROW)
        .order_by("due_date", "sample__code", "parameter__position")
    )


def verification_queue(user):
    """Results waiting for verification that `user` may verify: not entered by them
    and not yet verified by them (four eyes)."""
    mine = Verification.objects.filter(result=OuterRef("current_result"), verified_by=user)
    return (
        Analysis.objects.filter(status=AnalysisStatus.TO_VERIFY)
        .exclude(current_result__entered_by=user)
        .exclude(Exists(mine))
        .select_related(*ANALYSIS_ROW, "current_result__instrument")
        .annotate(verification_count=Count("current_result__verifications"))
        .order_by("due_date", "sample__code", "parameter__position")
    )


def awaiting_others(user):
    """Results `user` entered (or already verified) that wait for someone else."""
    return (
        Analysis.objects.filter(status=AnalysisStatus.TO_VERIFY)
        .filter(
            Q(current_result__entered_by=user) | Q(current_result__verifications__verified_by=user)
        )
        .distinct()
        .select_related(*ANALYSIS_ROW)
        .order_by("due_date")
    )


def overdue(today):
    """Open analyses past their own due date or whose request is past its service
    standard deadline."""
    return (
        Analysis.objects.open()
        .filter(Q(due_date__lt=today) | Q(sample__request__clock_deadline__lt=today))
        .select_related(*ANALYSIS_ROW)
        .order_by("due_date", "sample__code")
    )


def lab_requests_in_progress():
    """Requests the lab works on now, with their number of samples: testing requests,
    and certification requests whose samplings were sent here."""
    from kriya.desk.models import Body, ServiceRequest, Status

    from .access import sample_bodies

    return (
        ServiceRequest.objects.filter(service__body__in=sample_bodies(), status=Status.IN_PROGRESS)
        .select_related("business", "service")
        .annotate(sample_count=Count("lab_samples"))
        .filter(Q(service__body=Body.LAB) | Q(sample_count__gt=0))
        .order_by("clock_deadline", "pk")
    )


def standard_version(code: str) -> StandardVersion | None:
    """An edition by its full code, e.g. "SNI 8302:2016/Amd.1:2019" (None if unknown)."""
    from .reference import split_code

    number, version = split_code(code or "")
    return (
        StandardVersion.objects.select_related("standard")
        .filter(standard__code=number, version=version)
        .first()
    )


def parameters_for(version: StandardVersion) -> list[Parameter]:
    """What a sample judged against `version` is tested for: the active parameters of
    active methods that the edition has a specification for (set or still unset)."""
    return list(
        Parameter.objects.filter(
            is_active=True, method__is_active=True, specifications__standard_version=version
        )
        .select_related("method")
        .distinct()
        .order_by("position", "name")
    )


def sample_detail(sample: Sample) -> dict:
    analyses = rows(
        sample.analyses.select_related(*ANALYSIS_ROW).order_by("parameter__position", "pk")
    )
    return {
        "analyses": analyses,
        "custody": list(sample.custody.select_related("holder", "recorded_by")),
        "photos": list(sample.photos.all()),
        "methods": list(sample.methods.all()),
    }


def analysis_history(analysis: Analysis) -> list[Result]:
    """Every result of the analysis, oldest first, with who entered and verified it."""
    results = list(
        analysis.results.select_related("entered_by", "instrument", "replaced_by")
        .prefetch_related(
            Prefetch("verifications", queryset=Verification.objects.select_related("verified_by"))
        )
        .order_by("entered_at", "pk")
    )
    for result in results:
        result.analysis = analysis
    return results


def reports_of(request):
    return list(
        TestReport.objects.filter(request=request)
        .select_related("supersedes", "signatory")
        .order_by("-issued_at", "-pk")
    )


def lab_workers():
    """People who can be assigned an analysis: analysts and supervisors."""
    from kriya.accounts.models import Membership, Role, User

    ids = Membership.objects.active().filter(role__in=[Role.ANALYST, Role.SUPERVISOR])
    return User.objects.filter(is_active=True, pk__in=ids.values("user_id")).order_by(
        "full_name", "email"
    )


def public_facts(report: TestReport | None) -> dict | None:
    """What the public verification page may show: never the PDF, the applicant's
    contact, results per parameter or anything else the public should not see."""
    if report is None:
        return None
    content = report.content or {}
    successor = getattr(report, "superseded_by", None) if not report.is_current else None
    return {
        "number": report.number,
        "business": content.get("business", {}).get("name", ""),
        "samples": [
            {"code": s["code"], "description": s["description"]} for s in content.get("samples", [])
        ],
        "issued_on": report.issued_at,
        "overall": report.overall_verdict,
        "is_current": report.is_current,
        "superseded_by": successor.number if successor else "",
        "supersedes": report.supersedes.number if report.supersedes_id else "",
    }


def conforming_reports_of_business(business_id: int) -> list[TestReport]:
    """The business's current test reports whose overall verdict is conformity: what the
    compliance passport lists (a superseded report, or one that found a parameter
    outside its limit, is not a credential). One query."""
    return list(
        TestReport.objects.issued()
        .filter(request__business_id=business_id, overall_verdict=Verdict.WITHIN)
        .order_by("-issued_at", "-pk")
    )


def requests_awaiting_samples():
    """Testing requests the lab works on whose samples have not been received yet."""
    return lab_requests_in_progress().filter(sample_count=0)


def worklist_counts(user, today) -> dict:
    """The lab's numbers for `user`'s home, in one query: analyses assigned to `user`,
    unassigned, waiting for verification, and overdue (open past their due date)."""
    from .models import OPEN_ANALYSIS

    return Analysis.objects.filter(status__in=OPEN_ANALYSIS).aggregate(
        mine=Count("id", filter=Q(analyst=user, status=AnalysisStatus.ASSIGNED)),
        unassigned=Count("id", filter=Q(status=AnalysisStatus.UNASSIGNED)),
        to_verify=Count("id", filter=Q(status=AnalysisStatus.TO_VERIFY)),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        open=Count("id"),
    )
