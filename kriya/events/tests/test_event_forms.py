"""The officers' event form (create, the parts, the booth plan), for the personas: the
organising regency's officer, another regency's officer (404), agency staff and owners
(403 or 404), anonymous (login); nothing half-saved; the status never set by the form;
the events menu entry only for who may use it."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.events import services
from kriya.events.models import Booth, Event, EventStatus

from .conftest import exhibitor, make_event


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _png(name="foto.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _fake_png():
    return SimpleUploadedFile("foto.png", b"<?php echo 1; ?>", content_type="image/png")


def _basics(unit, **extra):
    start = timezone.localdate() + timedelta(days=30)
    data = {
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
    data.update(extra)
    return data


def test_create_page_personas(client, officer, other_officer, desk, owner):
    url = reverse("events:create")
    for user, status in [(officer, 200), (other_officer, 200), (desk, 403), (owner, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.logout()
    assert client.get(url).status_code == 302


def test_officer_creates_a_draft_with_its_days(client, officer, probolinggo_unit):
    client.force_login(officer)
    response = client.post(reverse("events:create"), _basics(probolinggo_unit, status="closed"))
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == reverse("events:edit", args=[event.pk])
    assert event.status == EventStatus.DRAFT and event.regency_id == "35.13"
    assert event.days.count() == 3 and event.ends_on - event.starts_on == timedelta(days=2)
    assert event.created_by == officer


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"closes_at": "08:00"}, "closes_at"),
        ({"district": "35.74.01"}, "district"),
        ({"name": ""}, "name"),
        ({"last_day": "2000-01-01"}, "last_day"),
    ],
)
def test_create_errors_at_the_field_and_nothing_saved(
    client, officer, probolinggo_unit, extra, field
):
    client.force_login(officer)
    response = client.post(reverse("events:create"), _basics(probolinggo_unit, **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'href="#id_{field}"' in page
    assert not Event.objects.exists()


def test_another_regencys_unit_cannot_be_the_organiser(
    client, officer, probolinggo_unit, kota_unit
):
    client.force_login(officer)
    response = client.post(reverse("events:create"), _basics(kota_unit, district="35.74.01"))
    assert "organiser" in response.context["form"].errors
    assert not Event.objects.exists()


def test_an_association_member_organises_its_own_events(
    client, make_user, member, regions, probolinggo_unit, officer
):
    association = Organisation.objects.create(
        name="Asosiasi Perajin Batik", kind=OrganisationKind.ASSOCIATION, regency=regions["35.13"]
    )
    user = member(make_user("ketua@asosiasi.test"), association, Role.FACILITATOR)
    client.force_login(user)
    assert client.get(reverse("events:manage_list")).status_code == 200
    client.post(reverse("events:create"), _basics(association))
    event = Event.objects.get()
    assert event.organiser == association
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 200
    # ...but not the regency unit's events.
    other = make_event(officer, probolinggo_unit, status="published", name="Acara Dinas")
    assert client.get(reverse("events:edit", args=[other.pk])).status_code == 404
    year = client.get(reverse("events:year", args=[other.year])).content.decode()
    assert "Acara Dinas" not in year


@pytest.fixture
def draft(officer, probolinggo_unit):
    return make_event(officer, probolinggo_unit, status="draft")


def _edit_urls(event):
    booth = Booth.objects.create(event=event, code="Z9")
    return [
        reverse("events:edit", args=[event.pk]),
        *(reverse("events:edit_section", args=[event.pk, s]) for s in ("penyelenggara", "hari")),
        *(reverse("events:edit_section", args=[event.pk, s]) for s in ("tempat", "keterangan")),
        *(reverse("events:edit_section", args=[event.pk, s]) for s in ("narahubung",)),
        reverse("events:edit_section", args=[event.pk, "pendaftaran"]),
        reverse("events:booths", args=[event.pk]),
        reverse("events:booth_edit", args=[event.pk, booth.pk]),
    ]


def test_edit_pages_personas(client, draft, officer, other_officer, desk, owner):
    for url in _edit_urls(draft):
        for user, status in [(officer, 200), (other_officer, 404), (desk, 404), (owner, 404)]:
            client.force_login(user)
            assert client.get(url).status_code == status, (url, user)
        client.logout()
        assert client.get(url).status_code == 302, url


def test_a_closed_event_is_not_edited(client, officer, probolinggo_unit):
    event = make_event(officer, probolinggo_unit, status="closed")
    client.force_login(officer)
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 403
    url = reverse("events:edit_section", args=[event.pk, "narahubung"])
    assert client.post(url, {"contact_name": "X"}).status_code == 403
    event.refresh_from_db()
    assert event.contact_name == ""
    # nor its booth plan, from the organiser page either
    booth = {"code": "A1", "zone": "", "sector": "batik", "width_m": 3, "depth_m": 3}
    assert client.post(reverse("events:add_booth", args=[event.pk]), booth).status_code == 403
    assert not event.booths.exists()


def test_the_call_part_saves_quotas_and_never_the_status(client, draft, officer):
    client.force_login(officer)
    url = reverse("events:edit_section", args=[draft.pk, "pendaftaran"])
    response = client.post(
        url,
        {
            "criteria": "Usaha terverifikasi.",
            "terms": "Hadir semua hari.",
            "booth_fee": "150000",
            "quota_batik": "6",
            "quota_food": "",
            "status": "closed",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.category_quota == {"batik": 6} and draft.booth_fee == 150_000
    assert draft.status == EventStatus.DRAFT
    response = client.post(url, {"criteria": "x", "booth_fee": "-5", "quota_batik": "-1"})
    assert {"booth_fee", "quota_batik"} <= set(response.context["form"].errors)
    draft.refresh_from_db()
    assert draft.criteria == "Usaha terverifikasi."


def _days_post(rows, **extra):
    data = {
        "hari-TOTAL_FORMS": str(len(rows)),
        "hari-INITIAL_FORMS": "0",
        "hari-MIN_NUM_FORMS": "0",
        "hari-MAX_NUM_FORMS": "31",
    }
    for i, (day, opens, closes) in enumerate(rows):
        data.update(
            {f"hari-{i}-date": day, f"hari-{i}-opens_at": opens, f"hari-{i}-closes_at": closes}
        )
    data.update(extra)
    return data


def test_the_days_part(client, draft, officer):
    client.force_login(officer)
    url = reverse("events:edit_section", args=[draft.pk, "hari"])
    first = draft.starts_on
    later = (first + timedelta(days=5)).isoformat()
    setup = (first - timedelta(days=3)).isoformat()
    response = client.post(
        url,
        _days_post(
            [(first.isoformat(), "08:00", "16:00"), (later, "10:00", "22:00")], setup_on=setup
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [(d.date, d.opens_at.hour) for d in draft.days.all()] == [
        (first, 8),
        (first + timedelta(days=5), 10),
    ]
    assert draft.setup_date.isoformat() == setup
    # Twice the same date, or closing before opening: errors at the rows, nothing saved.
    response = client.post(url, _days_post([(later, "10:00", "22:00"), (later, "10:00", "09:00")]))
    page = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in page
    assert response.context["formset"].forms[1].errors["closes_at"]
    draft.refresh_from_db()
    assert draft.days.count() == 2 and draft.ends_on == first + timedelta(days=5)


def test_a_day_with_sales_is_not_removed(client, event, business, owner, officer):
    from .test_sales import sell

    shop = exhibitor(event, business, owner, officer)
    day = event.days.first()
    sell(shop, day, owner, 100_000)
    client.force_login(officer)
    other = event.days.last()
    response = client.post(
        reverse("events:edit_section", args=[event.pk, "hari"]),
        _days_post([(other.date.isoformat(), "09:00", "17:00")]),
    )
    assert response.status_code == 200 and response.context["formset"].non_form_errors()
    assert event.days.count() == 2


def test_text_and_photo_all_or_nothing(client, draft, officer):
    client.force_login(officer)
    url = reverse("events:edit_section", args=[draft.pk, "keterangan"])
    response = client.post(url, {"description": "Baru", "photo_upload": _fake_png()})
    assert response.status_code == 200 and "photo_upload" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.description == "Pameran UMKM." and not draft.photo
    response = client.post(
        url, {"description": "Baru", "description_en": "New", "photo_upload": _png()}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.description_en == "New" and draft.photo.name.startswith("events/photos/")


def test_organisers_and_place_parts(client, draft, officer, regions, kota_unit):
    client.force_login(officer)
    unit2 = Organisation.objects.create(
        name="Disporapar", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.13"]
    )
    url = reverse("events:edit_section", args=[draft.pk, "penyelenggara"])
    base = {"name": draft.name, "year": draft.year, "kind": "festival"}
    response = client.post(
        url, {**base, "organiser": draft.organiser_id, "co_organisers": [unit2.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.kind == "festival" and list(draft.co_organisers.all()) == [unit2]
    response = client.post(
        url, {**base, "organiser": draft.organiser_id, "co_organisers": [kota_unit.pk]}
    )
    assert "co_organisers" in response.context["form"].errors
    place = reverse("events:edit_section", args=[draft.pk, "tempat"])
    response = client.post(place, {"district": "35.74.01", "venue": "X"})
    assert "district" in response.context["form"].errors
    assert client.post(place, {"district": "35.13.20", "venue": "Pantai"}).status_code == 302
    draft.refresh_from_db()
    assert draft.district_id == "35.13.20" and draft.venue == "Pantai"


def test_booth_plan_pages(client, event, business, owner, officer):
    client.force_login(officer)
    url = reverse("events:booths", args=[event.pk])
    row = {"stan-code": "A1", "stan-zone": "Batik", "stan-sector": "batik"}
    row |= {"stan-width_m": "3", "stan-depth_m": "2.5", "stan-power_watts": "450"}
    assert client.post(url, row).status_code == 302
    response = client.post(url, row)
    assert "code" in response.context["form"].errors
    booth = event.booths.get()
    assert booth.power_watts == 450 and str(booth.depth_m) == "2.5"
    edit = reverse("events:booth_edit", args=[event.pk, booth.pk])
    changed = {"code": "A2", "zone": "Batik", "sector": "batik"}
    changed |= {"width_m": "4", "depth_m": "3", "power_watts": "0"}
    assert client.post(edit, changed).status_code == 302
    booth.refresh_from_db()
    assert booth.code == "A2" and booth.power_watts == 0
    plan = reverse("events:booth_plan", args=[event.pk])
    response = client.post(plan, {"image": _fake_png()})
    assert response.status_code == 200 and response.context["plan_form"].errors
    assert client.post(plan, {"image": _png("denah.png")}).status_code == 302
    event.refresh_from_db()
    assert event.floor_plan.name.startswith("events/plans/")
    # A booth given to an exhibitor stays; a free one is removed.
    shop = exhibitor(event, business, owner, officer)
    services.allocate_booth(application=shop, booth=booth, by=officer)
    client.post(reverse("events:booth_remove", args=[event.pk, booth.pk]))
    assert event.booths.count() == 1
    services.allocate_booth(application=shop, booth=None, by=officer)
    client.post(reverse("events:booth_remove", args=[event.pk, booth.pk]))
    assert not event.booths.exists()


@pytest.mark.parametrize(
    ("persona", "shown"), [("officer", True), ("desk", False), ("owner", False)]
)
def test_the_menu_entry_only_for_organisers(client, request, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("events:list")).content.decode()
    assert (reverse("events:manage_list") in page) is shown
