"""The pages: public list (constant queries), programme and batch pages, enrolling from
the batch page, "Pelatihan saya", and the organiser's batch page with its access rules."""

from datetime import date

import pytest
from django.urls import reverse

from kriya.training import services
from kriya.training.models import Enrolment, Participant
from kriya.training.models import EnrolmentStatus as E


def test_the_public_list_shows_open_batches_with_constant_queries(
    client, make_batch, make_person, enrol, django_assert_num_queries
):
    make_batch(capacity=1)
    url = reverse("training:index")
    client.get(url)  # warm the session/site caches
    with django_assert_num_queries(1) as first:
        response = client.get(url)
    assert response.status_code == 200
    full = make_batch(capacity=1)
    enrol(full, make_person())
    enrol(full, make_person())
    for _ in range(5):
        make_batch(capacity=3)
    make_batch(status="draft")
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert html.count("data-batch=") == 7
    assert "1 orang di daftar tunggu" in html


def test_the_programme_and_batch_pages_are_public(client, batch, programme):
    response = client.get(reverse("training:programme", args=[programme.slug]))
    assert response.status_code == 200
    assert "Usia 16–30 tahun" in response.content.decode()
    html = client.get(reverse("training:batch", args=[batch.pk])).content.decode()
    assert "data-enrol" in html and "Sisa 2 kursi" in html
    assert "C.13BTK00.001.1" in html and "belum dicocokkan" in html


def test_a_draft_batch_is_not_public(client, make_batch):
    draft = make_batch(status="draft")
    assert client.get(reverse("training:batch", args=[draft.pk])).status_code == 404


def test_enrolling_asks_an_anonymous_visitor_to_log_in(client, batch):
    response = client.get(reverse("training:enrol", args=[batch.pk]))
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def _form(**extra):
    return {
        "full_name": "Ayu Lestari",
        "birth_date": date(date.today().year - 19, 1, 5).isoformat(),
        "gender": "female",
        "phone": "081233344455",
        "email": "",
        "education": "sma",
        "province": "35",
        "regency": "35.13",
        "district": "35.13.20",
        "village": "35.13.20.2001",
        **extra,
    }


def test_a_young_person_enrols_from_the_batch_page(client, batch, make_user):
    user = make_user("ayu@example.test", full_name="Ayu")
    client.force_login(user)
    response = client.post(reverse("training:enrol", args=[batch.pk]), _form())
    enrolment = Enrolment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:my_enrolment", args=[enrolment.pk])
    assert enrolment.participant.user == user and enrolment.status == E.ENROLLED
    # Twice: still one enrolment.
    client.post(reverse("training:enrol", args=[batch.pk]), _form())
    assert Enrolment.objects.count() == 1
    page = client.get(reverse("training:mine")).content.decode()
    assert "Ayu Lestari" in page and "Terdaftar" in page


def test_an_ineligible_person_sees_the_rule_and_nothing_is_saved(client, batch, make_user):
    client.force_login(make_user("tua@example.test"))
    response = client.post(
        reverse("training:enrol", args=[batch.pk]),
        _form(birth_date=date(1980, 1, 1).isoformat()),
    )
    assert response.status_code == 200
    assert "Syarat usia" in response.content.decode()
    assert not Enrolment.objects.exists()
    assert not Participant.objects.exists()


def test_a_bad_field_is_named_at_the_field(client, batch, make_user):
    client.force_login(make_user("x@example.test"))
    response = client.post(
        reverse("training:enrol", args=[batch.pk]), _form(is_student="on", school="")
    )
    assert "Tulis nama sekolah" in response.content.decode()
    assert not Participant.objects.exists()


def test_the_nik_field_appears_only_when_the_programme_needs_it(
    client, batch, programme, make_user
):
    client.force_login(make_user("x@example.test"))
    url = reverse("training:enrol", args=[batch.pk])
    assert 'name="nik"' not in client.get(url).content.decode()
    programme.leads_to_competency_certificate = True
    programme.save()
    assert 'name="nik"' in client.get(url).content.decode()


def test_a_person_answers_an_offer_from_their_page(client, make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second = enrol(batch, make_person()), enrol(batch, make_person())
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    client.force_login(second.participant.user)
    page = client.get(reverse("training:my_enrolment", args=[second.pk])).content.decode()
    assert "Ada kursi untuk Anda" in page and 'data-action="accept"' in page
    client.post(reverse("training:enrolment_action", args=[second.pk, "accept"]))
    second.refresh_from_db()
    assert second.status == E.ENROLLED


def test_someone_elses_enrolment_is_404(client, batch, make_person, enrol):
    mine, theirs = make_person(), make_person()
    enrolment = enrol(batch, theirs)
    client.force_login(mine.user)
    assert client.get(reverse("training:my_enrolment", args=[enrolment.pk])).status_code == 404
    response = client.post(reverse("training:enrolment_action", args=[enrolment.pk, "cancel"]))
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["organiser", "trainer", "assessor", "officer"])
def test_the_batch_staff_see_the_batch_page(request, client, batch, make_person, enrol, persona):
    enrol(batch, make_person("Rara"))
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("training:manage_batch", args=[batch.pk]))
    assert response.status_code == 200
    assert "Rara" in response.content.decode()
    assert client.get(reverse("training:manage")).content.decode().count("data-batch=") == 1


