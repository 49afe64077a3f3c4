"""In a real browser: an evaluator recommends, a decision maker grants, the holder
downloads the certificate PDF, and a visitor verifies it by pasting the QR text."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kriya.certification import register, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-kuat-123"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_recommend_grant_download_and_verify(
    page, flow, evaluator, decision_maker, owner, real_pdf
):
    evaluation = flow.review(flow.start())

    # The evaluator recommends.
    log_in(page, evaluator)
    page.goto(page.base_url + f"/sertifikasi/evaluasi/{evaluation.pk}/")
    page.get_by_role("link", name="Kirim rekomendasi").click()
    page.get_by_label("Berikan sertifikasi").check()
    page.get_by_role("button", name="Kirim rekomendasi").click()
    page.wait_for_selector("text=Rekomendasi dikirim kepada pengambil keputusan.")

    # A decision maker who took no part grants it.
    log_in(page, decision_maker)
    page.goto(page.base_url + "/sertifikasi/keputusan/")
    page.get_by_role("link", name=evaluation.request.number).click()
    page.get_by_role("link", name="Ambil keputusan").click()
    page.get_by_label("Berikan sertifikasi").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.wait_for_selector("text=Keputusan disimpan.")
    evaluation.refresh_from_db()
    certificate = evaluation.certificate
    assert certificate.number.startswith("LSPro/BM/")

    # The holder downloads the certificate PDF.
    log_in(page, owner)
    page.goto(page.base_url + "/sertifikasi/sertifikat/")
    page.get_by_role("link", name=certificate.number).click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh sertifikat (PDF)").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert certificate.number in text and certificate.holder_nib in text
    page.locator("summary", has_text="Isi kode QR").click()
    qr_text = page.locator("#qr-text").input_value()
    assert qr_text == register.document_of(certificate).qr_text

    # A visitor pastes the QR text on /verifikasi/.
    page.context.clear_cookies()
    page.goto(page.base_url + "/verifikasi/")
    page.get_by_label("Kode QR, nomor dokumen atau nomor seri label").fill(qr_text)
    page.get_by_role("button", name="Periksa").click()
    verdict = page.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "valid"
    shown = verdict.inner_text()
    assert certificate.number in shown and certificate.holder_name in shown
    assert re.search(r"Sah", shown)
    # And after a suspension the same text says so.
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="Survailen", by=decision_maker
    )
    page.get_by_label("Kode QR, nomor dokumen atau nomor seri label").fill(qr_text)
    page.get_by_role("button", name="Periksa").click()
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "suspended"
