"""Administrators' pages: the adapters' status, webhook subscribers and deliveries."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import adapters, services
from .access import get_delivery_for, get_subscriber_for, require_administrator
from .delivery import enabled
from .forms import SubscriberForm
from .models import Subscriber


def status(request):
    require_administrator(request.user)
    return render(request, "hooks/status.html", {"rows": adapters.rows()})


@require_POST
def test_connection(request, name: str):
    require_administrator(request.user)
    if name not in adapters.BY_NAME:
        raise Http404
    ok, error = adapters.test_connection(name)
    label = adapters.BY_NAME[name].label
    if ok:
        messages.success(request, _("%(name)s: koneksi berhasil.") % {"name": label})
    elif not adapters.is_on(adapters.BY_NAME[name]):
        messages.warning(request, _("%(name)s: adaptor tidak aktif.") % {"name": label})
    else:
        messages.error(
            request, _("%(name)s: koneksi gagal (%(error)s).") % {"name": label, "error": error}
        )
    return redirect("hooks:status")


def subscribers(request):
    require_administrator(request.user)
    rows = Subscriber.objects.select_related("owner").order_by("name", "pk")
    return render(request, "hooks/subscribers.html", {"subscribers": rows, "enabled": enabled()})


def subscriber_create(request):
    require_administrator(request.user)
    form = SubscriberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        subscriber = services.create_subscriber(
            **{k: v for k, v in form.service_data().items() if k != "is_active"}, by=request.user
        )
        if not form.cleaned_data["is_active"]:
            services.update_subscriber(
                subscriber=subscriber, data={"is_active": False}, by=request.user
            )
        messages.success(
            request, _("Pelanggan webhook didaftarkan. Berikan rahasianya kepada integrator.")
        )
        return redirect("hooks:subscriber", pk=subscriber.pk)
    return render(request, "hooks/subscriber_form.html", {"form": form, "subscriber": None})


def subscriber_edit(request, pk: int):
    subscriber = get_subscriber_for(request.user, pk)
    form = SubscriberForm(request.POST or None, initial=SubscriberForm.initial_from(subscriber))
    if request.method == "POST" and form.is_valid():
        services.update_subscriber(subscriber=subscriber, data=form.service_data(), by=request.user)
        messages.success(request, _("Perubahan disimpan."))
        return redirect("hooks:subscriber", pk=subscriber.pk)
    return render(request, "hooks/subscriber_form.html", {"form": form, "subscriber": subscriber})


def subscriber_detail(request, pk: int):
    subscriber = get_subscriber_for(request.user, pk)
    if request.method == "POST":
        if "resume" in request.POST:
            services.resume_subscriber(subscriber=subscriber, by=request.user)
            messages.success(request, _("Pengiriman dilanjutkan."))
        elif "rotate" in request.POST:
            services.rotate_secret(subscriber=subscriber, by=request.user)
            messages.success(request, _("Rahasia baru dibuat. Berikan kepada integrator."))
        return redirect("hooks:subscriber", pk=subscriber.pk)
    deliveries = subscriber.deliveries.order_by("-created_at")[:50]
    return render(
        request,
        "hooks/subscriber.html",
        {"subscriber": subscriber, "deliveries": deliveries, "enabled": enabled()},
    )


@require_POST
def redeliver(request, pk):
    delivery = get_delivery_for(request.user, pk)
    services.redeliver(delivery=delivery, by=request.user)
    messages.success(request, _("Peristiwa dikirim ulang."))
    return redirect("hooks:subscriber", pk=delivery.subscriber_id)
