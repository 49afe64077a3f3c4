"""The events API: public list and event; the call, decisions, sales and the report
for each persona (the organising regency's officer; another regency's officer 404;
another business's owner 404; anonymous 401)."""

import pytest

from kriya.events.models import ApplicationStatus

from .conftest import apply, exhibitor, make_event


def call(client, method, url, body=None, user=None):
    if user is not None:
        client.force_login(user)
    kwargs = {"data": body, "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(f"/api/v1{url}", **kwargs)


def test_public_list_and_event(client, event, officer, probolinggo_unit):
    make_event(officer, probolinggo_unit, status="draft", name="Rahasia")
    response = call(client, "get", "/events")
    assert response.status_code == 200
    names = [e["name"] for e in response.json()]
    assert names == [event.name]
    one = call(client, "get", f"/events/{event.pk}").json()
    assert one["status"] == "call_open" and len(one["days"]) == 2
    assert one["ics_url"].endswith("/kalender.ics")


def test_public_list_filters(client, event):
    assert call(client, "get", "/events?kind=festival").json() == []
    assert call(client, "get", "/events?district=35.13.01").json()
    assert call(client, "get", "/events?month=2020-13").status_code == 422


def test_owner_applies_once(client, event, business, owner):
    body = {"business_id": business.pk, "sector": "batik", "needs_power": True}
    first = call(client, "post", f"/events/{event.pk}/applications", body, user=owner)
    again = call(client, "post", f"/events/{event.pk}/applications", body, user=owner)
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]


def test_another_owner_cannot_apply_for_the_business(client, event, business, other_owner):
    body = {"business_id": business.pk, "sector": "batik"}
    response = call(client, "post", f"/events/{event.pk}/applications", body, user=other_owner)
    assert response.status_code == 404


def test_application_personas(client, event, business, owner, other_owner, officer, other_officer):
    application = apply(event, business, owner)
    url = f"/event-applications/{application.pk}"
    assert call(client, "get", url).status_code == 401
    for user, status in [(owner, 200), (officer, 200), (other_owner, 404), (other_officer, 404)]:
        client.logout()
        assert call(client, "get", url, user=user).status_code == status


def test_decision_by_the_organising_officer_only(
    client, event, business, owner, officer, other_officer
):
    application = apply(event, business, owner)
    url = f"/event-applications/{application.pk}/decision"
    assert call(client, "post", url, {"decision": "accept"}, user=other_officer).status_code == 404
    assert call(client, "post", url, {"decision": "accept"}, user=owner).status_code == 404
    response = call(client, "post", url, {"decision": "accept"}, user=officer)
    assert response.status_code == 200 and response.json()["status"] == ApplicationStatus.ACCEPTED
    assert call(client, "post", url, {"decision": "waitlist"}, user=officer).status_code == 409
    assert call(client, "post", url, {"decision": "maybe"}, user=officer).status_code == 422


def test_sales_and_report(client, event, business, owner, officer, other_officer):
    application = exhibitor(event, business, owner, officer)
    day = event.days.first()
    body = {"day_id": day.pk, "sector": "batik", "transactions": 4, "cash": 100_000, "qris": 20_000}
    response = call(client, "post", f"/event-applications/{application.pk}/sales", body, user=owner)
    assert response.status_code == 201 and response.json()["turnover"] == 120_000
    report = call(client, "get", f"/events/{event.pk}/report", user=officer)
    assert report.status_code == 200
    data = report.json()
    assert data["turnover"] == 120_000 and data["reports_missing"] == 1
    assert data["days"][1]["missing"] == 1
    client.logout()
    assert call(client, "get", f"/events/{event.pk}/report", user=other_officer).status_code == 404
    client.logout()
    assert call(client, "get", f"/events/{event.pk}/report", user=owner).status_code == 404


def test_status_moves_by_the_organiser(client, event, officer, other_officer):
    url = f"/events/{event.pk}/status"
    assert (
        call(client, "post", url, {"action": "close_call"}, user=other_officer).status_code == 404
    )
    client.logout()
    response = call(client, "post", url, {"action": "close_call"}, user=officer)
    assert response.json()["status"] == "call_closed"
    assert call(client, "post", url, {"action": "cancel"}, user=officer).status_code == 422


@pytest.mark.parametrize("url", ["/event-applications", "/events/1/report"])
def test_anonymous_is_refused(client, url):
    assert call(client, "get", url).status_code == 401
