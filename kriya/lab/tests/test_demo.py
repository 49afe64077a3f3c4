"""The demo seed for `make run` is idempotent and marks what it creates."""

import pytest
from django.utils import timezone

from kriya.lab import demo
from kriya.lab.models import Calibration, Instrument, Parameter

pytestmark = pytest.mark.django_db


def test_demo_seed_twice_gives_one_set_of_demo_instruments():
    demo.seed()
    demo.seed()
    assert Instrument.objects.count() == len(demo.INSTRUMENTS)
    assert not Instrument.objects.filter(is_demo=False).exists()
    assert Calibration.objects.count() == 4
    today = timezone.localdate()
    assert Instrument.objects.expired(today).count() == 1
    assert Instrument.objects.expiring_within(30, today).count() == 1


def test_demo_seed_loads_the_shipped_reference_data():
    demo.seed()
    assert Parameter.objects.count() == 8


def test_demo_seed_puts_a_sample_on_a_demo_testing_request_once(make_request):
    from kriya.accounts import demo as accounts_demo
    from kriya.lab.models import AnalysisStatus, Sample

    accounts_demo.seed()
    make_request("in_progress", is_demo=True)
    demo.seed()
    demo.seed()
    sample = Sample.objects.get()
    assert sample.is_demo
    statuses = list(sample.analyses.values_list("status", flat=True))
    assert AnalysisStatus.VERIFIED in statuses and AnalysisStatus.TO_VERIFY in statuses
    assert AnalysisStatus.UNASSIGNED in statuses


def test_demo_seed_files_a_testing_request_when_the_desk_demo_has_none(business, testing_service):
    from kriya.accounts import demo as accounts_demo
    from kriya.lab.models import Sample
    from kriya.registry.models import Business

    accounts_demo.seed()
    Business.objects.filter(pk=business.pk).update(is_demo=True)
    demo.seed()
    sample = Sample.objects.get()
    assert sample.request.status == "in_progress" and sample.request.is_demo
    assert sample.request.business == business
