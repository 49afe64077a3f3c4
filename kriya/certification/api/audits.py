"""Audits in the API: planning and conducting an audit, its findings, and the corrective
actions a finding asks for (submitted by the business, reviewed by the evaluator)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, one_of
from kriya.certification import services
from kriya.certification.access import get_audit_for, get_corrective_action_for, get_evaluation_for
from kriya.certification.models import AuditKind, CorrectiveActionStatus, FindingGrade

from .errors import call
from .evaluations import AuditOut

router = Router(tags=["certification"])
auth = token_or_session


class AuditIn(Schema):
    kind: one_of(AuditKind.values)  # type: ignore[valid-type]
    planned_on: date
    lead_auditor: Id | None = None
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
@answers(409)
def plan_audit(request, evaluation_id: Id, payload: AuditIn):
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
@answers(409)
def conduct_audit(request, audit_id: Id, payload: ConductIn):
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
    grade: one_of(FindingGrade.values)  # type: ignore[valid-type]
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
@answers(409)
def finding(request, audit_id: Id, payload: FindingIn):
    audit = get_audit_for(request.auth, audit_id)
    call(lambda: services.raise_finding(audit_row=audit, by=request.auth, **payload.dict()))
    return 201, _audit_out(get_audit_for(request.auth, audit_id))


class CorrectiveActionOut(Schema):
    id: Id
    status: one_of(CorrectiveActionStatus.values)  # type: ignore[valid-type]
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
def corrective_action(request, action_id: Id):
    return _action_out(get_corrective_action_for(request.auth, action_id))


@router.post(
    "/certification/corrective-actions/{action_id}/submit",
    response=CorrectiveActionOut,
    auth=auth,
    summary="The holder submits a corrective action with evidence (multipart)",
    operation_id="kriya_api_certification_submit_corrective_action",
)
@answers(409)
def submit_corrective_action(
    request,
    action_id: Id,
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
@answers(409)
def review_corrective_action(request, action_id: Id, payload: ReviewIn):
    action = get_corrective_action_for(request.auth, action_id)
    action = call(
        lambda: services.review_corrective_action(
            action=action, accept=payload.accept, note=payload.note, by=request.auth
        )
    )
    return _action_out(action)
