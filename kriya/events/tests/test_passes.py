"""Exhibitor passes: signed by kriya.verify (`exhibitor_pass`), checked in per event day
through the verify app's offline check-in (roster and sync), for the organisers only."""

import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kriya.events import services
from kriya.verify.models import Scan

from .conftest import apply, exhibitor


@pytest.fixture
def shop(event, business, owner, officer):
    return exhibitor(event, business, owner, officer)


def test_a_pass_is_a_signed_exhibitor_pass(shop, officer, business):
    issued = services.issue_pass(application=shop, name="Siti Aminah", by=officer)
    document = issued.document
    assert document.doc_type == "exhibitor_pass"
    assert document.holder_nib == business.nib and document.holder_name == "Siti Aminah"
    assert document.expires_on == shop.event.ends_on
    assert document.payload.startswith("KRY1:")


def test_only_organisers_issue_and_only_to_exhibitors(
    event, shop, business, owner, other_officer, officer, other_business, other_owner
):
    with pytest.raises(PermissionDenied):
        services.issue_pass(application=shop, name="Siti", by=other_officer)
    waiting = apply(event, other_business, other_owner)
    with pytest.raises(ValidationError):
        services.issue_pass(application=waiting, name="Budi", by=officer)


def _scan(payload):
    return {
        "nonce": str(uuid.uuid4()),
        "payload": payload,
        "scanned_at": timezone.now().isoformat(),
    }


def test_check_in_of_a_day_through_the_verify_component(
    client, event, shop, officer, other_officer
):
    issued = services.issue_pass(application=shop, name="Siti Aminah", by=officer)
    day = event.days.first()
    client.force_login(officer)
    page = client.get(reverse("events:checkin", args=[event.pk, day.pk]))
    assert page.status_code == 200 and "camera" in page["Permissions-Policy"]
    sync = reverse("events:checkin_sync", args=[event.pk, day.pk])
    scan = _scan(issued.document.payload)
    answer = client.post(
        sync, json.dumps({"scans": [scan, scan]}), content_type="application/json"
    ).json()
    assert answer["counts"] == {"accepted": 1, "duplicate": 1, "rejected": 0}
    roster = client.get(reverse("events:checkin_roster", args=[event.pk, day.pk])).json()
    assert roster["people"] == [
        {
            "number": issued.document.number,
            "name": "Siti Aminah",
            "payload": issued.document.payload,
            "present": True,
        }
    ]
    assert Scan.objects.filter(context=f"events.day:{day.pk}", verdict="accepted").count() == 1
    client.force_login(other_officer)
    assert client.get(reverse("events:checkin_roster", args=[event.pk, day.pk])).status_code == 404
    assert client.post(sync, "{}", content_type="application/json").status_code == 404


def test_the_exhibitor_sees_the_pass_qr(client, shop, officer, owner):
    issued = services.issue_pass(application=shop, name="Siti Aminah", by=officer)
    client.force_login(owner)
    page = client.get(reverse("events:application", args=[shop.pk])).content.decode()
    assert "<svg" in page and issued.document.number in page
