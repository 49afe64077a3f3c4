"""In a real browser on a phone: the head of the regency office (a regency officer of
DKUPP Kabupaten Probolinggo) opens the programme page from their home, sees a target
and its actual, opens the contributing records and downloads the quarterly PDF
(screenshots under var/artifacts/screenshots/insights/)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_head_of_regency_office_follows_the_programme(
    page, officer, agreement, reports, journey_shot
):
    shot = journey_shot("insights")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(officer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beranda/$"))
    page.get_by_role("link", name=re.compile("Target dan capaian")).first.click()
    page.wait_for_url(re.compile(rf"/dasbor/program/{agreement.pk}/"))
    page.goto(page.url.split("?")[0] + "?tahun=2026")
    section = page.locator("#target-produk_diuji")
    assert "Target: 10" in section.inner_text()
    assert "Capaian: 2" in section.inner_text()
    assert no_sideways_scroll(page)
    shot(page, "programme")

    section.get_by_role("link", name="2", exact=True).first.click()
    page.wait_for_url(re.compile(r"/catatan/produk_diuji/"))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert reports[2].number not in page.content()  # Kota Probolinggo's report
    assert no_sideways_scroll(page)
    shot(page, "records")

    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Unduh laporan triwulan 1")).click()
    download = info.value
    assert download.suggested_filename == "laporan-kerja-sama-2026-triwulan-1.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"


def test_dashboards_read_well_on_a_phone(page, officer, reports, journey_shot):
    shot = journey_shot("insights-dashboards")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(officer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beranda/$"))
    for key in ("registri", "layanan", "laboratorium", "sertifikasi"):
        page.goto(f"{page.base_url}/dasbor/{key}/?periode=2026")
        assert page.locator("figure.chart").count() >= 2
        assert no_sideways_scroll(page), key
        shot(page, f"dashboard-{key}")
