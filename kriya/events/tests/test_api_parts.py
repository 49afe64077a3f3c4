"""The rest of the events pages through the API: the days, the call part, the photo and
floor-plan uploads, curation (score table and override), automatic allocation, the
exhibitor's confirmation and withdrawal, the sales history and the committee's entry,
passes and check-in. Each with the allowed persona, another regency's officer or another
business's owner (404), an anonymous visitor (401), a refusal at the field (422, nothing
saved) and, for a closed or cancelled event, the pages' refusal (403)."""

import io
import os
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.events import services
from kriya.events.models import ApplicationStatus, Booth, SalesReport
from kriya.verify.models import Scan

from .conftest import apply, exhibitor, make_event
from .test_api import call


def _fields(response) -> list[str]:
    return [d["field"] for d in response.json()["error"]["details"]]


# -- The days -------------------------------------------------------------------------


def _days(start, n=2, opens="08:00", closes="16:00"):
    return {
        "days": [
            {
                "date": (start + timedelta(days=i)).isoformat(),
                "opens_at": opens,
                "closes_at": closes,
            }
            for i in range(n)
        ]
    }


def test_days_are_replaced_through_the_days_page_form(
    client, officer, other_officer, owner, probolinggo_unit
):
    event = make_event(officer, probolinggo_unit, status="draft")
    url = f"/events/{event.pk}/days"
    start = timezone.localdate() + timedelta(days=60)
    body = _days(start, 3)
    assert call(client, "put", url, body).status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "put", url, body, user=user).status_code == 404
    client.logout()
    bad = call(client, "put", url, _days(start, 2, closes="07:00"), user=officer)
    assert bad.status_code == 422 and _fields(bad) == ["days.0.closes_at", "days.1.closes_at"]
    twice = {"days": body["days"][:1] * 2}
    assert _fields(call(client, "put", url, twice)) == ["days"]
    assert _fields(call(client, "put", url, {"days": []})) == ["days"]
    assert _fields(call(client, "put", url, _days(start, 32))) == ["days"]
    event.refresh_from_db()
    assert event.days.count() == 2 and event.starts_on != start
    response = call(client, "put", url, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert [d["date"] for d in data["days"]] == [d["date"] for d in body["days"]]
    assert data["days"][0]["opens_at"] == "08:00" and data["starts_on"] == start.isoformat()


def test_a_day_with_sales_is_not_removed(client, event, business, owner, officer):
    application = exhibitor(event, business, owner, officer)
    first = event.days.order_by("date").first()
    services.report_sales(
        application=application,
        day=first,
        sector="batik",
        transactions=1,
        cash=10_000,
        qris=0,
        transfer=0,
        by=owner,
    )
    later = first.date + timedelta(days=5)
    response = call(client, "put", f"/events/{event.pk}/days", _days(later, 1), user=officer)
    assert response.status_code == 422 and _fields(response) == ["days"]
    assert event.days.filter(pk=first.pk).exists()


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_a_closed_or_cancelled_event_is_refused(client, officer, probolinggo_unit, status):
    if status == "cancelled":
        event = make_event(officer, probolinggo_unit, status="published")
        services.transition_event(event=event, action="cancel", by=officer, reason="Banjir")
    else:
        event = make_event(officer, probolinggo_unit, status="closed")
    start = timezone.localdate() + timedelta(days=60)
    client.force_login(officer)
    assert call(client, "put", f"/events/{event.pk}/days", _days(start)).status_code == 403
    patch = call(client, "patch", f"/events/{event.pk}/edit", {"criteria": "Baru"})
    assert patch.status_code == 403
    photo = client.post(f"/api/v1/events/{event.pk}/photo", {"photo": _png()})
    assert photo.status_code == 403
    plan = client.post(f"/api/v1/events/{event.pk}/floor-plan", {"image": _png()})
    assert plan.status_code == 403
    event.refresh_from_db()
    assert event.criteria == "" and not event.photo and not event.floor_plan


# -- The call part and the co-organisers ----------------------------------------------


def test_the_call_part(client, event, officer, other_officer, owner):
    url = f"/events/{event.pk}/edit"
    body = {
        "criteria": "Usaha batik terverifikasi.",
        "terms": "Hadir pukul 07.00.",
        "booth_fee": 150_000,
        "category_quota": {"batik": 10, "tenun": 5},
    }
    assert call(client, "patch", url, body).status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "patch", url, body, user=user).status_code == 404
    client.logout()
    bad = call(client, "patch", url, {**body, "category_quota": {"batik": 1001}}, user=officer)
    assert bad.status_code == 422 and _fields(bad) == ["category_quota.batik"]
    assert call(client, "patch", url, {"category_quota": {"sepatu": 1}}).status_code == 422
    event.refresh_from_db()
    assert event.criteria == "" and event.category_quota == {}
    response = call(client, "patch", url, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["category_quota"] == {"batik": 10, "tenun": 5}
    assert (data["booth_fee"], data["terms"]) == (150_000, body["terms"])
    # Quotas sent replace the stored ones whole; other call fields stay.
    again = call(client, "patch", url, {"category_quota": {"tenun": 3}}).json()
    assert again["category_quota"] == {"tenun": 3} and again["criteria"] == body["criteria"]
    # Without the quotas, the stored ones stay.
    kept = call(client, "patch", url, {"booth_fee": 0}).json()
    assert kept["category_quota"] == {"tenun": 3} and kept["booth_fee"] == 0
    event.refresh_from_db()
    assert event.category_quota == {"tenun": 3}


def test_co_organisers(client, event, officer, kota_unit):
    youth = Organisation.objects.create(
        name="Dispora Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=event.regency,
    )
    url = f"/events/{event.pk}/edit"
    # Another regency's unit is not among the page's choices.
    bad = call(client, "patch", url, {"co_organisers": [kota_unit.pk]}, user=officer)
    assert bad.status_code == 422 and _fields(bad) == ["co_organisers"]
    assert not event.co_organisers.exists()
    response = call(client, "patch", url, {"co_organisers": [youth.pk], "name": "Pameran Baru"})
    assert response.status_code == 200
    assert response.json()["co_organiser_ids"] == [youth.pk]
    assert list(event.co_organisers.all()) == [youth]
    assert call(client, "patch", url, {"co_organisers": []}).json()["co_organiser_ids"] == []


def test_an_association_member_edits_its_own_event(
    client, make_user, regions, officer, probolinggo_unit
):
    from kriya.accounts.models import Membership

    association = Organisation.objects.create(
        name="Asosiasi Perajin Batik", kind=OrganisationKind.ASSOCIATION, regency=regions["35.13"]
    )
    member = make_user("ketua@asosiasi.test")
    Membership.objects.create(user=member, organisation=association, role=Role.FACILITATOR)
    own = make_event(officer, association, status="draft", name="Bazar Asosiasi")
    regency = make_event(officer, probolinggo_unit, status="draft", name="Pameran Dinas")
    body = {"criteria": "Anggota asosiasi."}
    client.force_login(member)
    assert call(client, "patch", f"/events/{own.pk}/edit", body).status_code == 200
    assert call(client, "patch", f"/events/{regency.pk}/edit", body).status_code == 404


# -- Photo and floor plan -------------------------------------------------------------


def _png(name="foto.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _fake_png():
    return SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")


def _large_png():
    """A real PNG of more than 5 MB (noise does not compress)."""
    image = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return SimpleUploadedFile("besar.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("path", "field", "stored"),
    [("photo", "photo", "photo"), ("floor-plan", "image", "floor_plan")],
)
def test_uploads(client, event, officer, other_officer, owner, path, field, stored):
    url = f"/api/v1/events/{event.pk}/{path}"
    assert client.post(url, {field: _png()}).status_code == 401
    for user in (other_officer, owner):
        client.force_login(user)
        assert client.post(url, {field: _png()}).status_code == 404
    client.force_login(officer)
    for bad in ({}, {field: _fake_png()}, {field: _large_png()}):
        response = client.post(url, bad)
        assert response.status_code == 422 and _fields(response) == [field], bad
    event.refresh_from_db()
    assert not getattr(event, stored)
    response = client.post(url, {field: _png()})
    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert getattr(event, stored).name.endswith(".webp")
    assert response.json()[f"{stored}_url"] == getattr(event, stored).url


# -- Curation -------------------------------------------------------------------------


def test_score_table_and_override(
    client,
    event,
    business,
    other_business,
    owner,
    other_owner,
    officer,
    other_officer,
    django_assert_num_queries,
):
    first = apply(event, business, owner)
    apply(event, other_business, other_owner)
    url = f"/events/{event.pk}/scores"
    assert call(client, "get", url).status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "get", url, user=user).status_code == 404
    client.logout()
    call(client, "get", url, user=officer)
    with django_assert_num_queries(SCORE_QUERIES):
        table = call(client, "get", url).json()
    assert len(table) == 2
    row = next(r for r in table if r["application_id"] == first.pk)
    assert row["verified_points"] == 3 and row["computed"] == row["total"]
    override = f"/event-applications/{first.pk}/score"
    for user in (other_officer, owner):
        client.logout()
        assert (
            call(client, "post", override, {"score": 9, "reason": "X"}, user=user).status_code
            == 404
        )
    client.logout()
    assert call(client, "post", override, {"score": 9, "reason": "X"}).status_code == 401
    no_reason = call(client, "post", override, {"score": 9}, user=officer)
    assert no_reason.status_code == 422 and _fields(no_reason) == ["reason"]
    too_high = call(client, "post", override, {"score": 50, "reason": "Sangat baik"})
    assert too_high.status_code == 422 and _fields(too_high) == ["score"]
    first.refresh_from_db()
    assert first.score_override is None
    done = call(client, "post", override, {"score": 9, "reason": "Juara lomba batik"})
    assert done.status_code == 200 and done.json()["score_override"] == 9
    # Best first: the override counts instead of the computed score.
    row = call(client, "get", url).json()[0]
    assert (row["application_id"], row["total"]) == (first.pk, 9)
    assert row["override_reason"] == "Juara lomba batik" and row["computed"] < 9
    cleared = call(client, "post", override, {"score": None})
    assert cleared.json()["score_override"] is None and cleared.json()["override_reason"] == ""


# session, user, roles, event, applications, earlier exhibitors, certificates, halal —
# not one per application.
SCORE_QUERIES = 8


def test_a_score_table_costs_constant_queries(
    client, event, business, other_business, owner, other_owner, officer, django_assert_num_queries
):
    apply(event, business, owner)
    client.force_login(officer)
    call(client, "get", f"/events/{event.pk}/scores")
    with django_assert_num_queries(SCORE_QUERIES):
        assert len(call(client, "get", f"/events/{event.pk}/scores").json()) == 1
    apply(event, other_business, other_owner)
    with django_assert_num_queries(SCORE_QUERIES):
        assert len(call(client, "get", f"/events/{event.pk}/scores").json()) == 2


def test_automatic_allocation(
    client, event, business, other_business, owner, other_owner, officer, other_officer
):
    batik = exhibitor(event, business, owner, officer)
    tenun = exhibitor(event, other_business, other_owner, officer)
    tenun.sector = "tenun"
    tenun.save(update_fields=["sector"])
    Booth.objects.create(event=event, code="K1", sector="tenun")
    Booth.objects.create(event=event, code="B1", sector="batik")
    url = f"/events/{event.pk}/booth-allocation"
    assert call(client, "post", url).status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "post", url, user=user).status_code == 404
    client.logout()
    response = call(client, "post", url, user=officer)
    assert response.status_code == 200 and response.json()["given"] == 2
    by_code = {b["code"]: b["application_id"] for b in response.json()["booths"]}
    assert by_code == {"B1": batik.pk, "K1": tenun.pk}
    assert call(client, "post", url).json()["given"] == 0


