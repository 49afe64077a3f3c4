"""Certification schemes in the API (public): each scheme and its requirements."""

from __future__ import annotations

from ninja import Router, Schema

from kriya.api.types import BigInt, one_of
from kriya.certification.models import CertificationType, RequirementKind, Scheme, SchemeKind
from kriya.desk.models import Body

router = Router(tags=["certification"])


class RequirementOut(Schema):
    code: str
    kind: one_of(RequirementKind.values)  # type: ignore[valid-type]
    name: str
    mandatory: bool
    confirmed: bool


class SchemeOut(Schema):
    code: str
    kind: one_of(SchemeKind.values)  # type: ignore[valid-type]
    certification_type: one_of(["", *CertificationType.values])  # type: ignore[valid-type]
    name: str
    body: one_of(Body.values)  # type: ignore[valid-type]
    standard: str
    issues_certificate: bool
    validity_years: BigInt | None
    validity_confirmed: bool
    surveillance_months: BigInt | None
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
