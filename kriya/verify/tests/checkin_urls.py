"""A test-only URLconf: Kriya's own URLs plus a minimal consumer of the check-in
component (a page, its roster and its sync endpoint), as training and events build
theirs. Used by test_browser_checkin.py through settings.ROOT_URLCONF."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from config.urls import urlpatterns as kriya_urlpatterns
from kriya.core.permissions_policy import uses_camera
from kriya.verify.checkin import sync_response
from kriya.verify.models import IssuedDocument, Scan

CONTEXT = "test.session:1"
TYPES = {"training_pass"}

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>Presensi uji</h1>'
    '{% include "verify/_checkin.html" with roster_url=roster_url sync_url=sync_url'
    ' label="Sesi 1" %}{% endblock %}'
)


@login_not_required
@require_GET
@uses_camera
def page(request):
    context = {"roster_url": reverse("test_roster"), "sync_url": reverse("test_sync")}
    return HttpResponse(PAGE.render(context, request))


def passes():
    return IssuedDocument.objects.filter(doc_type__in=TYPES).order_by("number")


@login_not_required
@require_GET
def roster(request):
    present = set(
        Scan.objects.filter(context=CONTEXT, verdict="accepted").values_list(
            "document__number", flat=True
        )
    )
    people = [
        {
            "number": d.number,
            "name": d.holder_name,
            "payload": d.payload,
            "present": d.number in present,
        }
        for d in passes()
    ]
    return JsonResponse({"people": people})


@login_not_required
@require_POST
def sync(request):
    return sync_response(
        request, context=CONTEXT, doc_types=TYPES, numbers=[d.number for d in passes()]
    )


urlpatterns = [
    path("uji/presensi/", page, name="test_checkin"),
    path("uji/presensi/peserta.json", roster, name="test_roster"),
    path("uji/presensi/sinkron", sync, name="test_sync"),
    *kriya_urlpatterns,
]