# -- The exhibitor --------------------------------------------------------------------


def test_confirm_attendance_and_terms(client, event, business, owner, other_owner, officer):
    application = exhibitor(event, business, owner, officer)
    url = f"/event-applications/{application.pk}/confirm"
    assert call(client, "post", url, {"terms_accepted": True}).status_code == 401
    assert call(client, "post", url, {"terms_accepted": True}, user=other_owner).status_code == 404
    client.logout()
    # The organisers see the application but confirm nothing on the business's behalf.
    assert call(client, "post", url, {"terms_accepted": True}, user=officer).status_code == 403
    client.logout()
    refused = call(client, "post", url, {"terms_accepted": False}, user=owner)
    assert refused.status_code == 422 and _fields(refused) == ["terms_accepted"]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    done = call(client, "post", url, {"terms_accepted": True})
    assert done.status_code == 200
    assert done.json()["status"] == "confirmed" and done.json()["terms_accepted"] is True
    assert done.json()["confirmed_at"]
    assert call(client, "post", url, {"terms_accepted": True}).status_code == 409


def test_a_waiting_application_cannot_confirm(client, event, business, owner):
    application = apply(event, business, owner)
    url = f"/event-applications/{application.pk}/confirm"
    assert call(client, "post", url, {"terms_accepted": True}, user=owner).status_code == 409


