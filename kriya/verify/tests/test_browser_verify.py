"""A visitor pastes a QR's text into /verifikasi/ in a real browser and reads the verdict."""

import pytest

from kriya.verify.services import set_document_status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_pastes_a_payload_and_sees_the_verdict(page, issue):
    document = issue(number="LSPRO/BM/0001/2026")
    set_document_status(document=document, action="suspend", reason="Surveilans", by=None)
    page.goto(page.base_url + "/verifikasi/")
    page.get_by_label("Kode QR, nomor dokumen atau nomor seri label").fill(document.payload)
    page.get_by_role("button", name="Periksa").click()
    verdict = page.locator("[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "suspended"
    assert "Dibekukan" in verdict.inner_text()
    assert "LSPRO/BM/0001/2026" in verdict.inner_text()
    # Typing the number works as well; the camera button only shows where it can work.
    page.get_by_label("Kode QR, nomor dokumen atau nomor seri label").fill("LSPRO/BM/0001/2026")
    page.get_by_role("button", name="Periksa").click()
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "suspended"
    has_detector = page.evaluate("'BarcodeDetector' in window")
    assert page.locator("#scan-button").is_visible() == has_detector
