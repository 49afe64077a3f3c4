"""WhatsApp: the person's notification settings (opt in, opt out) and Meta's webhook
(delivery/read status, replies), signed with X-Hub-Signature-256."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kriya.accounts.models import OptSource

from .. import notifications, whatsapp
from ..adapters import whatsapp as provider

logger = logging.getLogger("kriya.desk.whatsapp")


def whatsapp_settings(request):
    user = request.user
    errors: list[str] = []
    phone = ""
    if request.method == "POST":
        if "opt_out" in request.POST:
            whatsapp.opt_out(user=user, source=OptSource.PROFILE, by=user)
            messages.success(
                request, _("Notifikasi WhatsApp dihentikan; notifikasi dikirim lewat e-mail.")
            )
            return redirect("desk:whatsapp_settings")
        phone = request.POST.get("phone", "")
        if not request.POST.get("consent"):
            errors.append(_("Centang persetujuan untuk menerima notifikasi lewat WhatsApp."))
        else:
            try:
                whatsapp.opt_in(user=user, phone=phone, source=OptSource.PROFILE, by=user)
            except ValidationError as error:
                errors.extend(error.message_dict.get("phone", error.messages))
            else:
                messages.success(request, _("Notifikasi akan dikirim lewat WhatsApp."))
                return redirect("desk:whatsapp_settings")
    opt_in = whatsapp.active_opt_in(user)
    last = user.whatsapp_opt_in if hasattr(user, "whatsapp_opt_in") else None
    return render(
        request,
        "desk/whatsapp_settings.html",
        {
            "opt_in": opt_in,
            "last": last,
            "errors": errors,
            "phone": phone,
            "available": provider.get_adapter() is not None,
        },
    )


@csrf_exempt
@login_not_required
def webhook(request):
    """Meta's callbacks. GET: the subscription handshake (hub.verify_token). POST: status
    reports and replies, refused without a valid X-Hub-Signature-256."""
    if request.method == "GET":
        token = settings.KRIYA_WHATSAPP_VERIFY_TOKEN
        if (
            token
            and request.GET.get("hub.mode") == "subscribe"
            and request.GET.get("hub.verify_token") == token
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    if request.method != "POST":
        return HttpResponse(status=405)
    body = request.body
    if not provider.verify_signature(
        settings.KRIYA_WHATSAPP_APP_SECRET, body, request.headers.get("X-Hub-Signature-256", "")
    ):
        return HttpResponseForbidden()
    try:
        payload = json.loads(body)
    except ValueError:
        return HttpResponse(status=400)
    statuses, replies = provider.parse_webhook(payload)
    for update in statuses:
        whatsapp.apply_status(update, notifications.fall_back_to_email)
    for reply in replies:
        whatsapp.handle_reply(reply)
    return HttpResponse(status=200)
