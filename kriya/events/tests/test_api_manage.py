"""The organisers' events API: create and edit an event, the booth plan, allocation and
the visitor counts, for each persona (the organising officer; another regency's officer
404; anonymous 401), one validation error per write (422, nothing saved)."""

from datetime import timedelta

from django.utils import timezone

from kriya.events.models import Booth, Event, EventStatus, VisitorCount

from .conftest import exhibitor, make_event
from .test_api import call

QUERIES = 5  # the booth list: session, user, roles, event, booths — not one per booth


def _create_body(unit, **extra):
    start = timezone.localdate() + timedelta(days=30)
    body = {
        "name": "Gelar Batik Kraksaan",
        "year": start.year,
        "kind": "expo",
        "organiser": unit.pk,
        "district": "35.13.01",
        "venue": "Alun-alun Kraksaan",
        "first_day": start.isoformat(),
        "last_day": (start + timedelta(days=2)).isoformat(),
        "opens_at": "09:00",
        "closes_at": "21:00",
    }
    body.update(extra)
    return body


def test_create_a_draft(client, officer, other_officer, owner, probolinggo_unit):
    body = _create_body(probolinggo_unit)
    assert call(client, "post", "/events", body).status_code == 401
    assert call(client, "post", "/events", body, user=owner).status_code == 403
    # Another regency's officer may not organise for this unit: refused at the field.
    refused = call(client, "post", "/events", body, user=other_officer)
    assert refused.status_code == 422
    assert "organiser" in [d["field"] for d in refused.json()["error"]["details"]]
    bad = call(client, "post", "/events", {**body, "closes_at": "08:00"}, user=officer)
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "closes_at"
    assert not Event.objects.exists()
    response = call(client, "post", "/events", body, user=officer)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == EventStatus.DRAFT and len(data["days"]) == 3


def test_edit_an_event(client, officer, other_officer, probolinggo_unit):
    event = make_event(officer, probolinggo_unit, status="draft")
    url = f"/events/{event.pk}/edit"
    body = {"venue": "Gedung Islamic Center", "contact_phone": "0812-3456-7890"}
    assert call(client, "patch", url, body).status_code == 401
    assert call(client, "get", url).status_code == 401
    assert call(client, "patch", url, body, user=other_officer).status_code == 404
    assert call(client, "get", url).status_code == 404
    client.logout()
    # A wrong phone number refuses the whole change: the venue stays too.
    bad = call(client, "patch", url, {**body, "contact_phone": "telepon"}, user=officer)
    assert bad.status_code == 422
    assert [d["field"] for d in bad.json()["error"]["details"]] == ["contact_phone"]
    event.refresh_from_db()
    assert event.venue == "Pendopo Agung Ngadisari"
    response = call(client, "patch", url, {**body, "status": "closed"})
    assert response.status_code == 200
    data = response.json()
    assert data["venue"] == body["venue"] and data["contact_phone"] == body["contact_phone"]
    assert data["status"] == EventStatus.DRAFT and data["description"] == "Pameran UMKM."
    assert call(client, "get", url).json()["venue"] == body["venue"]


def test_a_closed_event_is_not_edited(client, officer, probolinggo_unit):
    event = make_event(officer, probolinggo_unit, status="closed")
    response = call(client, "patch", f"/events/{event.pk}/edit", {"venue": "X"}, user=officer)
    assert response.status_code == 403


def test_booth_plan(client, event, officer, other_officer, django_assert_num_queries):
    url = f"/events/{event.pk}/booths"
    body = {"code": "A1", "zone": "Batik", "sector": "batik", "power_watts": 900}
    assert call(client, "post", url, body).status_code == 401
    assert call(client, "get", url).status_code == 401
    assert call(client, "post", url, body, user=other_officer).status_code == 404
    assert call(client, "get", url).status_code == 404
    client.logout()
    added = call(client, "post", url, body, user=officer)
    assert added.status_code == 201 and added.json()["code"] == "A1"
    again = call(client, "post", url, {**body, "zone": "Lain"})
    assert again.status_code == 422 and again.json()["error"]["details"][0]["field"] == "code"
    booth = Booth.objects.get(event=event)
    assert booth.zone == "Batik"
    one = f"{url}/{booth.pk}"
    assert call(client, "patch", one, {"zone": "Kuliner"}, user=other_officer).status_code == 404
    client.logout()
    bad = call(client, "patch", one, {"code": ""}, user=officer)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "code"
    changed = call(client, "patch", one, {"zone": "Kuliner"})
    assert changed.json()["zone"] == "Kuliner" and changed.json()["code"] == "A1"
    call(client, "post", url, {"code": "A2"})
    with django_assert_num_queries(QUERIES):
        listed = call(client, "get", url).json()
    assert [b["code"] for b in listed] == ["A2", "A1"]
    assert call(client, "delete", one, user=other_officer).status_code == 404
    client.logout()
    assert call(client, "delete", one).status_code == 401
    left = call(client, "delete", one, user=officer)
    assert left.status_code == 200 and [b["code"] for b in left.json()] == ["A2"]
    assert not Booth.objects.filter(pk=booth.pk).exists()


def test_allocation(client, event, business, owner, officer, other_officer):
    application = exhibitor(event, business, owner, officer)
    booth = Booth.objects.create(event=event, code="B1")
    url = f"/event-applications/{application.pk}/booth"
    assert call(client, "post", url, {"booth_id": booth.pk}).status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "post", url, {"booth_id": booth.pk}, user=user).status_code == 404
    client.logout()
    other = Booth.objects.create(event=make_event(officer, event.organiser, name="Lain"), code="C")
    bad = call(client, "post", url, {"booth_id": other.pk}, user=officer)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "booth_id"
    response = call(client, "post", url, {"booth_id": booth.pk})
    assert response.status_code == 200 and response.json()["booth"] == "B1"
    listed = call(client, "get", f"/events/{event.pk}/booths").json()
    assert listed[0]["application_id"] == application.pk
    # An allocated booth stays on the plan.
    removed = call(client, "delete", f"/events/{event.pk}/booths/{booth.pk}")
    assert removed.status_code == 409 and Booth.objects.filter(pk=booth.pk).exists()


def test_a_booth_is_never_given_twice(
    client, event, business, other_business, owner, other_owner, officer
):
    first = exhibitor(event, business, owner, officer)
    second = exhibitor(event, other_business, other_owner, officer)
    booth = Booth.objects.create(event=event, code="B1")
    call(client, "post", f"/event-applications/{first.pk}/booth", {"booth_id": booth.pk}, officer)
    response = call(
        client, "post", f"/event-applications/{second.pk}/booth", {"booth_id": booth.pk}
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "booth_id"
    second.refresh_from_db()
    assert second.booth_id is None


def test_visitor_counts(client, event, officer, other_officer):
    url = f"/events/{event.pk}/visitors"
    day = event.days.order_by("date").first()
    assert call(client, "get", url).status_code == 401
    assert call(client, "put", url, {"day_id": day.pk, "visitors": 5}).status_code == 401
    assert call(client, "get", url, user=other_officer).status_code == 404
    assert call(client, "put", url, {"day_id": day.pk, "visitors": 5}).status_code == 404
    client.logout()
    bad = call(client, "put", url, {"day_id": day.pk, "visitors": -1}, user=officer)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "visitors"
    assert not VisitorCount.objects.exists()
    response = call(client, "put", url, {"day_id": day.pk, "visitors": 1200})
    assert response.status_code == 200
    assert [d["visitors"] for d in response.json()] == [1200, None]
    assert [d["visitors"] for d in call(client, "get", url).json()] == [1200, None]