@pytest.mark.parametrize("persona", ["other_organiser", "other_officer", "owner_user"])
def test_others_get_404_on_the_batch_page(request, client, batch, persona, make_user):
    user = (
        make_user("pemilik@example.test")
        if persona == "owner_user"
        else request.getfixturevalue(persona)
    )
    client.force_login(user)
    assert client.get(reverse("training:manage_batch", args=[batch.pk])).status_code == 404
    assert (
        client.post(reverse("training:batch_transition", args=[batch.pk, "start"])).status_code
        == 404
    )
    assert "data-batch=" not in client.get(reverse("training:manage")).content.decode()


def test_anonymous_is_sent_to_login_from_the_work_pages(client, batch):
    for url in (
        reverse("training:manage"),
        reverse("training:manage_batch", args=[batch.pk]),
        reverse("training:mine"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_the_organiser_moves_the_batch_and_records_attendance_and_scores(
    client, organiser, batch, programme, make_person, enrol
):
    a, b = enrol(batch, make_person("Ani")), enrol(batch, make_person("Budi"))
    client.force_login(organiser)
    client.post(reverse("training:batch_transition", args=[batch.pk, "start"]))
    batch.refresh_from_db()
    assert batch.status == "running"
    session = programme.sessions.first()
    client.post(reverse("training:attendance", args=[batch.pk, session.pk]), {"hadir": [a.pk]})
    client.post(
        reverse("training:attendance", args=[batch.pk, session.pk]), {"hadir": [a.pk, b.pk]}
    )
    assert session and a.attendance.count() == 1 and b.attendance.count() == 1
    client.post(
        reverse("training:scores", args=[batch.pk]),
        {f"pre-{a.pk}": "40", f"post-{a.pk}": "85", f"pre-{b.pk}": "", f"post-{b.pk}": "101"},
    )
    a.refresh_from_db()
    assert a.pre_test is None  # nothing saved: one score was out of range
    client.post(
        reverse("training:scores", args=[batch.pk]),
        {f"pre-{a.pk}": "40", f"post-{a.pk}": "85"},
    )
    a.refresh_from_db()
    assert (a.pre_test, a.post_test, a.knowledge_gain) == (40, 85, 45)
    page = client.get(reverse("training:manage_batch", args=[batch.pk])).content.decode()
    assert "25%" in page  # Ani: 2 of 8 JP


def test_the_manage_page_keeps_constant_queries(
    client, organiser, make_batch, make_person, enrol, django_assert_max_num_queries
):
    batch = make_batch(capacity=3)
    enrol(batch, make_person())
    client.force_login(organiser)
    url = reverse("training:manage_batch", args=[batch.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        enrol(batch, make_person())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_programme_page_shows_the_funnel_with_constant_queries(
    client,
    make_batch,
    make_person,
    enrol,
    programme,
    organiser,
    trainer,
    assessor,
    unit,
    django_assert_max_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kriya.training import queries

    batch = make_batch(capacity=5)
    young, old = enrol(batch, make_person(age=20)), enrol(batch, make_person(age=30))
    absent = enrol(batch, make_person(age=22))
    for session in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[young.pk, old.pk], by=trainer
        )
    services.record_scores(batch=batch, scores={young.pk: (10, 90), old.pk: (10, 90)}, by=trainer)
    services.assess_unit(enrolment=young, unit=unit, result="competent", by=assessor)
    services.assess_unit(enrolment=old, unit=unit, result="not_yet", by=assessor)
    programme.all_units_competent = False
    programme.save()
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    total = queries.funnel(programme)["total"]
    assert [total[s]["all"] for s in queries.FUNNEL_STEPS] == [3, 2, 2, 1, 0, 0, 0]
    assert total["enrolled"]["youth"] == 2  # 30 is not youth
    assert total["competent"]["female"] + total["competent"]["male"] == 1
    assert absent
    url = reverse("training:programme", args=[programme.slug])
    with CaptureQueriesContext(connection) as few:
        html = client.get(url).content.decode()
    assert "data-funnel" in html
    other = make_batch(capacity=5)
    for _ in range(4):
        enrol(other, make_person())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_person_downloads_what_is_held_about_them(client, batch, make_person, enrol, make_user):
    person = make_person("Rina")
    person.set_nik("3513012345670001")
    person.save()
    enrol(batch, person)
    client.force_login(person.user)
    assert "data-my-data" in client.get(reverse("training:mine")).content.decode()
    data = client.get(reverse("training:my_data")).json()
    assert data["full_name"] == "Rina" and data["nik"] == "3513••••••••0001"
    assert data["enrolments"][0]["status"] == "enrolled"
    client.force_login(make_user("kosong@example.test"))
    assert client.get(reverse("training:my_data")).status_code == 404
