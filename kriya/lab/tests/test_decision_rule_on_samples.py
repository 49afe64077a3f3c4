"""The decision rule is agreed at contract review when the lab receives the sample:
it is stored on the sample, judges each of its results, and is printed on the report."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kriya.lab import services
from kriya.lab.models import Sample, TestReport

from .test_report_iso17025 import pdf_text

pytestmark = pytest.mark.django_db


def judged(receive, lab_reference, supervisor, analyst, instrument, value, **rule):
    """The verdict of a colour-change result `value` (limit ≥ 4) on a sample received
    under `rule`."""
    sample = receive(methods=[lab_reference["washing"]], **rule)
    analysis = sample.analyses.get(parameter=lab_reference["change"])
    services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
    return services.enter_result(
        analysis=analysis, value=value, instrument=instrument, by=analyst
    ).verdict


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        ({}, "4", "within"),  # simple acceptance is the default: at the limit passes
        ({}, "3-4", "outside"),
        ({"decision_rule": "guarded", "guard_band": "0.5"}, "4", "outside"),  # in the band
        ({"decision_rule": "guarded", "guard_band": "0.5"}, "4-5", "within"),  # limit + w
        ({"decision_rule": "guarded", "guard_band": "0.5"}, "3-4", "outside"),
        ({"decision_rule": "guarded", "guard_band": "0"}, "4", "within"),
    ],
)
def test_results_are_judged_under_the_samples_decision_rule(
    receive, lab_reference, supervisor, analyst, instrument, rule, value, expected
):
    assert judged(receive, lab_reference, supervisor, analyst, instrument, value, **rule) == (
        expected
    )


def test_guarded_acceptance_needs_a_guard_band_of_zero_or_more(receive):
    for band in (None, "-0.5"):
        with pytest.raises(ValidationError) as error:
            receive(decision_rule="guarded", guard_band=band)
        assert "guard_band" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(decision_rule="lenient")
    assert "decision_rule" in error.value.message_dict
    assert not Sample.objects.exists()


def test_a_guard_band_under_simple_acceptance_is_dropped_and_the_database_refuses_one(receive):
    sample = receive(guard_band="0.5")
    assert (sample.decision_rule, sample.guard_band) == ("simple", None)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Sample.objects.filter(pk=sample.pk).update(decision_rule="guarded")


def test_the_receipt_form_records_the_rule_agreed_with_the_customer(
    client, analyst, testing_request, lab_reference
):
    client.force_login(analyst)
    client.post(
        f"/lab/permohonan/{testing_request.pk}/",
        {
            "description": "Kain batik cap",
            "standard_version": lab_reference["version"].pk,
            "methods": [lab_reference["washing"].pk],
            "condition": "good",
            "storage_location": "Lemari B",
            "retain_until": "2099-01-01",
            "decision_rule": "guarded",
            "guard_band": "0.5",
        },
    )
    sample = Sample.objects.get()
    assert (sample.decision_rule, str(sample.guard_band)) == ("guarded", "0.50")
    page = client.get(f"/lab/contoh/{sample.code}/").text
    assert "Penerimaan dengan pita pengaman" in page


@pytest.mark.parametrize(
    ("rule", "printed"),
    [
        ({}, "Aturan keputusan Penerimaan sederhana"),
        (
            {"decision_rule": "guarded", "guard_band": "0.5"},
            "Aturan keputusan Penerimaan dengan pita pengaman (w = 0,5)",
        ),
    ],
)
def test_the_report_prints_the_decision_rule(
    receive,
    lab_reference,
    supervisor,
    analyst,
    instrument,
    django_capture_on_commit_callbacks,
    signatory,
    rule,
    printed,
):
    sample = receive(methods=[lab_reference["washing"]], **rule)
    with django_capture_on_commit_callbacks(execute=True):
        for analysis in sample.analyses.all():
            services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
            services.verify_result(analysis=analysis, by=supervisor)
        services.authorise_report(request=sample.request, by=signatory.user)
    report = TestReport.objects.get()
    assert printed in pdf_text(report)
    assert report.content["samples"][0]["decision_rule"] == sample.decision_rule
