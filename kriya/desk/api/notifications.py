"""The caller's notifications in the API: the list, the unread count, marking as read."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from kriya.api.auth import token_or_session
from kriya.api.types import BigInt, Id, LimitOffsetPagination
from kriya.desk import notifications
from kriya.desk.access import get_notification_for
from kriya.desk.models import Notification

router = Router(tags=["services"])


class NotificationOut(Schema):
    id: Id
    event: str
    label: str
    note: str
    request: Id | None
    request_number: str
    actor: str
    url: str
    created_at: datetime
    read_at: datetime | None

    # Resolved per row, so that a page of a long inbox reads only that page.
    @staticmethod
    def resolve_label(obj):
        return notifications.label_for(obj.event)

    @staticmethod
    def resolve_note(obj):
        return notifications.note_for(obj)

    @staticmethod
    def resolve_request(obj):
        return obj.request_id

    @staticmethod
    def resolve_request_number(obj):
        return obj.request.number if obj.request_id else ""

    @staticmethod
    def resolve_actor(obj):
        return str(obj.actor) if obj.actor_id else ""


class CountOut(Schema):
    unread: BigInt


@router.get(
    "/notifications",
    response=list[NotificationOut],
    auth=token_or_session,
    summary="The caller's notifications, newest first (unread=true for the unread ones)",
    operation_id="kriya_api_services_extra_list_notifications",
)
@paginate(LimitOffsetPagination)
def list_notifications(request, unread: bool = False):
    qs = Notification.objects.filter(recipient=request.auth).select_related("request", "actor")
    if unread:
        qs = qs.unread()
    return qs


@router.get(
    "/notifications/unread-count",
    response=CountOut,
    auth=token_or_session,
    summary="How many of the caller's notifications are unread",
    operation_id="kriya_api_services_extra_unread_count",
)
def unread_count(request):
    return {"unread": Notification.objects.filter(recipient=request.auth).unread().count()}


@router.post(
    "/notifications/read-all",
    response=CountOut,
    auth=token_or_session,
    summary="Mark all the caller's notifications read",
    operation_id="kriya_api_services_extra_read_all",
)
def read_all(request):
    notifications.mark_all_read(by=request.auth)
    return {"unread": 0}


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    auth=token_or_session,
    summary="Mark one of the caller's notifications read",
    operation_id="kriya_api_services_extra_read_one",
)
def read_one(request, notification_id: Id):
    notification = get_notification_for(request.auth, notification_id)
    notifications.mark_read(notification=notification, by=request.auth)
    notification.refresh_from_db()
    return notification