def test_withdraw(client, event, business, owner, other_owner, officer, other_officer):
    application = exhibitor(event, business, owner, officer)
    url = f"/event-applications/{application.pk}/withdraw"
    assert call(client, "post", url).status_code == 401
    for user in (other_owner, other_officer):
        client.logout()
        assert call(client, "post", url, user=user).status_code == 404
    client.logout()
    assert call(client, "post", url, user=officer).status_code == 403
    client.logout()
    response = call(client, "post", url, user=owner)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert call(client, "post", url).status_code == 409


# -- Sales: the committee's entry and the history of corrections -----------------------


def test_sales_history_and_committee_entry(
    client,
    event,
    business,
    owner,
    other_owner,
    officer,
    other_officer,
    django_assert_num_queries,
):
    application = exhibitor(event, business, owner, officer)
    first, second = event.days.order_by("date")
    url = f"/event-applications/{application.pk}/sales"
    body = {"day_id": first.pk, "sector": "batik", "transactions": 3, "cash": 90_000}
    for user in (other_owner, other_officer):
        client.logout()
        assert call(client, "post", url, body, user=user).status_code == 404
        assert call(client, "get", url).status_code == 404
    client.logout()
    assert call(client, "get", url).status_code == 401
    # The committee fills a day in on the exhibitor's behalf, the exhibitor corrects it.
    by_committee = call(client, "post", url, body, user=officer)
    assert by_committee.status_code == 201 and by_committee.json()["by_committee"] is True
    client.logout()
    corrected = call(
        client,
        "post",
        url,
        {**body, "cash": 95_000, "correction_reason": "Salah hitung"},
        user=owner,
    )
    assert corrected.status_code == 201 and corrected.json()["by_committee"] is False
    call(client, "get", url)
    with django_assert_num_queries(HISTORY_QUERIES):
        history = call(client, "get", url).json()
    assert [(r["turnover"], r["is_current"]) for r in history] == [
        (90_000, False),
        (95_000, True),
    ]
    assert history[0]["by_committee"] and history[1]["correction_reason"] == "Salah hitung"
    call(client, "post", url, {**body, "day_id": second.pk, "transfer": 1})
    with django_assert_num_queries(HISTORY_QUERIES):
        history = call(client, "get", url).json()
    assert [r["day_id"] for r in history] == [first.pk, first.pk, second.pk]
    client.logout()
    assert len(call(client, "get", url, user=officer).json()) == 3


