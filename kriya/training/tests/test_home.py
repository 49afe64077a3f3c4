"""Training's panels on "Beranda saya": a participant's trainings (with an offer to
answer), a trainer's batches, an organiser's batches with the waiting list — each with a
fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kriya.training import services


def test_a_new_sign_up_is_invited_to_join(client, make_user):
    client.force_login(make_user("baru@example.test"))
    html = client.get(reverse("core:my_home")).content.decode()
    assert "Ikut pelatihan" in html


def test_a_participant_sees_an_offer_to_answer(client, make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second = enrol(batch, make_person()), enrol(batch, make_person())
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    client.force_login(second.participant.user)
    html = client.get(reverse("core:my_home")).content.decode()
    assert "Pelatihan saya" in html and "Ada kursi untuk Anda" in html


def test_trainer_and_organiser_panels_keep_constant_queries(
    client, organiser, trainer, make_batch, make_person, enrol, django_assert_max_num_queries
):
    batch = make_batch(capacity=1)
    batch.trainers.add(organiser)
    enrol(batch, make_person())
    for user, title in (
        (trainer, "Angkatan yang saya ajar"),
        (organiser, "yang saya selenggarakan"),
    ):
        client.force_login(user)
        with CaptureQueriesContext(connection) as few:
            html = client.get(reverse("core:my_home")).content.decode()
        assert title in html and f'data-batch="{batch.pk}"' in html
        for _ in range(3):
            extra = make_batch(capacity=1)
            extra.trainers.add(organiser)
            enrol(extra, make_person())
            enrol(extra, make_person())
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("core:my_home"))


def test_another_regencys_organiser_sees_none_of_these_batches(client, other_organiser, batch):
    client.force_login(other_organiser)
    html = client.get(reverse("core:my_home")).content.decode()
    assert f'data-batch="{batch.pk}"' not in html
