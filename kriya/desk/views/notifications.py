"""The user's notifications: the list, opening one (marks it read), all read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import notifications
from ..access import get_notification_for
from ..models import Notification


def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user).select_related(
        "request", "request__service", "actor"
    )
    if request.GET.get("belum") == "1":
        qs = qs.unread()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [
        (n, notifications.label_for(n.event), notifications.note_for(n)) for n in page.object_list
    ]
    return render(
        request,
        "desk/notification_list.html",
        {"page": page, "rows": rows, "only_unread": request.GET.get("belum") == "1"},
    )


def notification_open(request, pk: int):
    """Mark one notification read and go to what it is about."""
    notification = get_notification_for(request.user, pk)
    notifications.mark_read(notification=notification, by=request.user)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@require_POST
def notification_read_all(request):
    notifications.mark_all_read(by=request.user)
    return redirect("desk:notifications")