# session, user, roles, application, reports — not one per report or day.
HISTORY_QUERIES = 5


def test_a_far_outlier_asks_for_confirmation(
    client, event, business, owner, officer, make_user, regions
):
    from kriya.registry.tests.factories import make_business

    for i in range(3):
        person = make_user(f"peserta{i}@example.test")
        other = make_business(person, status="verified", officer=officer, name=f"Usaha {i}")
        shop = exhibitor(event, other, person, officer)
        services.report_sales(
            application=shop,
            day=event.days.first(),
            sector="batik",
            transactions=2,
            cash=100_000,
            qris=0,
            transfer=0,
            by=person,
        )
    application = exhibitor(event, business, owner, officer)
    url = f"/event-applications/{application.pk}/sales"
    body = {
        "day_id": event.days.first().pk,
        "sector": "batik",
        "transactions": 5,
        "cash": 5_000_000,
    }
    asked = call(client, "post", url, body, user=owner)
    assert asked.status_code == 422 and _fields(asked) == ["confirmed"]
    assert not SalesReport.objects.filter(application=application).exists()
    saved = call(client, "post", url, {**body, "confirmed": True})
    assert saved.status_code == 201 and saved.json()["is_outlier"] is True


# -- Passes and check-in --------------------------------------------------------------


def test_passes(
    client,
    event,
    business,
    other_business,
    owner,
    other_owner,
    officer,
    other_officer,
    django_assert_num_queries,
):
    application = exhibitor(event, business, owner, officer)
    url = f"/event-applications/{application.pk}/passes"
    assert call(client, "post", url, {"name": "Siti"}).status_code == 401
    assert call(client, "get", url).status_code == 401
    for user in (other_officer, owner, other_owner):
        client.logout()
        assert call(client, "post", url, {"name": "Siti"}, user=user).status_code == 404
    client.logout()
    blank = call(client, "post", url, {"name": "  "}, user=officer)
    assert blank.status_code == 422 and _fields(blank) == ["name"]
    issued = call(client, "post", url, {"name": "Siti Aminah"})
    assert issued.status_code == 201
    data = issued.json()
    assert data["number"].startswith("EXP/") and data["payload"].startswith("KRY1:")
    assert data["qr_text"].startswith("http") and data["expires_on"] == event.ends_on.isoformat()
    client.logout()
    call(client, "get", url, user=owner)
    with django_assert_num_queries(PASSES_QUERIES):
        assert len(call(client, "get", url).json()) == 1
    client.logout()
    call(client, "post", url, {"name": "Ahmad"}, user=officer)
    waiting = apply(event, other_business, other_owner)
    refused = call(client, "post", f"/event-applications/{waiting.pk}/passes", {"name": "Budi"})
    assert refused.status_code == 422
    for user in (other_owner, other_officer):
        client.logout()
        assert call(client, "get", url, user=user).status_code == 404
    client.logout()
    call(client, "get", url, user=owner)
    with django_assert_num_queries(PASSES_QUERIES):
        passes = call(client, "get", url).json()
    assert [p["name"] for p in passes] == ["Siti Aminah", "Ahmad"]


