"""The visitor survey (open on running days only, one answer per browser a day, a cap
per address, aggregated honestly into the report and its exports) and the set-up day's
check-in, counted apart from the event days."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kriya.events import queries, services
from kriya.events.models import SurveyAnswer
from kriya.events.views import survey as survey_view
from kriya.verify.models import Scan

from .conftest import exhibitor, make_event


@pytest.fixture
def running(officer, probolinggo_unit):
    """A running event whose second (last) day is today."""
    return make_event(officer, probolinggo_unit, status="running")


def _answer(client, event, **data):
    data = {"origin": "other_province", "reason": "tourism", **data}
    return client.post(reverse("events:survey", args=[event.slug]), data)


def test_the_survey_opens_on_running_days_only(client, event, officer, probolinggo_unit):
    # Call open, today is one of its days: not running, closed.
    assert (
        "Survei dibuka hanya"
        in client.get(reverse("events:survey", args=[event.slug])).content.decode()
    )
    _answer(client, event)
    later = make_event(
        officer,
        probolinggo_unit,
        status="running",
        name="Acara Nanti",
        start=timezone.localdate() + timezone.timedelta(days=3),
    )
    _answer(client, later)
    assert not SurveyAnswer.objects.exists()
    page = client.get(reverse("events:event", args=[event.slug])).content.decode()
    assert reverse("events:survey", args=[event.slug]) not in page


def test_one_answer_per_browser_a_day(client, running):
    url = reverse("events:survey", args=[running.slug])
    assert url in client.get(reverse("events:event", args=[running.slug])).content.decode()
    response = _answer(client, running, reason="")
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert _answer(client, running).status_code == 302
    assert "Terima kasih" in _answer(client, running).content.decode()
    assert SurveyAnswer.objects.count() == 1
    answer = SurveyAnswer.objects.get()
    assert answer.day.date == timezone.localdate() and answer.visitor_origin == "other_province"
    # Another browser answers too.
    assert _answer(Client(), running, origin="local").status_code == 302
    assert SurveyAnswer.objects.count() == 2


def test_answers_from_one_address_are_capped(client, running, monkeypatch):
    monkeypatch.setattr(survey_view, "PER_ADDRESS_PER_DAY", 1)
    assert _answer(Client(), running).status_code == 302
    response = _answer(Client(), running)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert SurveyAnswer.objects.count() == 1


def test_the_report_counts_answers_honestly(
    client, event, officer, business, owner, django_assert_num_queries
):
    exhibitor(event, business, owner, officer)
    for action in ("close_call", "start"):
        running = services.transition_event(event=event, action=action, by=officer)
    day = running.days.last()
    for origin, reason in [("local", "shopping"), ("local", "show"), ("foreign", "tourism")]:
        services.record_survey_answer(day=day, origin=origin, reason=reason)
    with django_assert_num_queries(8):
        report = queries.event_report(running, with_previous=False)
    survey = report.survey
    assert survey.answers == 3 and survey.is_small
    origins = dict(survey.origins)
    assert origins["Warga kabupaten ini"] == 2 and origins["Luar negeri"] == 1
    assert origins["Provinsi lain"] == 0
    assert dict(survey.reasons)["Belanja produk UMKM"] == 1
    client.force_login(officer)
    url = reverse("events:report", args=[running.pk])
    page = client.get(url).content.decode()
    assert "Hanya 3 jawaban survei" in page and "Asal pengunjung (survei)" in page
    csv = client.get(url, {"unduh": "survei-asal-pengunjung"}).content.decode()
    assert "Warga kabupaten ini" in csv and "3" in csv
    assert client.get(url, {"format": "xlsx"}).status_code == 200


def _scan(payload):
    return {
        "nonce": str(uuid.uuid4()),
        "payload": payload,
        "scanned_at": timezone.now().isoformat(),
    }


def test_set_up_day_check_in(client, event, business, owner, officer, other_officer):
    shop = exhibitor(event, business, owner, officer)
    issued = services.issue_pass(application=shop, name="Siti Aminah", by=officer)
    page_url = reverse("events:setup_checkin", args=[event.pk])
    client.force_login(officer)
    page = client.get(page_url)
    assert page.status_code == 200 and "camera" in page["Permissions-Policy"]
    assert "Hari persiapan" in page.content.decode()
    sync = reverse("events:setup_checkin_sync", args=[event.pk])
    answer = client.post(
        sync,
        json.dumps({"scans": [_scan(issued.document.payload)]}),
        content_type="application/json",
    ).json()
    assert answer["counts"]["accepted"] == 1
    assert Scan.objects.filter(context=f"events.setup:{event.pk}").count() == 1
    roster = client.get(reverse("events:setup_checkin_roster", args=[event.pk])).json()
    assert roster["people"][0]["present"] is True
    day = event.days.first()
    day_roster = client.get(reverse("events:checkin_roster", args=[event.pk, day.pk])).json()
    assert day_roster["people"][0]["present"] is False
    manage = client.get(reverse("events:manage", args=[event.pk]))
    assert manage.context["setup_present"] == 1
    assert [d.present for d in manage.context["days"]] == [0, 0]
    assert event.setup_date == event.starts_on - timezone.timedelta(days=1)
    client.force_login(other_officer)
    for url in (page_url, reverse("events:setup_checkin_roster", args=[event.pk])):
        assert client.get(url).status_code == 404
    assert client.post(sync, "{}", content_type="application/json").status_code == 404
    client.logout()
    assert client.get(page_url).status_code == 302


def test_visitor_inputs_are_labelled_per_day(client, event, officer):
    client.force_login(officer)
    page = client.get(reverse("events:manage", args=[event.pk])).content.decode()
    for day in event.days.all():
        assert f'<label for="visitors-{day.pk}">' in page and f'id="visitors-{day.pk}"' in page
