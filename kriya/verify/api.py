"""Public verification API: the same `check()` and verdicts as the /verifikasi/ page."""

from datetime import date, datetime

from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.verify import queries
from kriya.verify.models import DocType
from kriya.verify.offline import Verdict
from kriya.verify.verdicts import EMPTY_QUERY, verdict_text

router = Router(tags=["verify"])


class VerifiedDocumentOut(Schema):
    doc_type: DocType
    number: str
    ref: str
    holder_name: str
    holder_nib: str
    scheme: str
    scope: str
    issued_on: date
    expires_on: date | None
    url: str


class VerificationResultOut(Schema):
    verdict: Verdict
    title: str
    message: str
    status_checked: bool
    key_revoked_since: datetime | None = None
    document: VerifiedDocumentOut | None
    superseded_by: str | None


class VerificationOut(Schema):
    query: str
    results: list[VerificationResultOut]


class VerificationIn(Schema):
    q: str
    doc_type: DocType | None = None


def answer(query: str, doc_type: str | None) -> dict:
    outcome = queries.check(query[:5000], doc_type=doc_type or "")
    results = []
    for found in outcome.found:
        claims = found.result.claims
        title, explanation, _tone = verdict_text(found.verdict, claims.doc_type if claims else "")
        successor = found.document.superseded_by if found.document else None
        results.append(
            {
                "verdict": found.verdict,
                "title": str(title),
                "message": str(explanation),
                "status_checked": found.result.status_checked,
                "key_revoked_since": found.result.key_revoked_since,
                "document": claims.as_dict() if claims else None,
                "superseded_by": successor.url if successor else None,
            }
        )
    return {"query": outcome.query, "results": results}


@router.get(
    "/verify",
    response=VerificationOut,
    auth=None,
    summary="Verify a QR payload, document number or label serial",
    operation_id="kriya_api_verify_verify_get",
)
def verify_get(request, q: str, doc_type: DocType | None = None):
    """`q` is the `KRY1:` payload, the QR's URL, a document number or a label serial.
    A number matching documents of several types gives one result per type."""
    if not q.strip():
        raise HttpError(422, str(EMPTY_QUERY))
    return answer(q, doc_type)


@router.post(
    "/verify",
    response=VerificationOut,
    auth=None,
    summary="Verify (payload in the body)",
    operation_id="kriya_api_verify_verify_post",
)
def verify_post(request, payload: VerificationIn):
    """The same as GET /verify, for clients that keep the payload out of URLs."""
    return verify_get(request, payload.q, payload.doc_type)