# session, user, roles, application, passes with their documents — not one per pass.
PASSES_QUERIES = 5


def _scan(payload="", manual=""):
    scan = {"nonce": str(uuid.uuid4()), "scanned_at": timezone.now().isoformat()}
    if manual:
        scan["manual_document_number"] = manual
    else:
        scan["payload"] = payload
    return scan


def test_check_in(
    client, event, business, owner, officer, other_officer, probolinggo_unit, make_user
):
    application = exhibitor(event, business, owner, officer)
    issued = services.issue_pass(application=application, name="Siti Aminah", by=officer)
    elsewhere = make_event(officer, probolinggo_unit, name="Acara Lain")
    from kriya.registry.tests.factories import make_business

    person = make_user("lain@example.test")
    stranger = exhibitor(
        elsewhere,
        make_business(person, status="verified", officer=officer, name="Lain"),
        person,
        officer,
    )
    foreign = services.issue_pass(application=stranger, name="Orang Lain", by=officer)
    day = event.days.first()
    url = f"/events/{event.pk}/check-in"
    scan = _scan(issued.document.payload)
    body = {"day_id": day.pk, "scans": [scan]}
    assert call(client, "post", url, body).status_code == 401
    assert call(client, "get", f"{url}?day_id={day.pk}").status_code == 401
    for user in (other_officer, owner):
        client.logout()
        assert call(client, "post", url, body, user=user).status_code == 404
        assert call(client, "get", f"{url}?day_id={day.pk}").status_code == 404
    client.logout()
    other_day = elsewhere.days.first()
    assert (
        call(client, "post", url, {**body, "day_id": other_day.pk}, user=officer).status_code == 404
    )
    answer = call(
        client,
        "post",
        url,
        {"day_id": day.pk, "scans": [scan, scan, _scan(foreign.document.payload)]},
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["counts"] == {"accepted": 1, "duplicate": 1, "rejected": 1}
    assert [r["status"] for r in answer.json()["results"]] == ["accepted", "duplicate", "rejected"]
    roster = call(client, "get", f"{url}?day_id={day.pk}").json()
    assert roster["is_setup"] is False and roster["people"][0]["present"] is True
    # The set-up day is its own check-in: nobody present there yet; a tick on the list.
    setup = call(client, "get", url).json()
    assert setup["is_setup"] and setup["date"] == event.setup_date.isoformat()
    assert [p["present"] for p in setup["people"]] == [False]
    ticked = call(client, "post", url, {"scans": [_scan(manual=issued.document.number)]})
    assert ticked.json()["counts"]["accepted"] == 1
    assert Scan.objects.filter(context=f"events.setup:{event.pk}", verdict="accepted").count() == 1


def test_a_day_not_yet_come_is_refused_at_day_id(
    client, officer, probolinggo_unit, business, owner
):
    later = make_event(officer, probolinggo_unit, start=timezone.localdate() + timedelta(days=3))
    application = exhibitor(later, business, owner, officer)
    body = {"day_id": later.days.first().pk, "sector": "batik", "transactions": 1, "cash": 1}
    response = call(client, "post", f"/event-applications/{application.pk}/sales", body, owner)
    assert response.status_code == 422 and _fields(response) == ["day_id"]
    assert not SalesReport.objects.exists()
