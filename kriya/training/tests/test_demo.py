"""The demo goes through the real services, can be loaded twice, and its pages show."""

from django.urls import reverse

from kriya.accounts import demo as accounts_demo
from kriya.training import demo
from kriya.training.models import Batch, Enrolment, FollowUp, Participant, Programme
from kriya.training.models import EnrolmentStatus as E


def test_the_demo_seeds_two_batches_once(regions, client):
    accounts_demo.seed()
    demo.seed()
    demo.seed()
    programme = Programme.objects.get()
    assert programme.is_demo and programme.min_age == 16 and programme.max_age == 30
    done, open_ = Batch.objects.order_by("number")
    assert done.status == "completed" and open_.status == "open"
    completed = Enrolment.objects.filter(batch=done, status=E.COMPLETED).count()
    assert 0 < completed < 12  # absent, below the pass mark, not yet competent: not completed
    done_people = Enrolment.objects.filter(batch=done, status=E.COMPLETED)
    assert all(e.certificate_number and e.pass_number for e in done_people)
    follow_ups = FollowUp.objects.filter(enrolment__batch=done)
    assert set(follow_ups.values_list("round", flat=True)) == {6}
    assert follow_ups.count() == completed
    assert follow_ups.filter(answered_at__isnull=False).count() == completed - 2
    assert Enrolment.objects.filter(batch=open_, status__in=(E.ENROLLED,)).count() == 8
    assert Enrolment.objects.filter(batch=open_, status=E.WAITLISTED).count() == 2
    assert all(p.is_demo for p in Participant.objects.all())
    html = client.get(reverse("training:index")).content.decode()
    assert "Batik tulis untuk generasi muda" in html
    assert client.get(reverse("training:programme", args=[programme.slug])).status_code == 200
    client.force_login(accounts_demo.ensure_user("peserta", "Nanda Peserta"))
    assert "Terdaftar" in client.get(reverse("training:mine")).content.decode()
    client.force_login(accounts_demo.ensure_user("dkupp", "Petugas DKUPP"))
    page = client.get(reverse("training:manage_batch", args=[open_.pk])).content.decode()
    assert "Daftar tunggu" in page


def test_the_demo_regency_unit_asks_for_an_in_house_batch(regions, client):
    from kriya.desk.catalogue import seed_catalogue
    from kriya.desk.models import ServiceRequest

    accounts_demo.seed()
    seed_catalogue()
    demo.seed()
    demo.seed()
    request = ServiceRequest.objects.get(service__code="pelatihan")
    assert request.is_demo and request.business is None
    assert request.organisation.name == accounts_demo.REGENCY_UNIT
    assert request.status == "submitted"
    assert request.training_details.programme == Programme.objects.get()
    client.force_login(accounts_demo.ensure_user("dkupp", "Petugas DKUPP"))
    page = client.get(reverse("desk:request", args=[request.pk])).content.decode()
    assert reverse("training:in_house", args=[request.pk]) in page
    assert client.get(reverse("training:in_house", args=[request.pk])).status_code == 200


def test_two_demo_participants_work_in_the_demo_owners_business(regions, client):
    from kriya.registry import demo as registry_demo

    accounts_demo.seed()
    registry_demo.seed()
    demo.seed()
    workers = Participant.objects.filter(business__isnull=False)
    assert workers.count() == 2
    owner = accounts_demo.ensure_user(registry_demo.OWNER_LOCAL, "")
    client.force_login(owner)
    page = client.get(reverse("training:workers")).content.decode()
    assert all(p.full_name in page for p in workers)
