"""On a phone-sized window: an officer opens the call, a business applies, the officer
accepts it and gives it a booth, the exhibitor reports two days of sales, the officer
downloads the report PDF, and the public event page lists the exhibitor."""

from pathlib import Path

import pytest

from kriya.events import services
from kriya.events.models import Application, SalesReport

from .conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-kuat-123"


def log_in(page, user):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_call_apply_accept_booth_sales_report_and_public_page(
    page, officer, probolinggo_unit, business, owner, product, journey_shot
):
    shot = journey_shot("events")
    event = make_event(officer, probolinggo_unit, status="published")
    services.add_booths(event=event, rows=[{"code": "A1", "zone": "Batik"}], by=officer)

    # The officer opens the call.
    log_in(page, officer)
    page.goto(page.base_url + f"/acara/kelola/{event.pk}/")
    page.get_by_role("button", name="Buka pendaftaran peserta").click()
    page.wait_for_selector("text=Status acara diperbarui.")
    shot(page, "call-open")

    # The business applies.
    log_in(page, owner)
    page.goto(page.base_url + event.get_absolute_url())
    page.get_by_role("link", name="Daftar sebagai peserta pameran").click()
    page.get_by_label("Kategori produk utama").select_option("batik")
    page.get_by_label(product.name).check()
    shot(page, "apply")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.wait_for_selector("text=Pendaftaran Anda tersimpan.")
    application = Application.objects.get(event=event, business=business)

    # The officer accepts and gives a booth.
    log_in(page, officer)
    page.goto(page.base_url + f"/acara/kelola/{event.pk}/")
    page.get_by_role("button", name="Terima").click()
    page.wait_for_selector("text=Keputusan disimpan dan pendaftar diberi tahu.")
    page.locator("select[name=booth]").select_option(label="A1 · Batik")
    page.get_by_role("button", name="Tetapkan stan").click()
    page.wait_for_selector("text=Stan ditetapkan.")
    shot(page, "accepted-with-booth")

    # The exhibitor reports two days of sales on the phone form.
    log_in(page, owner)
    for amount in ("350000", "420000"):
        page.goto(page.base_url + f"/acara/pendaftaran/{application.pk}/")
        page.get_by_role("link", name="Laporkan penjualan").first.click()
        page.get_by_label("Jumlah transaksi").fill("7")
        page.get_by_label("Tunai (Rp)").fill(amount)
        page.get_by_role("button", name="Simpan laporan").click()
        page.wait_for_selector("text=Laporan penjualan tersimpan. Terima kasih.")
    shot(page, "two-days-reported")
    assert SalesReport.objects.filter(application=application, is_current=True).count() == 2

    # The officer downloads the report PDF.
    log_in(page, officer)
    page.goto(page.base_url + f"/acara/kelola/{event.pk}/laporan/")
    shot(page, "report")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh PDF").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF-")

    # The public page lists the exhibitor, and nothing scrolls sideways on the phone.
    page.context.clear_cookies()
    page.goto(page.base_url + event.get_absolute_url())
    assert page.get_by_role("link", name=business.name).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "public-page")
