"""The demo seed loads the catalogue and a few demo requests, once."""

from kriya.accounts import demo as accounts_demo
from kriya.desk import demo
from kriya.desk.models import (
    Complaint,
    Programme,
    Service,
    ServiceRequest,
    SurveyResponse,
)


def test_the_demo_seed_is_idempotent_and_marks_its_requests(regions, owner, business):
    from kriya.registry.models import Business

    accounts_demo.seed()
    Business.objects.filter(pk=business.pk).update(is_demo=True)
    demo.seed()
    demo.seed()
    assert Service.objects.count() == 12
    requests = ServiceRequest.objects.all()
    assert requests.count() == 5
    assert all(r.is_demo for r in requests)
    assert set(requests.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "awaiting_payment",
        "completed",
    }
    assert SurveyResponse.objects.count() == 1
    assert Complaint.objects.get().request.status == "awaiting_payment"
    programme = Programme.objects.get()
    assert programme.is_demo and programme.used == 1
    assert programme.sponsorships.get().request.service.code == "pemeriksaan_halal"


def test_without_demo_businesses_only_the_catalogue_is_loaded(db):
    demo.seed()
    assert Service.objects.count() == 12
    assert not ServiceRequest.objects.exists()
