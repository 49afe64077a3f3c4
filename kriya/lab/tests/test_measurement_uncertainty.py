"""Measurement uncertainty is data per method and parameter (expanded U, in the
parameter's unit or relative, with its coverage factor k; empty = not yet evaluated).
The report prints it with each result where the method or the customer asks for it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kriya.lab.models import Parameter

from .test_report_iso17025 import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(lab_reference):
    """Colour change evaluated (U = 0.5, k = 2); staining not yet evaluated."""
    change = lab_reference["change"]
    change.uncertainty, change.coverage_factor = Decimal("0.5"), Decimal("2")
    change.save()
    return change


def test_where_the_method_asks_each_result_carries_u_and_k_or_not_yet_evaluated(
    report_for, lab_reference, evaluated
):
    washing = lab_reference["washing"]
    washing.reports_uncertainty = True
    washing.save()
    report, _ = report_for()
    text = pdf_text(report)
    assert "3-4 U = ± 0,5 (k = 2)" in text
    assert "Ketidakpastian: belum dievaluasi" in text  # staining
    assert text.count("U = ±") + text.count("belum dievaluasi") == 2  # not the pass/fail one
    assert "faktor cakupan k" in text
    rows = {r["parameter"]: r["uncertainty"] for r in report.content["samples"][0]["results"]}
    assert rows[evaluated.name] == {"evaluated": True, "value": "0.5", "unit": "", "k": "2"}
    assert rows[lab_reference["look"].name] is None


def test_where_the_customer_asks_the_report_prints_it_and_otherwise_not(
    report_for, lab_reference, evaluated
):
    asked, _ = report_for(report_uncertainty=True)
    assert "U = ± 0,5 (k = 2)" in pdf_text(asked)


def test_without_a_request_for_it_no_uncertainty_is_printed(report_for, evaluated):
    report, _ = report_for()
    text = pdf_text(report)
    assert "U = ±" not in text and "belum dievaluasi" not in text


def test_a_relative_uncertainty_is_printed_in_percent_and_a_unit_with_the_result(
    report_for, lab_reference, evaluated
):
    evaluated.uncertainty, evaluated.uncertainty_relative = Decimal("3"), True
    evaluated.save()
    staining = lab_reference["staining"]
    staining.unit = "mm"
    staining.save()
    report, _ = report_for(report_uncertainty=True)
    text = pdf_text(report)
    assert "U = ± 3 % (k = 2)" in text
    assert "4 mm" in text


def test_an_uncertainty_needs_its_coverage_factor(lab_reference):
    change = lab_reference["change"]
    change.uncertainty = Decimal("0.5")
    with pytest.raises(ValidationError) as error:
        change.clean()
    assert "coverage_factor" in error.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        Parameter.objects.filter(pk=change.pk).update(uncertainty=Decimal("0.5"))
