"""The laboratory's API: samples, analyses, results, verification and test reports.

Same rules as the pages: access is checked where objects are fetched
(`kriya.lab.access`), every write is one call of `kriya.lab.services`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, actions_of, one_of
from kriya.core.workflow import InvalidTransition
from kriya.lab import access, queries, services
from kriya.lab.models import (
    Analysis,
    AnalysisStatus,
    Condition,
    Instrument,
    Replacement,
    ReportStatus,
    Sample,
    StandardVersion,
    TestMethod,
    TestReport,
)
from kriya.lab.scales import Scale
from kriya.lab.verdicts import DecisionRule, Verdict
from kriya.lab.workflow import ANALYSIS

router = Router(tags=["lab"])


# --- Schemas ------------------------------------------------------------------------------


class ResultOut(Schema):
    id: Id
    value: str
    observations: str
    instrument: str | None
    measured_on: date
    limit: str
    verdict: one_of(Verdict.values)  # type: ignore[valid-type]
    entered_by: str
    entered_at: datetime
    verified_by: list[str]
    locked: bool
    replaced_kind: one_of(["", *Replacement.values])  # type: ignore[valid-type]
    replaced_reason: str
    replaced_by: Id | None


class UncertaintyOut(Schema):
    """The expanded measurement uncertainty of the parameter by its method (ISO/IEC
    17025 §7.6): `evaluated` false while the lab has not evaluated it; `reported` when
    the method or the customer asks for it on the report. Pass/fail results carry
    none (the field is null)."""

    evaluated: bool
    value: Decimal | None
    relative: bool
    unit: str
    coverage_factor: Decimal | None
    reported: bool


class AnalysisOut(Schema):
    id: Id
    sample: str
    parameter: str
    parameter_code: str
    method: str
    scale: one_of(Scale.values)  # type: ignore[valid-type]
    status: one_of(AnalysisStatus.values)  # type: ignore[valid-type]
    analyst: str | None
    due_date: date
    unit: str
    uncertainty: UncertaintyOut | None
    result: ResultOut | None


class AnalysisDetailOut(AnalysisOut):
    actions: list[actions_of(ANALYSIS)]  # type: ignore[valid-type]
    history: list[ResultOut]


class SampleOut(Schema):
    code: str
    request_id: Id
    request_number: str
    description: str
    quantity: str
    standard: str | None
    methods: list[str]
    condition: one_of(Condition.values)  # type: ignore[valid-type]
    condition_note: str
    storage_location: str
    received_at: datetime
    retain_until: date
    disposed_at: datetime | None
    decision_rule: one_of(DecisionRule.values)  # type: ignore[valid-type]
    guard_band: Decimal | None
    report_uncertainty: bool
    analyses: list[AnalysisOut]


class SampleIn(Schema):
    description: str
    methods: list[str]
    condition: one_of(Condition.values)  # type: ignore[valid-type]
    storage_location: str
    quantity: str = ""
    standard: str | None = None
    condition_note: str = ""
    retain_until: date | None = None
    decision_rule: one_of(DecisionRule.values) = DecisionRule.SIMPLE.value  # type: ignore[valid-type]
    guard_band: Decimal | None = None
    report_uncertainty: bool = False


class AssignAnalystIn(Schema):
    analyst_id: Id


class ResultIn(Schema):
    value: str | Decimal | bool
    observations: str = ""
    instrument: str | None = None


class CorrectionIn(ResultIn):
    reason: str


class VerifyIn(Schema):
    comment: str = ""


class AnalysisReasonIn(Schema):
    reason: str


class ReportOut(Schema):
    number: str
    request_id: Id
    status: one_of(ReportStatus.values)  # type: ignore[valid-type]
    issued_at: datetime
    overall_verdict: one_of(Verdict.values)  # type: ignore[valid-type]
    supersedes: str | None
    superseded_by: str | None
    pdf_ready: bool
    pdf_en_ready: bool
    signatory: str | None
    signatory_position: str | None
    authorised_at: datetime | None


class ReportAuthorisationOut(Schema):
    """Whether the request's verified results wait for an authorised signatory, and
    whether the caller may authorise them (on the list, active, the scope covers every
    method, and did not enter any of the results)."""

    awaits_authorisation: bool
    can_authorise: bool
    methods: list[str]


class PublicReportOut(Schema):
    number: str
    status: one_of(ReportStatus.values)  # type: ignore[valid-type]
    business: str
    samples: list[dict]
    issued_on: date
    overall_verdict: one_of(Verdict.values)  # type: ignore[valid-type]
    superseded_by: str | None
    supersedes: str | None


class InstrumentOut(Schema):
    code: str
    name: str
    needs_calibration: bool
    calibrated_until: date | None
    usable_today: bool


# --- Helpers ------------------------------------------------------------------------------


def _result(result, verifications=None) -> dict | None:
    if result is None:
        return None
    if verifications is None:
        verifications = [str(v.verified_by) for v in result.verifications.all()]
    return {
        "id": result.pk,
        "value": result.display_value,
        "observations": result.observations,
        "instrument": result.instrument.code if result.instrument_id else None,
        "measured_on": result.measured_on,
        "limit": result.limit_text,
        "verdict": result.verdict,
        "entered_by": str(result.entered_by),
        "entered_at": result.entered_at,
        "verified_by": verifications,
        "locked": result.is_locked,
        "replaced_kind": result.replaced_kind,
        "replaced_reason": result.replaced_reason,
        "replaced_by": result.replaced_by_id,
    }


def _analysis(analysis, user) -> dict:
    return {
        "id": analysis.pk,
        "sample": analysis.sample.code,
        "parameter": analysis.parameter.name,
        "parameter_code": analysis.parameter.code,
        "method": analysis.parameter.method.name,
        "scale": analysis.parameter.scale,
        "status": analysis.status,
        "analyst": str(analysis.analyst) if analysis.analyst_id else None,
        "due_date": analysis.due_date,
        "unit": analysis.parameter.unit,
        "uncertainty": _uncertainty(analysis),
        "result": _result(analysis.current_result),
    }


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored decimal without its trailing zeros ("0.5000" → "0.5", never "1E+2")."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def _uncertainty(analysis) -> dict | None:
    parameter = analysis.parameter
    if parameter.scale == Scale.PASS_FAIL:
        return None
    return {
        "evaluated": parameter.uncertainty is not None,
        "value": _plain(parameter.uncertainty),
        "relative": parameter.uncertainty_relative,
        "unit": "%" if parameter.uncertainty_relative else parameter.unit,
        "coverage_factor": _plain(parameter.coverage_factor),
        "reported": parameter.method.reports_uncertainty or analysis.sample.report_uncertainty,
    }


def _sample(sample, user) -> dict:
    detail = queries.sample_detail(sample)
    return {
        "code": sample.code,
        "request_id": sample.request_id,
        "request_number": sample.request.number,
        "description": sample.description,
        "quantity": sample.quantity,
        "standard": sample.standard_version.code if sample.standard_version_id else None,
        "methods": [m.code for m in detail["methods"]],
        "condition": sample.condition,
        "condition_note": sample.condition_note,
        "storage_location": sample.storage_location,
        "received_at": sample.received_at,
        "retain_until": sample.retain_until,
        "disposed_at": sample.disposed_at,
        "decision_rule": sample.decision_rule,
        "guard_band": _plain(sample.guard_band),
        "report_uncertainty": sample.report_uncertainty,
        "analyses": [_analysis(a, user) for a in detail["analyses"]],
    }


def _report(report) -> dict:
    successor = getattr(report, "superseded_by", None) if not report.is_current else None
    return {
        "number": report.number,
        "request_id": report.request_id,
        "status": report.status,
        "issued_at": report.issued_at,
        "overall_verdict": report.overall_verdict,
        "supersedes": report.supersedes.number if report.supersedes_id else None,
        "superseded_by": successor.number if successor else None,
        "pdf_ready": bool(report.pdf),
        "pdf_en_ready": bool(report.pdf_en),
        "signatory": report.signatory.full_name if report.signatory_id else None,
        "signatory_position": report.signatory.position_id if report.signatory_id else None,
        "authorised_at": report.authorised_at,
    }


def _instrument(code: str | None):
    if not code:
        return None
    found = Instrument.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({"instrument": _("Instrumen tidak dikenal.")})
    return found


def _moved(call):
    """Run a service; a move that no longer exists from the current status is a 409."""
    try:
        return call()
    except InvalidTransition as exc:
        raise HttpError(409, _("Tindakan ini tidak tersedia pada status sekarang.")) from exc


# --- Samples ------------------------------------------------------------------------------


@router.get(
    "/lab/samples",
    response=list[SampleOut],
    auth=token_or_session,
    summary="Samples (lab staff)",
    operation_id="kriya_api_lab_list_samples",
)
def list_samples(request, request_id: Id | None = None, held: bool = False):
    access.require_lab_staff(request.auth)
    qs = Sample.objects.select_related("request", "standard_version__standard")
    if request_id is not None:
        qs = qs.filter(request_id=request_id)
    if held:
        qs = qs.held()
    return [_sample(s, request.auth) for s in qs.order_by("-received_at")[:100]]


@router.get(
    "/lab/samples/{code}",
    response=SampleOut,
    auth=token_or_session,
    summary="A sample by code",
    operation_id="kriya_api_lab_get_sample",
)
def get_sample(request, code: str):
    return _sample(access.get_sample_for(request.auth, code), request.auth)


@router.post(
    "/lab/requests/{request_id}/samples",
    response={201: SampleOut},
    auth=token_or_session,
    summary="Receive a sample for a testing request in progress",
    operation_id="kriya_api_lab_receive_sample",
)
def receive_sample(request, request_id: Id, payload: SampleIn):
    service_request = access.get_lab_request_for(request.auth, request_id)
    methods = list(TestMethod.objects.filter(code__in=payload.methods))
    if len(methods) != len(set(payload.methods)):
        raise ValidationError({"methods": _("Metode uji tidak dikenal.")})
    standard = None
    if payload.standard:
        number, _sep, version = payload.standard.partition(":")
        standard = StandardVersion.objects.filter(standard__code=number, version=version).first()
        if standard is None:
            raise ValidationError({"standard": _("Standar tidak dikenal.")})
    sample = services.receive_sample(
        request=service_request,
        description=payload.description,
        quantity=payload.quantity,
        standard_version=standard,
        methods=methods,
        condition=payload.condition,
        condition_note=payload.condition_note,
        storage_location=payload.storage_location,
        retain_until=payload.retain_until,
        decision_rule=payload.decision_rule,
        guard_band=payload.guard_band,
        report_uncertainty=payload.report_uncertainty,
        by=request.auth,
    )
    return 201, _sample(access.get_sample_for(request.auth, sample.code), request.auth)


# --- Analyses -----------------------------------------------------------------------------


@router.get(
    "/lab/analyses",
    response=list[AnalysisOut],
    auth=token_or_session,
    summary="Analyses: mine (worklist), to verify (queue), overdue, or of a sample",
    operation_id="kriya_api_lab_list_analyses",
)
def list_analyses(
    request,
    view: Literal["mine", "verify", "overdue", "unassigned"] = "mine",
    sample: str | None = None,
):
    user = request.auth
    access.require_lab_staff(user)
    if sample:
        qs = Analysis.objects.filter(sample__code=sample).select_related(*queries.ANALYSIS_ROW)
    elif view == "mine":
        qs = queries.worklist(user)
    elif view == "verify":
        qs = (
            queries.verification_queue(user)
            if access.is_verifier(user)
            else Analysis.objects.none()
        )
    elif view == "overdue":
        qs = queries.overdue(timezone.localdate())
    elif view == "unassigned":
        qs = queries.unassigned()
    else:
        raise HttpError(422, _("view: mine, verify, overdue atau unassigned."))
    return [_analysis(a, user) for a in queries.rows(qs[:200])]


@router.get(
    "/lab/analyses/{analysis_id}",
    response=AnalysisDetailOut,
    auth=token_or_session,
    summary="An analysis with the history of its results",
    operation_id="kriya_api_lab_get_analysis",
)
def get_analysis(request, analysis_id: Id):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    body = _analysis(analysis, request.auth)
    body["actions"] = [m.action for m in ANALYSIS.available(analysis, request.auth)]
    body["history"] = [_result(r) for r in queries.analysis_history(analysis)]
    return body


def _reloaded(request, analysis_id: Id):
    return get_analysis(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/assign",
    response=AnalysisDetailOut,
    auth=token_or_session,
    operation_id="kriya_api_lab_assign",
)
@answers(409)
def assign(request, analysis_id: Id, payload: AssignAnalystIn):
    from kriya.accounts.models import User

    analysis = access.get_analysis_for(request.auth, analysis_id)
    analyst = User.objects.filter(pk=payload.analyst_id, is_active=True).first()
    _moved(lambda: services.assign_analysis(analysis=analysis, analyst=analyst, by=request.auth))
    return _reloaded(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/results",
    response={201: AnalysisDetailOut},
    auth=token_or_session,
    summary="Enter a result on the parameter's scale with a calibrated instrument",
    operation_id="kriya_api_lab_enter_result",
)
@answers(409)
def enter_result(request, analysis_id: Id, payload: ResultIn):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    _moved(
        lambda: services.enter_result(
            analysis=analysis,
            value=payload.value,
            observations=payload.observations,
            instrument=_instrument(payload.instrument),
            by=request.auth,
        )
    )
    return 201, _reloaded(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/verify",
    response=AnalysisDetailOut,
    auth=token_or_session,
    summary="Verify the current result (never your own)",
    operation_id="kriya_api_lab_verify",
)
@answers(409)
def verify(request, analysis_id: Id, payload: VerifyIn):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    _moved(
        lambda: services.verify_result(analysis=analysis, comment=payload.comment, by=request.auth)
    )
    return _reloaded(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/retest",
    response=AnalysisDetailOut,
    auth=token_or_session,
    operation_id="kriya_api_lab_retest",
)
@answers(409)
def retest(request, analysis_id: Id, payload: AnalysisReasonIn):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    _moved(
        lambda: services.request_retest(analysis=analysis, reason=payload.reason, by=request.auth)
    )
    return _reloaded(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/correct",
    response={201: AnalysisDetailOut},
    auth=token_or_session,
    summary="Correct a verified result: a new result supersedes it with the reason",
    operation_id="kriya_api_lab_correct",
)
@answers(409)
def correct(request, analysis_id: Id, payload: CorrectionIn):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    _moved(
        lambda: services.correct_result(
            analysis=analysis,
            value=payload.value,
            observations=payload.observations,
            instrument=_instrument(payload.instrument),
            reason=payload.reason,
            by=request.auth,
        )
    )
    return 201, _reloaded(request, analysis_id)


@router.post(
    "/lab/analyses/{analysis_id}/cancel",
    response=AnalysisDetailOut,
    auth=token_or_session,
    operation_id="kriya_api_lab_cancel",
)
@answers(409)
def cancel(request, analysis_id: Id, payload: AnalysisReasonIn):
    analysis = access.get_analysis_for(request.auth, analysis_id)
    _moved(
        lambda: services.cancel_analysis(analysis=analysis, reason=payload.reason, by=request.auth)
    )
    return _reloaded(request, analysis_id)


# --- Instruments --------------------------------------------------------------------------


@router.get(
    "/lab/instruments",
    response=list[InstrumentOut],
    auth=token_or_session,
    operation_id="kriya_api_lab_list_instruments",
)
def list_instruments(request):
    access.require_lab_staff(request.auth)
    today = timezone.localdate()
    usable = set(Instrument.objects.usable_on(today).values_list("pk", flat=True))
    return [
        {
            "code": i.code,
            "name": i.name,
            "needs_calibration": i.needs_calibration,
            "calibrated_until": i.calibrated_until,
            "usable_today": i.pk in usable,
        }
        for i in Instrument.objects.with_calibration().order_by("code")
    ]


# --- Reports ------------------------------------------------------------------------------


@router.get(
    "/lab/reports",
    response=list[ReportOut],
    auth=token_or_session,
    summary="Test reports of a request the caller may see",
    operation_id="kriya_api_lab_list_reports",
)
@answers(404)
def list_reports(request, request_id: Id):
    from kriya.desk import access as service_access

    service_request = service_access.get_request_for(request.auth, request_id)
    return [_report(r) for r in queries.reports_of(service_request)]


@router.get(
    "/lab/requests/{request_id}/report-authorisation",
    response=ReportAuthorisationOut,
    auth=token_or_session,
    summary="Whether the request's report waits for authorisation, and whether you may give it",
    operation_id="kriya_api_lab_report_authorisation",
)
def report_authorisation(request, request_id: Id):
    service_request = access.get_lab_request_for(request.auth, request_id)
    return {
        "awaits_authorisation": services.report_awaits_authorisation(service_request),
        "can_authorise": services.may_authorise(request.auth, service_request),
        "methods": sorted(
            TestMethod.objects.filter(pk__in=services.report_scope(service_request)).values_list(
                "code", flat=True
            )
        ),
    }


@router.post(
    "/lab/requests/{request_id}/report",
    response={201: ReportOut},
    auth=token_or_session,
    summary="Authorise the report of the verified results (an authorised signatory): "
    "it is issued, numbered and printed",
    operation_id="kriya_api_lab_authorise_report",
)
@answers(409)
def authorise_report(request, request_id: Id):
    service_request = access.get_lab_request_for(request.auth, request_id)
    report = _moved(lambda: services.authorise_report(request=service_request, by=request.auth))
    return 201, _report(report)


@router.get(
    "/lab/reports/{number}",
    response=ReportOut,
    auth=token_or_session,
    operation_id="kriya_api_lab_get_report",
)
def get_report(request, number: str):
    return _report(access.get_report_for(request.auth, number))


@router.get(
    "/lab/reports/{number}/pdf",
    auth=token_or_session,
    summary="Download the report's PDF (the applicant once the result gate opens)",
    operation_id="kriya_api_lab_report_pdf",
)
def report_pdf(request, number: str, language: one_of(["id", "en"]) = "id"):  # type: ignore[valid-type]
    report = access.get_report_for(request.auth, number, download=True)
    english = language == "en"
    pdf = report.pdf_en if english else report.pdf
    if not pdf:
        raise Http404
    return FileResponse(
        pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{report.number}-en.pdf" if english else f"{report.number}.pdf",
    )


@router.get(
    "/lab/reports/{number}/verification",
    response=PublicReportOut,
    auth=None,
    summary="Public verification of a report number: key facts and status",
    operation_id="kriya_api_lab_verify_report",
)
def verify_report(request, number: str):
    report = (
        TestReport.objects.select_related("superseded_by", "supersedes")
        .filter(number=number)
        .first()
    )
    facts = queries.public_facts(report)
    if facts is None:
        raise Http404
    return {
        "number": facts["number"],
        "status": report.status,
        "business": facts["business"],
        "samples": facts["samples"],
        "issued_on": timezone.localdate(facts["issued_on"]),
        "overall_verdict": facts["overall"],
        "superseded_by": facts["superseded_by"] or None,
        "supersedes": facts["supersedes"] or None,
    }
