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


def test_demo_report_is_issued_with_demo_limits_and_verdicts_once(
    business, owner, testing_service, client
):
    """The demo's issued test report: through the services (four eyes, register, QR),
    judged against the demo specification — never a real standard's edition — and
    verifiable on /verifikasi/ with its conclusion. Seeding again adds nothing."""
    from kriya.accounts import demo as accounts_demo
    from kriya.lab.models import Specification, StandardVersion, TestReport

    accounts_demo.seed()
    demo.seed()
    report = demo.seed_report(business, owner)
    assert demo.seed_report(business, owner) == report
    assert TestReport.objects.count() == 1
    assert report.is_demo and report.is_current and report.document.is_demo
    assert report.request.is_demo and report.request.business == business
    # Every result carries a real verdict: three within the demo limits, one outside.
    results = [r for s in report.content["samples"] for r in s["results"]]
    verdicts = sorted(r["verdict"] for r in results)
    assert verdicts == ["outside", "within", "within", "within"]
    assert report.overall_verdict == "outside"
    for analysis in report.request.lab_samples.get().analyses.all():
        result = analysis.current_result
        assert result.verifications.get().verified_by != result.entered_by
    # The limits belong to the demo specification only, which says what it is.
    version = report.request.lab_samples.get().standard_version
    assert version.standard.code == demo.DEMO_STANDARD
    assert "demo" in version.title and "bukan" in version.title
    assert not Specification.objects.exclude(standard_version=version).exclude(kind="unset")
    assert not Specification.objects.filter(standard_version=version, verified=True).exists()
    assert StandardVersion.objects.filter(standard__code="SNI 8302").exists()
    # /verifikasi/ answers "valid" for the QR's payload, with the conclusion.
    response = client.get("/verifikasi/", {"q": report.document.payload})
    assert response.status_code == 200
    assert [r["verdict"] for r in response.context["results"]] == ["valid"]
    text = response.content.decode()
    assert 'data-verdict="valid"' in text and report.number in text
    assert "tidak memenuhi" in text.lower()
