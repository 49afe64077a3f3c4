"""The service catalogue of the API (public): the services, their documents and tariffs."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kriya.api.types import BigInt, Id, one_of
from kriya.desk.models import Body, Service, Variant
from kriya.registry.models import SizeClass

router = Router(tags=["services"])


class DocumentRequirementOut(Schema):
    code: str
    name: str
    is_mandatory: bool


class TariffOut(Schema):
    id: Id
    code: str
    name: str
    unit: str
    amount: BigInt
    is_verified: bool


class ServiceOut(Schema):
    code: str
    name: str
    name_id: str
    name_en: str
    description: str
    body: one_of(Body.values)  # type: ignore[valid-type]
    output: str
    standard_days: BigInt | None
    standard_note: str
    variant: one_of(Variant.values)  # type: ignore[valid-type]
    eligible_size_classes: list[one_of(SizeClass.values)]  # type: ignore[valid-type]
    is_verified: bool
    documents: list[DocumentRequirementOut]
    tariff_items: list[TariffOut]


def _service_out(service: Service) -> dict:
    return {
        "code": service.code,
        "name": service.name,
        "name_id": service.name_id,
        "name_en": service.name_en,
        "description": service.description,
        "body": service.body,
        "output": service.output,
        "standard_days": service.standard_days,
        "standard_note": service.standard_note,
        "variant": service.variant,
        "eligible_size_classes": service.eligible_size_classes or [],
        "is_verified": service.is_verified,
        "documents": [
            {"code": d.code, "name": d.name, "is_mandatory": d.is_mandatory}
            for d in service.documents.all()
        ],
        "tariff_items": [
            {
                "id": t.pk,
                "code": t.code,
                "name": t.name,
                "unit": t.unit,
                "amount": t.amount,
                "is_verified": t.is_verified,
            }
            for t in service.tariff_items.all()
            if t.is_active
        ],
    }


@router.get(
    "/services",
    response=list[ServiceOut],
    auth=None,
    summary="The service catalogue",
    operation_id="kriya_api_services_list_services",
)
def list_services(request):
    qs = Service.objects.active().prefetch_related("documents", "tariff_items")
    return [_service_out(s) for s in qs]


@router.get(
    "/services/{code}",
    response=ServiceOut,
    auth=None,
    summary="One service",
    operation_id="kriya_api_services_get_service",
)
def get_service(request, code: str):
    service = get_object_or_404(
        Service.objects.active().prefetch_related("documents", "tariff_items"), code=code
    )
    return _service_out(service)
