"""Outcomes: follow-ups 3, 6 and 12 months after a batch (sent once per round by the
scheduler's job, answered through a signed link without login, correctable, filled in by a
facilitator), the facts Kriya already knows, and the funnel's outcome steps."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.core.models import AuditEvent
from kriya.ops.schedule import JOBS
from kriya.registry.tests.factories import make_business, make_product
from kriya.training import outcomes, queries, services
from kriya.training.models import Batch, Enrolment, FollowUp

ANSWER = {
    "produces": "1",
    "sells": "1",
    "employs": "1",
    "employees": "2",
    "turnover": "up",
    "turnover_band": "1to5",
}


@pytest.fixture
def facilitator(make_user, probolinggo_unit, member):
    """The facilitator who recorded the people (with their consent); not batch staff."""
    return member(make_user("pendamping@example.test"), probolinggo_unit, Role.FACILITATOR)


@pytest.fixture
def completed(
    make_batch, make_person, enrol, programme, organiser, trainer, assessor, unit, facilitator
):
    """A batch that ended 100 days ago: two people completed (one with e-mail), one not."""
    batch = make_batch(capacity=3)
    people = [
        make_person(email="ani@example.test", created_by=facilitator),
        make_person(created_by=facilitator),
        make_person(),
    ]
    done = [enrol(batch, p) for p in people]
    for session in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[e.pk for e in done[:2]], by=trainer
        )
    services.record_scores(batch=batch, scores={e.pk: (40, 90) for e in done}, by=trainer)
    for e in done:
        services.assess_unit(enrolment=e, unit=unit, result="competent", by=assessor)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    end = timezone.localdate() - timedelta(days=100)
    Batch.objects.filter(pk=batch.pk).update(starts_on=end - timedelta(days=2), ends_on=end)
    batch.refresh_from_db()
    return batch


def test_the_job_sends_each_round_once(completed):
    job = JOBS["training_follow_ups"].get_task()
    assert job.call() == {"created": 2, "sent": 1}  # the two who completed; one has e-mail
    assert [m.to for m in mail.outbox] == [["ani@example.test"]]
    assert "/pelatihan/t/" in mail.outbox[0].body
    assert job.call() == {"created": 0, "sent": 0}  # never twice per round
    assert set(FollowUp.objects.values_list("round", flat=True)) == {3}
    # Six months on: the 6-month round, sent once; the 3-month one is not sent again.
    later = completed.ends_on + timedelta(days=190)
    assert outcomes.send_due(later) == {"created": 2, "sent": 1}
    assert outcomes.send_due(later) == {"created": 0, "sent": 0}
    assert len(mail.outbox) == 2
    # Long after the last round: nothing is created any more.
    assert outcomes.create_due(completed.ends_on + timedelta(days=800)) == 0


def test_the_signed_link_answers_without_login_and_corrects_the_same_answer(
    client, completed, monkeypatch
):
    outcomes.create_due()
    follow_up = FollowUp.objects.filter(enrolment__participant__email="ani@example.test").get()
    url = reverse("training:follow_up", args=[outcomes.token_for(follow_up)])
    assert client.get(url).status_code == 200
    page = client.post(url, {**ANSWER, "employs": "1", "employees": ""})
    assert "employees" in page.context["form"].errors  # errors at the field, nothing saved
    assert FollowUp.objects.get(pk=follow_up.pk).answered_at is None
    assert client.post(url, ANSWER).status_code == 200
    client.post(url, {**ANSWER, "employs": "0", "turnover": "same"})  # corrected
    follow_up.refresh_from_db()
    assert (follow_up.employs, follow_up.employees, follow_up.turnover) == (False, None, "same")
    assert follow_up.answered_by is None and follow_up.positive
    assert FollowUp.objects.filter(enrolment=follow_up.enrolment).count() == 1
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="training.follow_up").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == ["training.follow_up.answered", "training.follow_up.corrected"]
    assert client.get(url[:-3] + "xx/").status_code == 404  # tampered
    monkeypatch.setattr(outcomes, "LINK_DAYS", -1)
    assert client.get(url).status_code == 404  # expired


@pytest.mark.parametrize("who", ["facilitator", "other", "anonymous"])
def test_a_facilitator_sees_and_fills_in_follow_ups(
    who, client, completed, facilitator, other_organiser, make_user
):
    outcomes.create_due()
    follow_up = FollowUp.objects.filter(enrolment__participant__email="").first()
    person = follow_up.enrolment.participant
    owner = make_user("owner@example.test")
    business = make_business(owner, name="Batik Ani")
    person.business = business
    person.save()
    make_product(business, owner)  # listed today, after the batch ended
    if who == "facilitator":
        client.force_login(facilitator)
    elif who == "other":
        client.force_login(other_organiser)
    listing = client.get(reverse("training:follow_ups"), {"angkatan": completed.pk})
    fill = reverse("training:follow_up_fill", args=[follow_up.pk])
    if who == "anonymous":
        assert listing.status_code == 302 and client.get(fill).status_code == 302
        return
    html = listing.content.decode()
    if who == "other":
        assert f'data-follow-up="{follow_up.pk}"' not in html
        assert client.get(fill).status_code == 404
        assert client.post(fill, ANSWER).status_code == 404
        return
    assert f'data-follow-up="{follow_up.pk}"' in html
    assert "https://wa.me/62812" in html and "/pelatihan/t/" in html
    assert "usaha terdaftar" in html and "1 produk" in html
    assert client.post(fill, ANSWER).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.answered_by == facilitator and follow_up.employees == 2


def test_known_facts_and_the_list_cost_constant_queries(
    client, completed, facilitator, make_user, make_person, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    outcomes.create_due()
    business = make_business(make_user("owner@example.test"), name="Batik Bersama")
    for e in completed.enrolments.filter(status="completed"):
        e.participant.business = business
        e.participant.save()
    client.force_login(facilitator)
    url = reverse("training:follow_ups")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    people = [make_person(created_by=facilitator) for _ in range(3)]
    for p in people:
        e = Enrolment.objects.create(
            batch=completed, participant=p, status="completed", channel="facilitator"
        )
        FollowUp.objects.create(enrolment=e, round=3, due_on=completed.ends_on)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("data-follow-up=") == 5


def test_the_funnel_counts_answered_and_positive_outcomes(client, completed):
    outcomes.create_due()
    first, second = FollowUp.objects.order_by("pk")
    outcomes.answer(
        follow_up=first,
        data={**ANSWER, "employs": True, "employees": 2, "produces": True, "sells": True},
    )
    outcomes.answer(
        follow_up=second,
        data={"produces": False, "sells": False, "employs": False, "turnover": "same"},
    )
    total = queries.funnel(completed.programme)["total"]
    assert [total[s]["all"] for s in queries.FUNNEL_STEPS] == [3, 2, 2, 2, 0, 2, 1]
    html = client.get(reverse("training:programme", args=[completed.programme.slug])).content
    assert b'data-step="positive"' in html
