"""Evaluations in the API: the list, starting one from a request, one evaluation, the
document review (requirement checks), sampling and the link to the lab sample."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, actions_of, one_of
from kriya.certification import queries, services
from kriya.certification.access import (
    evaluations_visible_to,
    get_evaluation_for,
    get_sampling_for,
    is_agency,
)
from kriya.certification.models import (
    AuditKind,
    AuditStatus,
    CheckVerdict,
    CorrectiveActionStatus,
    EvaluationStatus,
    FindingGrade,
    Outcome,
    RequirementKind,
    SamplingPlace,
    Scheme,
)
from kriya.certification.workflow import EVALUATION, is_evaluator
from kriya.desk.access import get_request_for
from kriya.lab.verdicts import Verdict

from .errors import call, owned_products

router = Router(tags=["certification"])
auth = token_or_session


class RequirementCheckOut(Schema):
    requirement: str
    kind: one_of(RequirementKind.values)  # type: ignore[valid-type]
    verdict: one_of(CheckVerdict.values) | None  # type: ignore[valid-type]
    note: str


class FindingOut(Schema):
    id: Id
    grade: one_of(FindingGrade.values)  # type: ignore[valid-type]
    clause: str
    description: str
    corrective_action: Id | None
    corrective_action_status: one_of(CorrectiveActionStatus.values) | None  # type: ignore[valid-type]
    deadline: date | None


class AuditOut(Schema):
    id: Id
    kind: one_of(AuditKind.values)  # type: ignore[valid-type]
    status: one_of(AuditStatus.values)  # type: ignore[valid-type]
    planned_on: date
    conducted_on: date | None
    lead_auditor: str
    findings: list[FindingOut]


class LabResultOut(Schema):
    parameter: str
    value: str
    limit: str
    verdict: one_of(["", *Verdict.values])  # type: ignore[valid-type]
    verified: bool


class SamplingRow(Schema):
    id: Id
    description: str
    lab_sample_code: str
    results: list[LabResultOut]


class EvaluationOut(Schema):
    id: Id
    request: Id
    request_number: str
    business: str
    nib: str
    scheme: str
    status: one_of(EvaluationStatus.values)  # type: ignore[valid-type]
    evaluator: str
    products: list[Id]
    requirements: list[RequirementCheckOut]
    audits: list[AuditOut]
    samplings: list[SamplingRow]
    recommendation: one_of(Outcome.values) | None  # type: ignore[valid-type]
    decision: one_of(["", *Outcome.values])  # type: ignore[valid-type]
    decision_reason: str
    certificate: str | None
    blockers: list[str]
    actions: list[actions_of(EVALUATION)]  # type: ignore[valid-type]


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


class EvaluationRow(Schema):
    id: Id
    request_number: str
    business: str
    scheme: str
    status: one_of(EvaluationStatus.values)  # type: ignore[valid-type]


@router.get(
    "/certification/evaluations",
    response=list[EvaluationRow],
    auth=auth,
    summary="Evaluations the user may see",
    operation_id="kriya_api_certification_evaluations",
)
def evaluations(
    request,
    status: one_of(["", *EvaluationStatus.values]) = "",  # type: ignore[valid-type]
):
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
    products: list[Id] | None = None


@router.post(
    "/certification/requests/{request_id}/evaluation",
    response={201: EvaluationOut},
    auth=auth,
    summary="Start the evaluation of a certification request (evaluator)",
    operation_id="kriya_api_certification_start",
)
@answers(409)
def start(request, request_id: Id, payload: StartIn):
    service_request = get_request_for(request.auth, request_id)
    if not is_evaluator(request.auth):
        raise PermissionDenied
    scheme = get_object_or_404(Scheme, code=payload.scheme) if payload.scheme else None
    evaluation = call(
        lambda: services.start_evaluation(
            request=service_request,
            by=request.auth,
            scheme=scheme,
            products=owned_products(service_request.business, payload.products),
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
def evaluation(request, evaluation_id: Id):
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class RequirementCheckIn(Schema):
    requirement: str
    verdict: one_of(CheckVerdict.values)  # type: ignore[valid-type]
    note: str = ""


@router.post(
    "/certification/evaluations/{evaluation_id}/checks",
    response=EvaluationOut,
    auth=auth,
    summary="Record the verdict on a requirement (the evaluator)",
    operation_id="kriya_api_certification_check",
)
@answers(409)
def check(request, evaluation_id: Id, payload: RequirementCheckIn):
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
@answers(409)
def complete_review(request, evaluation_id: Id):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(lambda: services.complete_review(evaluation=e, by=request.auth))
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class SamplingIn(Schema):
    description: str
    place: one_of(SamplingPlace.values)  # type: ignore[valid-type]
    taken_on: date
    product: Id | None = None
    quantity: str = ""
    seal_number: str = ""


class SamplingOut(Schema):
    id: Id
    description: str
    lab_sample_code: str


@router.post(
    "/certification/evaluations/{evaluation_id}/samplings",
    response={201: SamplingOut},
    auth=auth,
    summary="Record a sample taken (sent to the lab)",
    operation_id="kriya_api_certification_sampling",
)
@answers(409)
def sampling(request, evaluation_id: Id, payload: SamplingIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    data = payload.dict()
    product_id = data.pop("product")
    product = owned_products(e.request.business, [product_id])[0] if product_id else None
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
@answers(409)
def link_lab_sample(request, sampling_id: Id, payload: LabSampleIn):
    sampling = get_sampling_for(request.auth, sampling_id)
    row = call(
        lambda: services.link_lab_sample(sampling=sampling, code=payload.code, by=request.auth)
    )
    return {"id": row.pk, "description": row.description, "lab_sample_code": row.lab_sample_code}
