"""The test report carries what ISO/IEC 17025 §7.8 asks of it: the dates of receipt,
of testing (per parameter where they differ) and of issue, who took the sample, the
test conditions the method sets, the statement that results hold only for the sample
tested, and an end-of-report marker. Checked in the text extracted from the PDF."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def long_date(day) -> str:
    with override("id"):
        return date_format(day, "j F Y")


def test_a_report_prints_receipt_testing_and_issue_dates_the_customer_statement_and_its_end(
    report_for,
):
    report, sample = report_for()
    text = pdf_text(report)
    today = long_date(timezone.localdate())
    for expected in [
        f"Tanggal diterima {long_date(timezone.localdate(sample.received_at))}",
        f"Tanggal pengujian {today}",
        f"Tanggal terbit {today}",
        "Contoh diterima dari pelanggan",
        "Hasil uji ini hanya berlaku untuk contoh yang diuji",
        "— Akhir laporan —",
    ]:
        assert expected in text, expected
    assert "Tanggal uji" not in text  # one testing day: no per-parameter column
    assert text.index("— Akhir laporan —") > text.index("Periksa keaslian")  # last


def test_testing_dates_that_differ_are_printed_per_parameter(report_for):
    today = timezone.localdate()
    report, _ = report_for(measured={"change": 3, "staining": 2})
    text = pdf_text(report)
    first, second = today - timedelta(days=3), today - timedelta(days=2)
    assert f"Tanggal pengujian {long_date(first)} s.d. {long_date(today)}" in text
    assert "Tanggal uji" in text
    for day in (first, second, today):
        assert long_date(day) in text
    assert report.content["samples"][0]["tested_from"] == first.isoformat()


def test_a_sample_the_agency_took_names_who_when_where_and_the_plan(report_for):
    taken = timezone.localdate() - timedelta(days=5)
    report, sample = report_for(
        sampling={
            "by": "Eko Evaluator",
            "on": taken,
            "place": "Lokasi produksi — Batik Prabulinggih",
            "plan": "Pengambilan contoh evaluasi sertifikasi SNI",
        }
    )
    text = pdf_text(report)
    assert (
        f"Contoh diambil oleh lembaga: Eko Evaluator, {long_date(taken)}, "
        "di Lokasi produksi — Batik Prabulinggih; "
        "rencana: Pengambilan contoh evaluasi sertifikasi SNI"
    ) in text
    assert "diterima dari pelanggan" not in text


def test_the_conditioning_atmosphere_a_method_sets_is_printed_and_absent_when_unset(
    report_for, lab_reference
):
    washing = lab_reference["washing"]
    washing.conditioning = "20 ± 2 °C, RH 65 ± 4 %"
    washing.save()
    report, _ = report_for()
    text = pdf_text(report)
    assert f"Kondisi pengujian {washing.name}: 20 ± 2 °C, RH 65 ± 4 %" in text
    assert text.count("Kondisi pengujian") == 1  # the visual method sets none
