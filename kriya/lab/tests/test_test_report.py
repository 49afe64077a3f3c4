"""When every analysis is verified a numbered report is issued as PDF, attached to the
request, and the request moves to "result ready". A correction issues a new number and
the old report shows "digantikan oleh …"."""

import io
import re

import pytest
from pypdf import PdfReader

from kriya.core.models import AuditEvent
from kriya.lab import services
from kriya.lab.models import ReportStatus, TestReport

pytestmark = pytest.mark.django_db


def pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_no_report_until_every_analysis_is_verified(
    receive, lab_reference, supervisor, analyst, instrument
):
    sample = receive()
    analysis = sample.analyses.get(parameter=lab_reference["change"])
    services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
    services.enter_result(analysis=analysis, value="4", instrument=instrument, by=analyst)
    services.verify_result(analysis=analysis, by=supervisor)
    assert not TestReport.objects.exists()


def test_report_is_issued_attached_and_the_request_is_result_ready(
    verified_sample, testing_request
):
    report = TestReport.objects.get()
    assert re.fullmatch(r"SHU-\d{4}-00001", report.number)
    assert report.status == ReportStatus.ISSUED and report.overall_verdict == "outside"
    assert report.pdf and report.page_count >= 1
    testing_request.refresh_from_db()
    assert testing_request.status == "result_ready"
    document = testing_request.documents.get(kind="result", slot="shu")
    assert document.title.endswith(report.number) and document.content_type == "application/pdf"
    english = testing_request.documents.get(kind="result", slot="shu_en")
    assert report.number in english.title and report.pdf_en
    assert AuditEvent.objects.filter(
        verb="lab.report_issued", object_id=str(testing_request.pk)
    ).exists()


def test_report_pdf_holds_results_limits_people_and_the_verification_link(verified_sample):
    report = TestReport.objects.get()
    text = pdf_text(report)
    for expected in [
        "SERTIFIKAT HASIL UJI",
        report.number,
        "Batik Prabulinggih",
        "9120001234567",  # NIB
        "Siti Aminah",  # applicant
        verified_sample.code,
        "Kain batik tulis motif anggur",
        "SNI 8302:2016/Amd.1:2019",
        "SNI ISO 105-C06:2010",
        "3-4",
        "≥ 4",
        "Tidak memenuhi",
        "batas belum ditetapkan",
        "Lulus",
        "Memenuhi",
        "Ani Analis (Analis)",
        "Sari Penyelia (Penyelia laboratorium)",
        "Launder-Ometer",
        "Halaman 1 dari",
        f"/verifikasi/test_report/{report.number}/",  # the URL fallback under the QR
    ]:
        assert expected in text, expected


def test_the_report_is_registered_and_its_qr_payload_verifies(verified_sample, settings):
    from kriya.verify.offline import Verdict
    from kriya.verify.queries import verify_payload

    report = TestReport.objects.get()
    document = report.document
    assert (document.doc_type, document.number) == ("test_report", report.number)
    assert (document.holder_nib, document.holder_name) == ("9120001234567", "Batik Prabulinggih")
    assert document.scheme == "SNI 8302:2016/Amd.1:2019"
    assert verified_sample.code in document.scope and "tidak memenuhi" in document.scope
    qr = report.content["qr_text"]
    assert qr.startswith(settings.KRIYA_PUBLIC_URL + "/verifikasi/?q=KRY1")
    found = verify_payload(document.payload)
    assert found.verdict == Verdict.VALID and found.document == document


def test_correction_issues_a_new_number_and_supersedes_the_old_report(
    verified_sample,
    lab_reference,
    analyst,
    second_supervisor,
    instrument,
    client,
    signatory,
    django_capture_on_commit_callbacks,
):
    old = TestReport.objects.get()
    analysis = verified_sample.analyses.get(parameter=lab_reference["change"])
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_result(
            analysis=analysis,
            value="4",
            reason="Salah baca skala abu-abu",
            instrument=instrument,
            by=analyst,
        )
        assert TestReport.objects.count() == 1  # nothing new until verified again
        services.verify_result(analysis=analysis, by=second_supervisor)
        assert TestReport.objects.count() == 1  # nor until authorised
        services.authorise_report(request=analysis.sample.request, by=signatory.user)
    new = TestReport.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert new.number != old.number
    assert (old.status, new.supersedes) == (ReportStatus.SUPERSEDED, old)
    assert new.correction_reason == "Salah baca skala abu-abu"
    text = pdf_text(new)
    assert old.number in text and "Salah baca skala abu-abu" in text
    old.document.refresh_from_db()
    assert (old.document.status, old.document.superseded_by) == ("superseded", new.document)
    page = client.get(f"/shu/{old.number}/", follow=True).text
    assert "Digantikan oleh" in page and new.number in page


def test_authorising_again_without_change_issues_no_second_report(
    verified_sample, testing_request, signatory
):
    from kriya.core.workflow import InvalidTransition

    assert not services.report_awaits_authorisation(testing_request)
    with pytest.raises(InvalidTransition):
        services.authorise_report(request=testing_request, by=signatory.user)
    assert TestReport.objects.count() == 1


def test_a_correction_after_completion_leaves_the_request_completed(
    verified_sample,
    testing_request,
    lab_reference,
    analyst,
    second_supervisor,
    instrument,
    signatory,
    django_capture_on_commit_callbacks,
):
    from kriya.desk.models import ServiceRequest

    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    analysis = verified_sample.analyses.get(parameter=lab_reference["change"])
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_result(
            analysis=analysis, value="4", reason="Salah baca", instrument=instrument, by=analyst
        )
        services.verify_result(analysis=analysis, by=second_supervisor)
        services.authorise_report(request=testing_request, by=signatory.user)
    new = TestReport.objects.issued().get()
    assert new.pdf and new.supersedes is not None
    testing_request.refresh_from_db()
    assert testing_request.status == "completed"
    # The first report's two PDFs (Indonesian and English); none for the corrected one.
    assert testing_request.documents.filter(kind="result").count() == 2


def test_printing_a_report_leaves_pillows_truncated_image_check_on(verified_sample):
    # WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when imported; the lab
    # restores it so photo checks elsewhere keep refusing truncated files.
    from PIL import ImageFile

    assert TestReport.objects.get().pdf
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
