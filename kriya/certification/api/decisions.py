"""The outcome of an evaluation in the API: the evaluator's recommendation, the
independent decision, and sending the evaluation back."""

from __future__ import annotations

from ninja import Router, Schema

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import Id, one_of
from kriya.certification import services
from kriya.certification.access import get_evaluation_for
from kriya.certification.models import Outcome

from .errors import call, owned_products
from .evaluations import EvaluationOut, evaluation_out

router = Router(tags=["certification"])
auth = token_or_session


class OutcomeIn(Schema):
    outcome: one_of(Outcome.values)  # type: ignore[valid-type]
    note: str = ""
    products: list[Id] | None = None


@router.post(
    "/certification/evaluations/{evaluation_id}/recommendation",
    response=EvaluationOut,
    auth=auth,
    summary="The evaluator's recommendation",
    operation_id="kriya_api_certification_recommendation",
)
@answers(409)
def recommendation(request, evaluation_id: Id, payload: OutcomeIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(
        lambda: services.recommend(
            evaluation=e,
            outcome=payload.outcome,
            note=payload.note,
            products=owned_products(e.request.business, payload.products),
            by=request.auth,
        )
    )
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)


class DecisionIn(OutcomeIn):
    signatory: Id | None = None  # an authorised signatory of the body; default its first


@router.post(
    "/certification/evaluations/{evaluation_id}/decision",
    response=EvaluationOut,
    auth=auth,
    summary="The decision (a decision maker who took no part in the evaluation)",
    operation_id="kriya_api_certification_decision",
)
@answers(409)
def decision(request, evaluation_id: Id, payload: DecisionIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(
        lambda: services.decide(
            evaluation=e,
            outcome=payload.outcome,
            reason=payload.note,
            products=owned_products(e.request.business, payload.products),
            signatory=payload.signatory,
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
@answers(409)
def return_evaluation(request, evaluation_id: Id, payload: EvaluationReturnIn):
    e = get_evaluation_for(request.auth, evaluation_id)
    call(lambda: services.return_evaluation(evaluation=e, reason=payload.reason, by=request.auth))
    return evaluation_out(get_evaluation_for(request.auth, evaluation_id), request.auth)
