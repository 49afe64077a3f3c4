"""Certification API: schemes, evaluations, decisions, certificates, surveillance,
Batikmark labels and halal records — the same services and access checks as the pages.

Public: the schemes, the directory and a label serial. Everything else needs a
bearer token or the browser session (with the CSRF token for writes). Errors use the
one JSON format of kriya/api/errors.py; a move that does not exist from the current
status answers 409.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from kriya.certification import queries, services, texts
from kriya.certification.access import (
    certificates_visible_to,
    evaluations_visible_to,
    get_audit_for,
    get_certificate_for,
    get_corrective_action_for,
    get_evaluation_for,
    get_halal_for,
    get_label_batch_for,
    get_sampling_for,
    get_surveillance_for,
    halal_visible_to,
    is_agency,
)
from kriya.certification.models import Label, Scheme
from kriya.certification.workflow import (
    CERTIFICATE,
    EVALUATION,
    LABEL_BATCH,
    SURVEILLANCE,
    is_evaluator,
)
from kriya.core.workflow import InvalidTransition
from kriya.desk.access import get_request_for
from kriya.registry.access import get_business_for

from .auth import token_or_session

router = Router(tags=["certification"])
auth = token_or_session


def call(fn):
    """Run a service; a move that does not exist from the current status is a 409."""
    try:
        return fn()
    except InvalidTransition:
        raise HttpError(409, str(texts.UNAVAILABLE)) from None


def _products(business, ids):
    if ids is None:
        return None
    products = list(business.products.filter(pk__in=ids))
    if len(products) != len(set(ids)):
        raise HttpError(422, str(texts.FOREIGN_PRODUCT))
    return products


# --- Schemas -------------------------------------------------------------------------


class RequirementOut(Schema):
    code: str
    kind: str
    name: str
    mandatory: bool
    confirmed: bool


class SchemeOut(Schema):
    code: str
    kind: str
    certification_type: str
    name: str
    body: str
    standard: str
    issues_certificate: bool
    validity_years: int | None
    validity_confirmed: bool
    surveillance_months: int | None
    surveillance_confirmed: bool
    requirements: list[RequirementOut]


def scheme_out(s: Scheme) -> dict:
    return {
        "code": s.code,
        "kind": s.kind,
        "certification_type": s.certification_type,
        "name": s.name,
        "body": s.body,
        "standard": s.standard,
        "issues_certificate": s.issues_certificate,
        "validity_years": s.validity_years,
        "validity_confirmed": s.validity_verified,
        "surveillance_months": s.surveillance_months if s.has_surveillance else None,
        "surveillance_confirmed": s.surveillance_verified,
        "requirements": [
            {
                "code": r.code,
                "kind": r.kind,
                "name": r.name,
                "mandatory": r.is_mandatory,
                "confirmed": r.is_verified,
            }
            for r in s.requirements.all()
        ],
    }


class PublicCertificateOut(Schema):
    number: str
    scheme: str
    scheme_kind: str
    holder_name: str
    holder_nib: str
    district: str | None
    products: list[str]
    scope: str
    technique: str
    label_colour: str | None
    standard: str
    issued_on: date
    valid_until: date | None
    state: str
    verify_url: str


def public_certificate(c) -> dict:
    colour = c.label_colour
    return {
        "number": c.number,
        "scheme": c.scheme.name,
        "scheme_kind": c.scheme.kind,
        "holder_name": c.holder_name,
        "holder_nib": c.holder_nib,
        "district": c.business.district.name if c.business.district_id else None,
        "products": [p.name for p in c.products.all()],
        "scope": c.scope,
        "technique": c.technique,
        "label_colour": colour[0] if colour else None,
        "standard": c.standard,
        "issued_on": c.issued_on,
        "valid_until": c.valid_until,
        "state": c.state,
        "verify_url": queries.verify_path(c.number),
    }


class HistoryOut(Schema):
    at: datetime
    verb: str
    actor: str
    from_status: str | None
    to_status: str | None
    reason: str


class CertificateOut(PublicCertificateOut):
    id: int
    status: str
    status_reason: str
    actions: list[str]
    history: list[HistoryOut]


def certificate_out(c, user) -> dict:
    return {
        **public_certificate(c),
        "id": c.pk,
        "status": c.status,
        "status_reason": c.status_reason,
        "actions": [m.action for m in CERTIFICATE.available(c, user)],
        "history": [
            {
                "at": e.created_at,
                "verb": e.verb,
                "actor": str(e.actor) if e.actor else "sistem",
                "from_status": e.data.get("from"),
                "to_status": e.data.get("to"),
                "reason": e.data.get("reason", ""),
            }
            for e in queries.history(c)
        ],
    }


class RequirementCheckOut(Schema):
    requirement: str
    kind: str
    verdict: str | None
    note: str


class FindingOut(Schema):
    id: int
    grade: str
    clause: str
    description: str
    corrective_action: int | None
    corrective_action_status: str | None
    deadline: date | None


class AuditOut(Schema):
    id: int
    kind: str
    status: str
    planned_on: date
    conducted_on: date | None
    lead_auditor: str
    findings: list[FindingOut]


class LabResultOut(Schema):
    parameter: str
    value: str
    limit: str
    verdict: str
    verified: bool


class SamplingRow(Schema):
    id: int
    description: str
    lab_sample_code: str
    results: list[LabResultOut]


class EvaluationOut(Schema):
    id: int
    request: int
    request_number: str
    business: str
    nib: str
    scheme: str
    status: str
    evaluator: str
    products: list[int]
    requirements: list[RequirementCheckOut]
    audits: list[AuditOut]
    samplings: list[SamplingRow]
    recommendation: str | None
    decision: str
    decision_reason: str
    certificate: str | None
    blockers: list[str]
    actions: list[str]


def evaluation_out(e, user) -> dict:
    staff = is_agency(user)
    certificate = getattr(e, "certificate", None)
    return {
        "id": e.pk,
        "request": e.request_id,
        "request_number": e.request.number,
        "business": e.request.business.name,
        "nib": e.request.business.nib,
        "scheme": e.scheme.code,
        "status": e.status,
        "evaluator": str(e.evaluator),
        "products": [p.pk for p in e.products.all()],
        "requirements": [
            {
                "requirement": row["requirement"].code,
                "kind": row["requirement"].kind,
                "verdict": row["check"].verdict if row["check"] else None,
                "note": (row["check"].note if row["check"] and staff else ""),
            }
            for row in queries.requirement_rows(e)
        ],
        "audits": [
            {
                "id": a.pk,
                "kind": a.kind,
                "status": a.status,
                "planned_on": a.planned_on,
                "conducted_on": a.conducted_on,
                "lead_auditor": str(a.lead_auditor),
                "findings": [
                    {
                        "id": f.pk,
                        "grade": f.grade,
                        "clause": f.clause,
                        "description": f.description,
                        "corrective_action": getattr(f, "corrective_action", None)
                        and f.corrective_action.pk,
                        "corrective_action_status": getattr(f, "corrective_action", None)
                        and f.corrective_action.status,
                        "deadline": getattr(f, "corrective_action", None)
                        and f.corrective_action.deadline,
                    }
                    for f in a.findings.all()
                ],
            }
            for a in e.audits.all()
        ],
        "samplings": [
            {
                "id": s.pk,
                "description": s.description,
                "lab_sample_code": s.lab_sample_code,
                "results": [r.__dict__ for r in results],
            }
            for s, results in queries.lab_results(e)
        ]
        if staff
        else [],
        "recommendation": (e.recommendation or None) if staff else None,
        "decision": e.decision,
        "decision_reason": e.decision_reason,
        "certificate": certificate.number if certificate else None,
        "blockers": queries.blockers(e) if staff and e.is_open else [],
        "actions": [m.action for m in EVALUATION.available(e, user)],
    }


# --- Public ------------------------------------------------------------------------


@router.get(
    "/certification/schemes",
    response=list[SchemeOut],
    auth=None,
    summary="Certification schemes",
    operation_id="kriya_api_certification_schemes",
)
def schemes(request):
    """Active schemes with requirements; `*_confirmed: false` marks values the public
    sources did not confirm."""
    return [scheme_out(s) for s in Scheme.objects.active().prefetch_related("requirements")]


class DirectoryOut(Schema):
    count: int
    page: int
    results: list[PublicCertificateOut]


@router.get(
    "/certification/directory",
    response=DirectoryOut,
    auth=None,
    summary="Public directory of certified businesses and products",
    operation_id="kriya_api_certification_directory",
)
def directory(
    request,
    q: str = "",
    scheme: str = "",
    district: str = "",
    state: str = "active",
    page: int = 1,
):
    """Search by holder or product name, NIB or number (`q`), scheme kind or code,
    district code and state (active, suspended, withdrawn, expired, all); 50 a page."""
    qs = queries.directory(q=q[:100], scheme=scheme, district=district, state=state)
    page = max(page, 1)
    rows = list(qs[(page - 1) * 50 : page * 50])
    return {"count": qs.count(), "page": page, "results": [public_certificate(c) for c in rows]}


class LabelOut(Schema):
    serial: str
    registered: bool
    certificate: str
    certificate_state: str
    holder_name: str
    holder_nib: str
    technique: str
    label_colour: str | None
    verify_url: str


@router.get(
    "/certification/labels/{serial}",
    response=LabelOut,
    auth=None,
    summary="A Batikmark label by its serial",
    operation_id="kriya_api_certification_label",
)
def label(request, serial: str):
    """404 (not registered, "tidak terdaftar") for a serial that was never issued."""
    found = (
        Label.objects.select_related("certificate__scheme")
        .filter(serial=serial.strip().upper())
        .first()
    )
    if found is None:
        raise HttpError(404, str(texts.NOT_REGISTERED))
    c = found.certificate
    colour = c.label_colour
    return {
        "serial": found.serial,
        "registered": True,
        "certificate": c.number,
        "certificate_state": c.state,
        "holder_name": c.holder_name,
        "holder_nib": c.holder_nib,
        "technique": c.technique,
        "label_colour": colour[0] if colour else None,
        "verify_url": queries.verify_path(found.serial, "batikmark_label"),
    }


# --- Evaluations ---------------------------------------------------------------------


class EvaluationRow(Schema):
    id: int
    request_number: str
    business: str
    scheme: str
    status: str


@router.get(
    "/certification/evaluations",
    response=list[EvaluationRow],
    auth=auth,
    summary="Evaluations the user may see",
    operation_id="kriya_api_certification_evaluations",
)
def evaluations(request, status: str = ""):
    qs = evaluations_visible_to(request.auth).select_related("request__business", "scheme")
    if status:
        qs = qs.filter(status=status)
    return [
        {
            "id": e.pk,
            "request_number": e.request.number,
            "business": e.request.business.name,
            "scheme": e.scheme.code,
            "status": e.status,
        }
        for e in qs.order_by("-created_at")[:200]
    ]


class StartIn(Schema):
    scheme: str | None = None
    products: list[int] | None = None


@router.post(
    "/certification/requests/{request_id}/evaluation",
    response={201: EvaluationOut},
    auth=auth,
    summary="Start the evaluation of a certification request (evaluator)",
    operation_id="kriya_api_certification_start",
)
def start(request, request_id: int, payload: StartIn):
    service_request = get_request_for(request.auth, request_id)
    if not is_evaluator(request.auth):
        raise PermissionDenied
    scheme = get_object_or_404(Scheme, code=payload.scheme) if payload.scheme else None
    evaluation = call(
        lambda: services.start_evaluation(
            request=service_request,
            by=request.auth,
            scheme=scheme,
            products=_products(service_request.business, payload.products),
        )
    )
    return 201, evaluation_out(get_evaluation_for(request.auth, evaluation.pk), request.auth)


@router.get(
    "/certification/evaluations/{evaluation_id}",
    response=EvaluationOut,
    auth=auth,
    summary="An evaluation",
    operation_id="kriya_api_certification_evaluation",
)
def evaluation(request, evaluation_id: int):
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class RequirementCheckIn(Schema):
    requirement: str
    verdict: str
    note: str = ""


@router.post(
    "/certification/evaluations/{evaluation_id}/checks",
    response=EvaluationOut,
    auth=auth,
    summary="Record the verdict on a requirement (the evaluator)",
    operation_id="kriya_api_certification_check",
)
def check(request, evaluation_id: int, payload: RequirementCheckIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    requirement = e.scheme.requirements.filter(code=payload.requirement).first()
    if requirement is None:
        raise Http404
    call(
        lambda: services.check_requirement(
            evaluation=e,
            requirement=requirement,
            verdict=payload.verdict,
            note=payload.note,
            by=request.auth,
        )
    )
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


@router.post(
    "/certification/evaluations/{evaluation_id}/complete-review",
    response=EvaluationOut,
    auth=auth,
    summary="Close the document review",
    operation_id="kriya_api_certification_complete_review",
)
def complete_review(request, evaluation_id: int):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(lambda: services.complete_review(evaluation=e, by=request.auth))
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class AuditIn(Schema):
    kind: str
    planned_on: date
    lead_auditor: int | None = None
    location: str = ""
    team: str = ""


def _lead(request, user_id):
    from kriya.accounts.models import User

    return request.auth if user_id is None else get_object_or_404(User, pk=user_id)


@router.post(
    "/certification/evaluations/{evaluation_id}/audits",
    response={201: AuditOut},
    auth=auth,
    summary="Plan an audit",
    operation_id="kriya_api_certification_plan_audit",
)
def plan_audit(request, evaluation_id: int, payload: AuditIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    audit = call(
        lambda: services.plan_audit(
            evaluation=e,
            kind=payload.kind,
            planned_on=payload.planned_on,
            lead_auditor=_lead(request, payload.lead_auditor),
            location=payload.location,
            team=payload.team,
            by=request.auth,
        )
    )
    return 201, _audit_out(audit)


def _audit_out(a) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "status": a.status,
        "planned_on": a.planned_on,
        "conducted_on": a.conducted_on,
        "lead_auditor": str(a.lead_auditor),
        "findings": [
            {
                "id": f.pk,
                "grade": f.grade,
                "clause": f.clause,
                "description": f.description,
                "corrective_action": getattr(f, "corrective_action", None)
                and f.corrective_action.pk,
                "corrective_action_status": getattr(f, "corrective_action", None)
                and f.corrective_action.status,
                "deadline": getattr(f, "corrective_action", None) and f.corrective_action.deadline,
            }
            for f in a.findings.all()
        ],
    }


class ConductIn(Schema):
    conducted_on: date
    summary: str


@router.post(
    "/certification/audits/{audit_id}/conduct",
    response=AuditOut,
    auth=auth,
    summary="Record that an audit took place",
    operation_id="kriya_api_certification_conduct_audit",
)
def conduct_audit(request, audit_id: int, payload: ConductIn):
    audit = get_audit_for(request.auth, audit_id)
    audit = call(
        lambda: services.record_audit(
            audit_row=audit,
            conducted_on=payload.conducted_on,
            summary=payload.summary,
            by=request.auth,
        )
    )
    return _audit_out(audit)


class FindingIn(Schema):
    grade: str
    description: str
    clause: str = ""
    deadline: date | None = None


@router.post(
    "/certification/audits/{audit_id}/findings",
    response={201: AuditOut},
    auth=auth,
    summary="Record a finding (a nonconformity opens a corrective action)",
    operation_id="kriya_api_certification_finding",
)
def finding(request, audit_id: int, payload: FindingIn):
    audit = get_audit_for(request.auth, audit_id)
    call(lambda: services.raise_finding(audit_row=audit, by=request.auth, **payload.dict()))
    return 201, _audit_out(get_audit_for(request.auth, audit_id))


class CorrectiveActionOut(Schema):
    id: int
    status: str
    deadline: date
    cause: str
    action_taken: str
    review_note: str
    evidence: list[str]


def _action_out(a) -> dict:
    return {
        "id": a.pk,
        "status": a.status,
        "deadline": a.deadline,
        "cause": a.cause,
        "action_taken": a.action_taken,
        "review_note": a.review_note,
        "evidence": [e.original_name for e in a.evidence.all()],
    }


@router.get(
    "/certification/corrective-actions/{action_id}",
    response=CorrectiveActionOut,
    auth=auth,
    summary="A corrective action",
    operation_id="kriya_api_certification_corrective_action",
)
def corrective_action(request, action_id: int):
    return _action_out(get_corrective_action_for(request.auth, action_id))


@router.post(
    "/certification/corrective-actions/{action_id}/submit",
    response=CorrectiveActionOut,
    auth=auth,
    summary="The holder submits a corrective action with evidence (multipart)",
    operation_id="kriya_api_certification_submit_corrective_action",
)
def submit_corrective_action(
    request,
    action_id: int,
    cause: Form[str],
    action_taken: Form[str],
    files: File[list[UploadedFile]] = None,
):
    action = get_corrective_action_for(request.auth, action_id)
    action = call(
        lambda: services.submit_corrective_action(
            action=action,
            cause=cause,
            action_taken=action_taken,
            files=files or [],
            by=request.auth,
        )
    )
    return _action_out(action)


class ReviewIn(Schema):
    accept: bool
    note: str = ""


@router.post(
    "/certification/corrective-actions/{action_id}/review",
    response=CorrectiveActionOut,
    auth=auth,
    summary="An evaluator accepts or returns a corrective action",
    operation_id="kriya_api_certification_review_corrective_action",
)
def review_corrective_action(request, action_id: int, payload: ReviewIn):
    action = get_corrective_action_for(request.auth, action_id)
    action = call(
        lambda: services.review_corrective_action(
            action=action, accept=payload.accept, note=payload.note, by=request.auth
        )
    )
    return _action_out(action)


class SamplingIn(Schema):
    description: str
    place: str
    taken_on: date
    product: int | None = None
    quantity: str = ""
    seal_number: str = ""


class SamplingOut(Schema):
    id: int
    description: str
    lab_sample_code: str


@router.post(
    "/certification/evaluations/{evaluation_id}/samplings",
    response={201: SamplingOut},
    auth=auth,
    summary="Record a sample taken (sent to the lab)",
    operation_id="kriya_api_certification_sampling",
)
def sampling(request, evaluation_id: int, payload: SamplingIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    data = payload.dict()
    product_id = data.pop("product")
    product = _products(e.request.business, [product_id])[0] if product_id else None
    row = call(
        lambda: services.record_sampling(evaluation=e, product=product, by=request.auth, **data)
    )
    return 201, {
        "id": row.pk,
        "description": row.description,
        "lab_sample_code": row.lab_sample_code,
    }


class LabSampleIn(Schema):
    code: str


@router.post(
    "/certification/samplings/{sampling_id}/lab-sample",
    response=SamplingOut,
    auth=auth,
    summary="Link a sampling to the lab sample tested for it (the evaluator)",
    operation_id="kriya_api_certification_link_lab_sample",
)
def link_lab_sample(request, sampling_id: int, payload: LabSampleIn):
    sampling = get_sampling_for(request.auth, sampling_id)
    row = call(
        lambda: services.link_lab_sample(sampling=sampling, code=payload.code, by=request.auth)
    )
    return {"id": row.pk, "description": row.description, "lab_sample_code": row.lab_sample_code}


class OutcomeIn(Schema):
    outcome: str
    note: str = ""
    products: list[int] | None = None


@router.post(
    "/certification/evaluations/{evaluation_id}/recommendation",
    response=EvaluationOut,
    auth=auth,
    summary="The evaluator's recommendation",
    operation_id="kriya_api_certification_recommendation",
)
def recommendation(request, evaluation_id: int, payload: OutcomeIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(
        lambda: services.recommend(
            evaluation=e,
            outcome=payload.outcome,
            note=payload.note,
            products=_products(e.request.business, payload.products),
            by=request.auth,
        )
    )
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


@router.post(
    "/certification/evaluations/{evaluation_id}/decision",
    response=EvaluationOut,
    auth=auth,
    summary="The decision (a decision maker who took no part in the evaluation)",
    operation_id="kriya_api_certification_decision",
)
def decision(request, evaluation_id: int, payload: OutcomeIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(
        lambda: services.decide(
            evaluation=e,
            outcome=payload.outcome,
            reason=payload.note,
            products=_products(e.request.business, payload.products),
            by=request.auth,
        )
    )
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class EvaluationReturnIn(Schema):
    reason: str


@router.post(
    "/certification/evaluations/{evaluation_id}/return",
    response=EvaluationOut,
    auth=auth,
    summary="Send the evaluation back to its evaluator",
    operation_id="kriya_api_certification_return_evaluation",
)
def return_evaluation(request, evaluation_id: int, payload: EvaluationReturnIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(lambda: services.return_evaluation(evaluation=e, reason=payload.reason, by=request.auth))
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


# --- Certificates ---------------------------------------------------------------------


class CertificateRow(Schema):
    id: int
    number: str
    holder_name: str
    scheme: str
    valid_until: date | None
    state: str


@router.get(
    "/certification/certificates",
    response=list[CertificateRow],
    auth=auth,
    summary="Certificates the user may see (a holder: their own)",
    operation_id="kriya_api_certification_certificates",
)
def certificates(request, state: str = ""):
    qs = (
        certificates_visible_to(request.auth)
        .with_state()
        .select_related("scheme")
        .order_by("-issued_on", "-id")
    )
    if state:
        qs = qs.filter(state=state)
    return [
        {
            "id": c.pk,
            "number": c.number,
            "holder_name": c.holder_name,
            "scheme": c.scheme.code,
            "valid_until": c.valid_until,
            "state": c.state,
        }
        for c in qs[:500]
    ]


@router.get(
    "/certification/certificates/{certificate_id}",
    response=CertificateOut,
    auth=auth,
    summary="A certificate with its history",
    operation_id="kriya_api_certification_certificate",
)
def certificate(request, certificate_id: int):
    return certificate_out(get_certificate_for(request.auth, certificate_id), request.auth)


class StatusIn(Schema):
    action: str
    reason: str


@router.post(
    "/certification/certificates/{certificate_id}/status",
    response=CertificateOut,
    auth=auth,
    summary="Suspend, reinstate or withdraw a certificate (with the reason)",
    operation_id="kriya_api_certification_certificate_status",
)
def certificate_status(request, certificate_id: int, payload: StatusIn):
    c = get_certificate_for(request.auth, certificate_id)
    if payload.action not in ("suspend", "reinstate", "withdraw"):
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(
        lambda: services.change_certificate_status(
            certificate=c, action=payload.action, reason=payload.reason, by=request.auth
        )
    )
    return certificate_out(get_certificate_for(request.auth, certificate_id), request.auth)


class LabelOrderIn(Schema):
    quantity: int
    note: str = ""


class LabelBatchOut(Schema):
    id: int
    certificate: str
    quantity: int
    status: str
    serials: list[str]
    actions: list[str]


def _batch_out(b, user) -> dict:
    return {
        "id": b.pk,
        "certificate": b.certificate.number,
        "quantity": b.quantity,
        "status": b.status,
        "serials": list(b.labels.values_list("serial", flat=True)),
        "actions": [m.action for m in LABEL_BATCH.available(b, user)],
    }


@router.post(
    "/certification/certificates/{certificate_id}/label-batches",
    response={201: LabelBatchOut},
    auth=auth,
    summary="The holder orders Batikmark labels",
    operation_id="kriya_api_certification_order_labels",
)
def order_labels(request, certificate_id: int, payload: LabelOrderIn):
    c = get_certificate_for(request.auth, certificate_id)
    batch = call(
        lambda: services.order_labels(
            certificate=c, quantity=payload.quantity, note=payload.note, by=request.auth
        )
    )
    return 201, _batch_out(batch, request.auth)


class LabelActionIn(Schema):
    action: str
    reason: str = ""


@router.post(
    "/certification/label-batches/{batch_id}",
    response=LabelBatchOut,
    auth=auth,
    summary="Issue, refuse (with reason) or cancel a label order",
    operation_id="kriya_api_certification_label_batch",
)
def label_batch(request, batch_id: int, payload: LabelActionIn):
    batch = get_label_batch_for(request.auth, batch_id)
    actions = {
        "issue": lambda: services.issue_labels(batch=batch, by=request.auth),
        "refuse": lambda: services.refuse_labels(
            batch=batch, reason=payload.reason, by=request.auth
        ),
        "cancel": lambda: services.cancel_labels(batch=batch, by=request.auth),
    }
    if payload.action not in actions:
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(actions[payload.action])
    return _batch_out(get_label_batch_for(request.auth, batch_id), request.auth)


# --- Surveillance -------------------------------------------------------------------------


class SurveillanceOut(Schema):
    id: int
    certificate: str
    sequence: int
    due_on: date
    status: str
    overdue: bool
    with_audit: bool
    with_sampling: bool
    actions: list[str]


def _surveillance_out(s, user) -> dict:
    return {
        "id": s.pk,
        "certificate": s.certificate.number,
        "sequence": s.sequence,
        "due_on": s.due_on,
        "status": s.status,
        "overdue": s.is_overdue(),
        "with_audit": s.with_audit,
        "with_sampling": s.with_sampling,
        "actions": [m.action for m in SURVEILLANCE.available(s, user)],
    }


@router.get(
    "/certification/surveillances",
    response=list[SurveillanceOut],
    auth=auth,
    summary="Open surveillance (agency); overdue=true for the overdue only",
    operation_id="kriya_api_certification_surveillances",
)
def surveillances(request, overdue: bool = False):
    if not is_agency(request.auth):
        raise PermissionDenied
    qs = queries.overdue_surveillance() if overdue else queries.surveillance_worklist()
    return [_surveillance_out(s, request.auth) for s in qs[:500]]


class SurveillanceActionIn(Schema):
    action: str
    conforms: bool | None = None
    note: str = ""


@router.post(
    "/certification/surveillances/{surveillance_id}",
    response=SurveillanceOut,
    auth=auth,
    summary="Start, complete (with the outcome) or cancel (with a reason) a surveillance",
    operation_id="kriya_api_certification_surveillance",
)
def surveillance(request, surveillance_id: int, payload: SurveillanceActionIn):
    s = get_surveillance_for(request.auth, surveillance_id)
    actions = {
        "start": lambda: services.start_surveillance(surveillance=s, by=request.auth),
        "complete": lambda: services.complete_surveillance(
            surveillance=s, conforms=bool(payload.conforms), note=payload.note, by=request.auth
        ),
        "cancel": lambda: services.cancel_surveillance(
            surveillance=s, reason=payload.note, by=request.auth
        ),
    }
    if payload.action not in actions:
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(actions[payload.action])
    return _surveillance_out(get_surveillance_for(request.auth, surveillance_id), request.auth)


# --- Halal ------------------------------------------------------------------------------


class HalalOut(Schema):
    id: int
    business: str
    number: str
    issued_on: date
    status: str
    status_reason: str
    products: list[int]


def _halal_out(h) -> dict:
    return {
        "id": h.pk,
        "business": h.business.name,
        "number": h.number,
        "issued_on": h.issued_on,
        "status": h.status,
        "status_reason": h.status_reason,
        "products": [p.pk for p in h.products.all()],
    }


@router.get(
    "/certification/halal",
    response=list[HalalOut],
    auth=auth,
    summary="Halal certificates",
    operation_id="kriya_api_certification_halal_list",
)
def halal_list(request, status: str = ""):
    qs = halal_visible_to(request.auth).select_related("business").prefetch_related("products")
    if status:
        qs = qs.filter(status=status)
    return [_halal_out(h) for h in qs[:500]]


class HalalIn(Schema):
    business: int
    products: list[int]
    number: str
    issued_on: date


@router.post(
    "/certification/halal",
    response={201: HalalOut},
    auth=auth,
    summary="Record a BPJPH halal certificate on products (the holder)",
    operation_id="kriya_api_certification_halal_record",
)
def halal_record(request, payload: HalalIn):
    business = get_business_for(request.auth, payload.business, edit=True)
    record = call(
        lambda: services.record_halal_certificate(
            business=business,
            products=_products(business, payload.products),
            number=payload.number,
            issued_on=payload.issued_on,
            by=request.auth,
        )
    )
    return 201, _halal_out(record)


class HalalCheckIn(Schema):
    accept: bool
    reason: str = ""


@router.post(
    "/certification/halal/{halal_id}/check",
    response=HalalOut,
    auth=auth,
    summary="The desk accepts or rejects a recorded halal certificate",
    operation_id="kriya_api_certification_halal_check",
)
def halal_check(request, halal_id: int, payload: HalalCheckIn):
    record = get_halal_for(request.auth, halal_id)
    record = call(
        lambda: services.check_halal_certificate(
            halal=record, accept=payload.accept, reason=payload.reason, by=request.auth
        )
    )
    return _halal_out(record)
