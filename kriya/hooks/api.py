"""Integrations in the API, for administrators: webhook subscribers, their deliveries
(sent again on request), and the adapters' status."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from kriya.accounts.models import User
from kriya.api.auth import token_or_session
from kriya.api.types import Id, Int32, SmallCount, one_of

from . import adapters, services
from .access import get_delivery_for, get_subscriber_for, require_administrator
from .events import Event
from .models import DeliveryStatus, Subscriber

router = Router(tags=["integrations"])
auth = token_or_session

EventName = one_of(Event.values)
HttpStatus = Annotated[int, Field(ge=100, le=599)]


class SubscriberIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    url: str = Field(min_length=8, max_length=500, pattern=r"^https?://")
    events: list[EventName] = Field(min_length=1)  # type: ignore[valid-type]
    owner_email: str = Field(max_length=254)


class SubscriberOut(Schema):
    id: Id
    name: str
    url: str
    events: list[EventName]  # type: ignore[valid-type]
    owner_email: str
    is_active: bool
    paused_at: datetime | None
    pause_reason: str

    @staticmethod
    def resolve_owner_email(obj):
        return obj.owner.email


class SubscriberCreatedOut(SubscriberOut):
    secret: str = Field(description="Signs every delivery; shown to administrators only")


class AttemptOut(Schema):
    at: str
    code: HttpStatus | None = Field(description="The HTTP status answered; null without one")
    error: str
    ms: Int32


class DeliveryOut(Schema):
    id: UUID
    event_id: UUID
    event: EventName  # type: ignore[valid-type]
    status: one_of(DeliveryStatus.values)  # type: ignore[valid-type]
    attempts: SmallCount
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_status_code: HttpStatus | None
    last_error: str
    log: list[AttemptOut]


class AdapterOut(Schema):
    name: one_of(adapters.NAMES)  # type: ignore[valid-type]
    setting: str
    on: bool
    last_success: datetime | None
    last_error: datetime | None
    error: str


@router.get(
    "/integrations/subscribers",
    response=list[SubscriberOut],
    auth=auth,
    summary="Webhook subscribers",
    operation_id="kriya_api_hooks_subscribers",
)
def list_subscribers(request):
    require_administrator(request.auth)
    return list(Subscriber.objects.select_related("owner").order_by("name", "pk"))


@router.post(
    "/integrations/subscribers",
    response={201: SubscriberCreatedOut},
    auth=auth,
    summary="Register a webhook subscriber",
    operation_id="kriya_api_hooks_create_subscriber",
)
def create_subscriber(request, payload: SubscriberIn):
    require_administrator(request.auth)
    owner = User.objects.filter(email__iexact=payload.owner_email, is_active=True).first()
    if owner is None:
        raise HttpError(422, "Tidak ada akun aktif dengan e-mail ini.")
    try:
        subscriber = services.create_subscriber(
            name=payload.name,
            url=payload.url,
            events=list(payload.events),
            owner=owner,
            by=request.auth,
        )
    except ValidationError as error:
        raise HttpError(422, "; ".join(error.messages)) from None
    return 201, subscriber


@router.get(
    "/integrations/subscribers/{subscriber_id}/deliveries",
    response=list[DeliveryOut],
    auth=auth,
    summary="A subscriber's latest deliveries",
    operation_id="kriya_api_hooks_deliveries",
)
def list_deliveries(request, subscriber_id: Id):
    subscriber = get_subscriber_for(request.auth, subscriber_id)
    return list(subscriber.deliveries.order_by("-created_at")[:100])


@router.post(
    "/integrations/deliveries/{delivery_id}/redeliver",
    response=DeliveryOut,
    auth=auth,
    summary="Send a delivery's event again",
    operation_id="kriya_api_hooks_redeliver",
)
def redeliver(request, delivery_id: UUID):
    delivery = get_delivery_for(request.auth, delivery_id)
    return services.redeliver(delivery=delivery, by=request.auth)


@router.get(
    "/integrations/adapters",
    response=list[AdapterOut],
    auth=auth,
    summary="Which adapters are on, their last success and last error",
    operation_id="kriya_api_hooks_adapters",
)
def list_adapters(request):
    require_administrator(request.auth)
    return adapters.rows()
