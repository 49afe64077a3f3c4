"""In a real browser at phone size (390×844): an owner with a registered, verified
business applies for testing, follows the steps, opens the bill the desk issued (its
billing code from the fake SIMPONI adapter), copies the code, uploads the proof; the
desk records the payment and the owner sees it paid and what comes next.
Screenshots: var/artifacts/screenshots/owner-request/."""

import re

import pytest
from django.utils import timezone

from kriya.desk.models import Bill, ServiceRequest, Status
from kriya.desk.tests.conftest import PDF_BYTES
from kriya.registry.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def current_step(page) -> str:
    return page.locator("[aria-current=step]").get_attribute("data-step")


def fits_the_phone(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_owner_applies_follows_the_steps_and_pays_the_bill(
    page, owner, desk, business, testing_service, settings, journey_shot
):
    settings.KRIYA_SIMPONI_ADAPTER = "kriya.desk.adapters.simponi.FakeSimponi"
    Business.objects.filter(pk=business.pk).update(status="verified")
    page.set_default_timeout(40000)
    shot = journey_shot("owner-request")

    # The owner sees the fee estimate before applying.
    log_in(page, owner)
    page.goto(page.base_url + "/layanan/pengujian/")
    estimate = page.locator("[data-fee=tariff]").inner_text()
    assert re.search(r"Perkiraan biaya: Rp[ \xa0]?150\.000 per parameter", estimate)
    assert "tagihan resmi dikirim setelah permohonan diperiksa" in estimate
    assert fits_the_phone(page)
    shot(page, "service-estimate")

    page.get_by_role("link", name="Ajukan permohonan").click()
    page.locator("input[name=items-0-name]").fill("Kain batik tulis motif anggur")
    page.locator("input[name=doc_surat_permohonan]").set_input_files(
        {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    shot(page, "apply-form")
    click(page, "Ajukan sekarang")
    page.wait_for_url(re.compile(r"/permohonan/\d+/$"))
    request = ServiceRequest.objects.get()
    url = page.url

    # The steps: checked is current, the desk's turn, 5 working days left.
    assert current_step(page) == "checked"
    assert page.locator("[data-turn]").inner_text() == "Petugas layanan balai"
    assert "Sisa 5 hari kerja" in page.locator("[data-clock]").inner_text()
    assert page.get_by_role("button", name="Batalkan permohonan").count() == 0
    assert page.get_by_role("link", name="Batalkan permohonan…").is_visible()
    assert fits_the_phone(page)
    shot(page, "request-steps")

    # The desk checks, accepts and bills; SIMPONI (the fake) gives the billing code.
    log_in(page, desk)
    page.goto(url)
    click(page, "Mulai periksa")
    click(page, "Terima")
    page.get_by_role("link", name="Terbitkan tagihan").click()
    tariff = testing_service.tariff_items.get()
    page.locator(f"input[name=qty_{tariff.pk}]").fill("2")
    click(page, "Terbitkan tagihan")
    bill = Bill.objects.get()
    assert bill.code_source == "simponi" and len(bill.billing_code) == 15

    # The owner is told to pay and opens the bill.
    log_in(page, owner)
    page.goto(url)
    assert current_step(page) == "paid"
    assert page.locator("[data-turn]").inner_text() == "Anda"
    shot(page, "request-bill-issued")
    page.locator("[data-todo]").get_by_role("link", name="Lihat tagihan dan cara bayar").click()
    page.wait_for_url(re.compile(r"/tagihan/\d+/$"))
    assert page.locator("#billing-code").inner_text() == bill.billing_code
    assert re.search(r"Rp[ \xa0]?300\.000", page.locator("[data-total]").first.inner_text())
    assert page.get_by_role("heading", name="Cara membayar").is_visible()

    # Copy the code (Clipboard API); the page fits a 360-px phone too.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.get_by_role("button", name="Salin kode").click()
    page.wait_for_selector("text=Kode billing tersalin")
    assert page.evaluate("() => navigator.clipboard.readText()") == bill.billing_code
    page.set_viewport_size({"width": 360, "height": 740})
    assert fits_the_phone(page)
    subtotal = page.locator("[data-subtotal]").first.bounding_box()
    assert subtotal["x"] + subtotal["width"] <= 360
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "bill")

    # The owner uploads the proof from the bill page.
    page.locator("#proof-form input[name=file]").set_input_files(
        {"name": "bukti-bayar.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("#proof-form input[name=paid_on]").fill(timezone.localdate().isoformat())
    page.locator("#proof-form input[name=reference]").fill("0123456789ABCDEF")
    click(page, "Unggah bukti bayar")
    page.wait_for_url(re.compile(r"/permohonan/\d+/$"))
    assert page.locator("[data-turn]").inner_text() == "Petugas layanan balai"
    assert "memeriksa bukti bayar" in page.locator("[data-next]").inner_text()

    # The desk records the payment.
    log_in(page, desk)
    page.goto(url)
    click(page, "Konfirmasi pembayaran")
    request.refresh_from_db()
    assert request.status == Status.PAID

    # The owner sees it paid and the next step: bring the sample to the lab.
    log_in(page, owner)
    page.goto(url)
    assert current_step(page) == "work"
    assert page.locator("[data-bill-state=paid]").first.is_visible()
    assert "contoh uji" in page.locator("[data-todo]").inner_text()
    assert "laboratorium balai" in page.locator("[data-next]").inner_text()
    assert page.get_by_role("link", name="Batalkan permohonan…").count() == 0
    assert fits_the_phone(page)
    shot(page, "paid-next-step")


def test_without_javascript_the_bill_shows_the_code_as_text_and_no_copy_button(
    browser, live_server, owner, desk, make_request
):
    from kriya.desk import services

    request = make_request("accepted", standard_days=5)
    tariff = request.service.tariff_items.get()
    bill = services.issue_bill(
        request=request,
        lines=[{"tariff_item": tariff.pk, "quantity": 1}],
        due_date=timezone.localdate(),
        billing_code="820260000000009",
        by=desk,
    )
    context = browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, owner)
        page.goto(page.base_url + f"/permohonan/{request.pk}/tagihan/{bill.pk}/")
        assert page.locator("#billing-code").inner_text() == "820260000000009"
        assert not page.get_by_role("button", name="Salin kode").is_visible()
        user_select = page.locator("#billing-code").evaluate("n => getComputedStyle(n).userSelect")
        assert user_select == "all"  # one tap selects the whole code
        assert fits_the_phone(page)
    finally:
        context.close()
