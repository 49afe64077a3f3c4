"""Programmes and batches edited outside the admin: everything saved together or
nothing, errors at the field, the status left to the lifecycle, and who may."""

from datetime import date, timedelta

import pytest

from kriya.training.models import Batch, BatchStatus, LearningOutcome, Programme, Session

pytestmark = pytest.mark.django_db


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _programme_post(organisation, unit, **overrides):
    data = {
        "title_id": "Pewarna alam untuk pemula",
        "title_en": "Natural dyes for beginners",
        "description_id": "Dasar pewarna alam.",
        "organiser": organisation.pk,
        "service_kind": "pelatihan",
        "sector": "batik",
        "technique": "natural_dye",
        "min_age": "16",
        "max_age": "30",
        "business_rule": "any",
        "min_attendance_pct": "80",
        "min_post_test": "70",
        "all_units_competent": "on",
        "fee_kind": "free",
        "is_published": "on",
        **_management("sesi", 2),
        "sesi-0-position": "1",
        "sesi-0-title_id": "Teori warna",
        "sesi-0-hours": "2",
        "sesi-1-position": "2",
        "sesi-1-title_id": "Praktik mencelup",
        "sesi-1-hours": "6",
        "sesi-1-is_practical": "on",
        **_management("capaian", 1),
        "capaian-0-session_position": "2",
        "capaian-0-text_id": "Mencelup kain dengan pewarna alam",
        "capaian-0-units": [str(unit.pk)],
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["organiser", "other_organiser", "anonymous"])
def test_new_programme_with_its_curriculum(client, request, probolinggo_unit, unit, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user:
        client.force_login(user)
    response = client.post(
        "/pelatihan/kelola/program/baru/", _programme_post(probolinggo_unit, unit)
    )
    if who == "organiser":
        programme = Programme.objects.get(title_id="Pewarna alam untuk pemula")
        assert response.status_code == 302
        assert programme.slug == "pewarna-alam-untuk-pemula"
        assert [s.hours for s in programme.sessions.all()] == [2, 6]
        outcome = LearningOutcome.objects.get(session__programme=programme)
        assert outcome.session.position == 2 and list(outcome.units.all()) == [unit]
    elif who == "other_organiser":
        # Another regency's unit is not a choice: an error at the field, nothing saved.
        assert response.status_code == 200
        assert "organiser" in response.context["form"].errors
        assert not Programme.objects.filter(title_id="Pewarna alam untuk pemula").exists()
    else:
        assert response.status_code == 302  # to the login page
        assert not Programme.objects.filter(title_id="Pewarna alam untuk pemula").exists()


def test_nothing_half_saved_and_errors_at_the_field(client, organiser, probolinggo_unit, unit):
    client.force_login(organiser)
    bad = _programme_post(probolinggo_unit, unit, **{"capaian-0-session_position": "7"})
    response = client.post("/pelatihan/kelola/program/baru/", bad)
    assert response.status_code == 200
    assert "session_position" in response.context["outcomes"].forms[0].errors
    assert not Programme.objects.filter(title_id="Pewarna alam untuk pemula").exists()
    assert not Session.objects.filter(title_id="Teori warna").exists()
    ages = _programme_post(probolinggo_unit, unit, min_age="30", max_age="16")
    response = client.post("/pelatihan/kelola/program/baru/", ages)
    assert "max_age" in response.context["form"].errors


@pytest.mark.parametrize("who", ["organiser", "other_organiser", "trainer", "anonymous"])
def test_edit_programme_access(client, request, programme, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user:
        client.force_login(user)
    response = client.get(f"/pelatihan/kelola/program/{programme.pk}/")
    if who == "organiser":
        assert response.status_code == 200
        assert response.context["sessions"].total_form_count() == 4  # 2 sessions + 2 extra
    else:
        assert response.status_code in (302, 404)


def test_new_batch_is_a_draft_and_edit_keeps_status(
    client, organiser, programme, trainer, assessor, other_organiser, make_batch
):
    opened = make_batch(status=BatchStatus.OPEN)
    client.force_login(organiser)
    start = date.today() + timedelta(days=20)
    post = {
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=2)).isoformat(),
        "venue_kind": "online",
        "venue_detail": "https://meet.example/batik",
        "capacity": "25",
        "trainers": [str(trainer.pk)],
        "assessor": str(assessor.pk),
        "offer_hours": "48",
    }
    response = client.post(f"/pelatihan/kelola/program/{programme.pk}/angkatan-baru/", post)
    assert response.status_code == 302
    batch = Batch.objects.get(programme=programme, capacity=25)
    assert batch.status == BatchStatus.DRAFT and batch.number == 2
    assert list(batch.trainers.all()) == [trainer]
    response = client.post(f"/pelatihan/kelola/{opened.pk}/ubah/", {**post, "capacity": "9"})
    opened.refresh_from_db()
    assert opened.capacity == 9 and opened.status == BatchStatus.OPEN
    # The assessor rule at the field, nothing saved.
    programme.leads_to_competency_certificate = True
    programme.save()
    response = client.post(
        f"/pelatihan/kelola/{opened.pk}/ubah/",
        {**post, "capacity": "3", "assessor": str(trainer.pk)},
    )
    assert "assessor" in response.context["form"].errors
    opened.refresh_from_db()
    assert opened.capacity == 9
    client.force_login(other_organiser)
    assert client.get(f"/pelatihan/kelola/{opened.pk}/ubah/").status_code == 404
    assert client.get(f"/pelatihan/kelola/program/{programme.pk}/angkatan-baru/").status_code == 404


def test_programme_list_constant_queries(
    client, organiser, programme, probolinggo_unit, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(organiser)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/pelatihan/kelola/program/").status_code == 200
    for n in range(5):
        Programme.objects.create(
            slug=f"p-{n}",
            title_id=f"Program {n}",
            organiser=probolinggo_unit,
            sector="batik",
            technique="bordir",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/pelatihan/kelola/program/").content.decode()
    assert html.count("data-programme=") == 6
