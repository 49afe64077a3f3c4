"""Enrolment: once per person per batch whatever the path and however many submits at
once; the waiting list in order; a freed seat offered with a deadline, then to the next;
eligibility failures naming the rule; the NIK encrypted and masked."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from kriya.training import services
from kriya.training.models import Channel, Enrolment, Participant
from kriya.training.models import EnrolmentStatus as E


def test_enrolling_twice_returns_the_first_enrolment(batch, make_person):
    person = make_person()
    first, created = services.enrol_participant(batch=batch, participant=person, by=person.user)
    again, created_again = services.enrol_participant(
        batch=batch, participant=person, by=person.user
    )
    assert created and not created_again and first.pk == again.pk
    assert first.status == E.ENROLLED


def test_the_database_allows_one_enrolment_per_person(batch, make_person):
    person = make_person()
    Enrolment.objects.create(batch=batch, participant=person, status=E.ENROLLED, channel="self")
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(
            batch=batch, participant=person, status=E.ENROLLED, channel="import"
        )


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_submits_enrol_once(make_batch, make_person):
    batch = make_batch(capacity=1)
    person = make_person()
    results, errors = [], []

    def submit():
        return services.enrol_participant(batch=batch, participant=person, by=person.user)

    if connection.vendor != "postgresql":
        results.extend(submit() for _ in range(10))
    else:
        barrier = threading.Barrier(10)

        def worker():
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                results.append(submit())
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert Enrolment.objects.count() == 1
    assert sum(created for _e, created in results) == 1
    assert Enrolment.objects.get().status == E.ENROLLED


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_different_people_never_exceed_capacity(make_batch, make_person):
    batch = make_batch(capacity=3)
    people = [make_person() for _ in range(8)]
    errors = []
    if connection.vendor != "postgresql":
        for p in people:
            services.enrol_participant(batch=batch, participant=p, by=p.user)
    else:
        barrier = threading.Barrier(len(people))

        def worker(p):
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                services.enrol_participant(batch=batch, participant=p, by=p.user)
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(p,)) for p in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert Enrolment.objects.filter(status=E.ENROLLED).count() == 3
    assert Enrolment.objects.filter(status=E.WAITLISTED).count() == 5


def test_past_capacity_people_wait_in_order(make_batch, make_person, enrol):
    batch = make_batch(capacity=2)
    people = [make_person() for _ in range(5)]
    statuses = [enrol(batch, p).status for p in people]
    assert statuses == [E.ENROLLED, E.ENROLLED, E.WAITLISTED, E.WAITLISTED, E.WAITLISTED]
    assert [e.participant for e in services.waiting_list(batch)] == people[2:]


def test_a_freed_seat_is_offered_to_the_first_in_line_with_a_deadline(
    make_batch, make_person, enrol
):
    batch = make_batch(capacity=1, offer_hours=24)
    first, second, third = (enrol(batch, make_person()) for _ in range(3))
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == E.OFFERED and third.status == E.WAITLISTED
    remaining = second.offer_expires_at - timezone.now()
    assert timedelta(hours=23) < remaining <= timedelta(hours=24)
    # A newcomer does not jump the queue while someone holds the offer.
    assert enrol(batch, make_person()).status == E.WAITLISTED
    services.accept_offer(enrolment=second, by=second.participant.user)
    second.refresh_from_db()
    assert second.status == E.ENROLLED and second.offer_expires_at is None


def test_an_offer_not_accepted_in_time_passes_to_the_next(make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second, third = (enrol(batch, make_person()) for _ in range(3))
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    assert services.expire_offers() == 0
    lapsed = services.expire_offers(now=timezone.now() + timedelta(hours=49))
    assert lapsed == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == E.DECLINED and third.status == E.OFFERED
    with pytest.raises(ValidationError):
        # Too late for the second person, even if the scheduler has not run yet.
        Enrolment.objects.filter(pk=third.pk).update(
            offer_expires_at=timezone.now() - timedelta(minutes=1)
        )
        third.refresh_from_db()
        services.accept_offer(enrolment=third, by=third.participant.user)


def test_declining_an_offer_passes_it_on(make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second, third = (enrol(batch, make_person()) for _ in range(3))
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    second.refresh_from_db()
    services.decline_offer(enrolment=second, by=second.participant.user)
    third.refresh_from_db()
    assert third.status == E.OFFERED


def test_someone_else_cannot_answer_my_offer(make_batch, make_person, enrol):
    batch = make_batch(capacity=1)
    first, second = (enrol(batch, make_person()) for _ in range(2))
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    second.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.accept_offer(enrolment=second, by=first.participant.user)


def test_self_service_enrols_only_oneself(batch, make_person):
    me, other = make_person(), make_person()
    with pytest.raises(PermissionDenied):
        services.enrol_participant(batch=batch, participant=other, by=me.user)


def test_a_facilitator_enrols_a_consenting_person(batch, make_user, member, probolinggo_unit):
    from kriya.accounts.models import Role

    facilitator = member(make_user("pendamping@x.test"), probolinggo_unit, Role.FACILITATOR)
    data = {
        "full_name": "Rina",
        "birth_date": timezone.localdate().replace(year=timezone.localdate().year - 19),
        "gender": "female",
        "phone": "081234567890",
        "village_id": "35.13.20.2001",
    }
    with pytest.raises(ValidationError) as refused:
        services.register_participant(data=data, consent=False, by=facilitator)
    assert "menyetujui" in str(refused.value)
    assert not Participant.objects.exists()
    person = services.register_participant(data=data, consent=True, by=facilitator)
    enrolment, created = services.enrol_participant(
        batch=batch, participant=person, channel=Channel.FACILITATOR, by=facilitator
    )
    assert created and enrolment.status == E.ENROLLED and enrolment.enrolled_by == facilitator


def test_a_facilitator_cannot_enrol_someone_they_did_not_record(
    batch, make_person, make_user, member, probolinggo_unit
):
    from kriya.accounts.models import Role

    facilitator = member(make_user("pendamping@x.test"), probolinggo_unit, Role.FACILITATOR)
    with pytest.raises(PermissionDenied):
        services.enrol_participant(
            batch=batch, participant=make_person(), channel=Channel.FACILITATOR, by=facilitator
        )


@pytest.mark.parametrize(
    "person_kwargs,programme_changes,expected",
    [
        ({"age": 35}, {}, "Syarat usia: program ini untuk usia 16–30 tahun"),
        ({"age": 14}, {}, "usia Anda 14 tahun"),
        (
            {"village": "35.74.01.1001"},
            {},
            "Syarat wilayah: program ini khusus warga Kabupaten Probolinggo",
        ),
        ({"village": None}, {}, "Isi desa domisili"),
        ({}, {"business_rule": "required"}, "Syarat usaha"),
        ({}, {"students_only": True}, "Syarat pelajar"),
        (
            {"is_student": True, "school": "SMK 2"},
            {"school": "SMKN 1 Kraksaan"},
            "khusus pelajar SMKN 1 Kraksaan",
        ),
        ({}, {"leads_to_competency_certificate": True}, "Syarat NIK"),
    ],
)
def test_eligibility_failures_name_the_rule(
    batch, programme, make_person, person_kwargs, programme_changes, expected
):
    for field, value in programme_changes.items():
        setattr(programme, field, value)
    programme.save()
    person = make_person(**person_kwargs)
    with pytest.raises(ValidationError) as refused:
        services.enrol_participant(batch=batch, participant=person, by=person.user)
    assert any(expected in m for m in refused.value.messages), refused.value.messages
    assert not Enrolment.objects.exists()


def test_an_eligible_student_of_the_named_school_may_join(batch, programme, make_person):
    programme.school = "SMKN 1 Kraksaan"
    programme.save()
    person = make_person(is_student=True, school="smkn 1 kraksaan")
    assert services.enrol_participant(batch=batch, participant=person, by=person.user)[1]


def test_a_closed_batch_takes_no_enrolment(make_batch, make_person):
    batch = make_batch(status="draft")
    person = make_person()
    with pytest.raises(ValidationError) as refused:
        services.enrol_participant(batch=batch, participant=person, by=person.user)
    assert "tidak sedang dibuka" in refused.value.messages[0]


def test_the_nik_is_stored_encrypted_and_shown_masked(make_user):
    user = make_user("nik@example.test")
    person = services.save_own_participant(
        user=user,
        data={
            "full_name": "Rina",
            "birth_date": timezone.localdate().replace(year=2004),
            "gender": "female",
            "phone": "081234567890",
        },
        nik="3513 0123 4567 0001",
    )
    raw = Participant.objects.values_list("nik_sealed", flat=True).get(pk=person.pk)
    assert "3513012345670001" not in raw
    assert person.nik == "3513012345670001"
    assert person.nik_masked == "3513••••••••0001"
    with pytest.raises(ValidationError):
        services.save_own_participant(user=user, data={}, nik="123")


def test_the_scheduler_runs_the_expiry(make_batch, make_person, enrol):
    from kriya.ops.schedule import JOBS

    batch = make_batch(capacity=1)
    first, second = enrol(batch, make_person()), enrol(batch, make_person())
    services.cancel_enrolment(enrolment=first, by=first.participant.user)
    Enrolment.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert JOBS["training_offers"].get_task().call() == {"expired": 1}
    second.refresh_from_db()
    assert second.status == E.DECLINED
