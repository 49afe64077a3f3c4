"""In a real browser: an analyst receives a sample, a supervisor assigns the work, the
analyst enters results (the expired instrument is not offered), the supervisor
verifies, the authorised signatory authorises the report, it is issued, and the applicant
downloads it."""

import io

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from kriya.desk import services as service_desk
from kriya.desk.models import ServiceRequest
from kriya.lab.models import Sample, TestReport

from .conftest import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    """Give the browser a session of `user` (the sign-in form has its own tests)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.base_url,
            }
        ]
    )


def test_from_sample_receipt_to_the_report_downloaded_by_the_applicant(
    page,
    analyst,
    supervisor,
    signatory,
    desk,
    owner,
    testing_request,
    lab_reference,
    instrument,
    expired_instrument,
    tmp_path,
):
    # The analyst receives the sample on the request's lab page.
    sign_in(page, analyst)
    page.goto(f"{page.base_url}/lab/permohonan/{testing_request.pk}/")
    page.get_by_label("Uraian contoh").fill("Kain batik tulis motif anggur")
    page.get_by_label("Dinilai terhadap standar").select_option(label="SNI 8302:2016/Amd.1:2019")
    page.get_by_label("SNI ISO 105-C06:2010").check()
    page.get_by_label("Kondisi saat diterima").select_option("good")
    page.get_by_label("Tempat penyimpanan").fill("Lemari A-2")
    photo = tmp_path / "contoh.png"
    photo.write_bytes(png_upload().read())
    page.get_by_label("Foto contoh (JPEG/PNG)").set_input_files(str(photo))
    page.get_by_role("button", name="Terima contoh").click()
    sample = Sample.objects.get()
    page.wait_for_url(f"**/lab/contoh/{sample.code}/")
    assert page.get_by_role("heading", name=f"Contoh {sample.code}").is_visible()

    # The label carries the code and a QR.
    page.get_by_role("link", name="Cetak label").click()
    assert page.locator(".label .code").inner_text() == sample.code
    assert page.locator(".label svg").count() == 1

    # The supervisor assigns both analyses to the analyst.
    sign_in(page, supervisor)
    for analysis in sample.analyses.all():
        page.goto(f"{page.base_url}/lab/analisis/{analysis.pk}/")
        page.get_by_label("Analis").select_option(label="Ani Analis")
        page.get_by_role("button", name="Tugaskan").click()
        page.wait_for_url(f"**/lab/analisis/{analysis.pk}/")

    # The analyst works through the worklist.
    sign_in(page, analyst)
    for value in ("3-4", "4"):
        page.goto(f"{page.base_url}/lab/")
        page.locator("table a[href^='/lab/analisis/']").first.click()
        options = page.get_by_label("Instrumen").locator("option").all_inner_texts()
        assert any("LO-01" in o for o in options) and not any("XE-09" in o for o in options)
        page.get_by_label("Hasil", exact=False).first.select_option(value)
        page.get_by_label("Instrumen").select_option(label=str(instrument))
        page.get_by_role("button", name="Simpan hasil").click()
        assert page.get_by_text("menunggu verifikasi").first.is_visible()

    # The supervisor verifies from the queue; the report waits for authorisation.
    sign_in(page, supervisor)
    for _ in range(2):
        page.goto(f"{page.base_url}/lab/verifikasi/")
        page.locator("table a[href^='/lab/analisis/']").first.click()
        page.get_by_role("button", name="Verifikasi hasil").click()
        assert page.get_by_text("Hasil diverifikasi.").is_visible()
    assert not TestReport.objects.exists()

    # The head of the lab, on the list of authorised signatories, authorises it.
    sign_in(page, signatory.user)
    page.goto(f"{page.base_url}/lab/permohonan/{testing_request.pk}/")
    page.get_by_role("button", name="Sahkan dan terbitkan laporan").click()
    page.get_by_text("disahkan dan diterbitkan").first.wait_for()
    report = TestReport.objects.get()
    testing_request.refresh_from_db()
    assert testing_request.status == "result_ready"

    # The desk completes the request (its own pages come with the service desk).
    service_desk.complete_request(
        request=ServiceRequest.objects.get(pk=testing_request.pk), by=desk
    )

    # The applicant has answered the satisfaction survey (the service desk's result
    # gate waits for it; the survey itself is tested with the service desk).
    from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

    SurveyResponse.objects.create(
        request_id=testing_request.pk,
        service_id=testing_request.service_id,
        respondent=owner,
        **dict.fromkeys(SURVEY_FIELDS, 4),
    )

    # The applicant downloads the report.
    sign_in(page, owner)
    page.goto(f"{page.base_url}/lab/laporan/{report.number}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF", exact=True).click()
    path = download_info.value.path()
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert report.number in text and sample.code in text and "3-4" in text

    # Anyone can check it.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/shu/{report.number}/")
    page.wait_for_url(f"**/verifikasi/test_report/{report.number}/")
    assert page.locator("[data-verdict=valid]").is_visible()
