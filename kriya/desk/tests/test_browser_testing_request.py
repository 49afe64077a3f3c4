"""In a real browser: an owner applies for testing of a batik tulis cloth, the desk
accepts and bills, the owner uploads the proof, the desk confirms, an analyst completes
with a result document, and the owner answers the satisfaction survey and downloads the
result."""

import re

import pytest
from django.utils import timezone

from kriya.desk.models import ServiceRequest, Status, SurveyResponse
from kriya.desk.tests.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def pdf_file(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_testing_of_a_batik_tulis_cloth_from_application_to_downloaded_result(
    page, owner, desk, analyst, business, testing_service
):
    # The owner applies, seeing the requirements and the fee first.
    log_in(page, owner)
    page.goto(page.base_url + "/layanan/")
    page.get_by_role("link", name="Pengujian").click()
    page.get_by_role("link", name="Ajukan permohonan").click()
    assert page.get_by_text("Surat permohonan").first.is_visible()
    assert page.get_by_text("Rp\xa0150.000").first.is_visible()
    page.locator("input[name=items-0-name]").fill("Kain batik tulis motif anggur")
    page.locator("textarea[name=items-0-description]").fill("Pewarna alam, 2 × 1,15 m")
    page.locator("input[name=doc_surat_permohonan]").set_input_files(pdf_file("surat.pdf"))
    click(page, "Ajukan sekarang")
    page.wait_for_url(re.compile(r"/permohonan/\d+/$"))
    request = ServiceRequest.objects.get()
    url = page.base_url + f"/permohonan/{request.pk}/"
    assert request.status == Status.SUBMITTED

    # The desk reviews, accepts and bills.
    log_in(page, desk)
    page.goto(url)
    click(page, "Mulai periksa")
    click(page, "Terima")
    page.get_by_role("link", name="Terbitkan tagihan").click()
    tariff = testing_service.tariff_items.get()
    page.locator(f"input[name=qty_{tariff.pk}]").fill("2")
    page.locator("input[name=billing_code]").fill("820260000000001")
    click(page, "Terbitkan tagihan")
    assert page.get_by_text("Rp\xa0300.000").first.is_visible()

    # The owner pays and uploads the proof.
    log_in(page, owner)
    page.goto(url)
    assert page.locator(".billing-code").first.inner_text() == "820260000000001"
    page.locator("input[name=file]").set_input_files(pdf_file("bukti-bayar.pdf"))
    page.locator("input[name=paid_on]").fill(timezone.localdate().isoformat())
    click(page, "Unggah bukti bayar")
    assert page.get_by_text("menunggu pemeriksaan").is_visible()

    # The desk confirms the payment.
    log_in(page, desk)
    page.goto(url)
    click(page, "Konfirmasi pembayaran")
    request.refresh_from_db()
    assert request.status == Status.PAID

    # An analyst does the work and completes with the result document.
    log_in(page, analyst)
    page.goto(url)
    click(page, "Mulai pengerjaan")
    click(page, "Hasil siap")
    page.locator("form[data-action=complete] input[name=file]").set_input_files(
        pdf_file("SHU-001.pdf")
    )
    click(page, "Selesaikan dan serahkan")
    request.refresh_from_db()
    assert request.status == Status.COMPLETED

    # The owner answers the satisfaction survey first, then downloads the result.
    log_in(page, owner)
    page.goto(url)
    assert page.get_by_text("Selesai, hasil diserahkan").is_visible()  # the timeline
    assert page.locator("#result-h ~ ul.documents").count() == 0  # gated
    page.get_by_role("link", name="Isi survei").click()
    page.wait_for_url(re.compile(r"/survei/$"))
    assert page.locator("fieldset[data-element]").count() == 9
    for score, element in zip("434344434", range(1, 10), strict=True):
        page.locator(f"fieldset[data-element=u{element}] input[value='{score}']").check()
    page.locator("textarea[name=suggestion]").fill("Petugas ramah, hasil jelas.")
    click(page, "Kirim survei")
    page.wait_for_url(re.compile(r"/permohonan/\d+/$"))
    response = SurveyResponse.objects.get(request=request)
    assert response.scores == [4, 3, 4, 3, 4, 4, 4, 3, 4]
    with page.expect_download() as download_info:
        page.locator("#result-h ~ ul.documents a").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read().startswith(b"%PDF-")
