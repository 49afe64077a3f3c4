"""The check-in component in Chromium: scans pasted while offline survive a reload
(the service worker serves the page), sync once online, and a second sync adds nothing."""

from datetime import date

import pytest
from playwright.sync_api import expect

from kriya.verify.models import Scan

pytestmark = pytest.mark.browser


@pytest.fixture
def checkin_urls(settings):
    settings.ROOT_URLCONF = "kriya.verify.tests.checkin_urls"


def make_pass(issue, number, name):
    return issue(
        doc_type="training_pass",
        number=number,
        holder_nib="",
        holder_name=name,
        scheme="Pelatihan batik tulis",
        scope="Angkatan 2",
        issued_on=date(2026, 3, 1),
        expires_on=None,
    )


def paste(page, text):
    page.fill("#checkin-text", text)
    page.click("[data-checkin-paste] button[type=submit]")


def test_offline_scans_survive_a_reload_and_sync_once(page, issue, checkin_urls, transactional_db):
    siti = make_pass(issue, "TP/0001", "Siti Aminah")
    budi = make_pass(issue, "TP/0002", "Budi Santoso")
    make_pass(issue, "TP/0003", "Dewi Lestari")
    url = page.base_url + "/uji/presensi/"
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    expect(page.locator('[data-count="total"]')).to_have_text("3")
    # Let the worker take control and cache the page and the roster.
    page.reload()
    assert page.evaluate(
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
    )
    expect(page.locator('[data-count="total"]')).to_have_text("3")

    page.context.set_offline(True)
    paste(page, siti.qr_text)
    paste(page, budi.payload)
    paste(page, siti.qr_text)  # the same pass again: not a second scan
    assert "Sudah dipindai" in page.inner_text("[data-checkin-message]")
    assert page.inner_text('[data-count="pending"]') == "2"
    assert page.inner_text('[data-count="present"]') == "2"
    assert page.locator("[data-checkin-scans] li[data-status=pending]").count() == 2
    assert "menunggu sinkron" in page.inner_text("[data-checkin-scans]")
    assert Scan.objects.count() == 0

    page.reload()  # still offline: the service worker answers
    page.wait_for_selector("[data-checkin]")
    assert page.inner_text('[data-count="pending"]') == "2"
    assert page.inner_text('[data-count="total"]') == "3"
    assert "Tanpa sambungan" in page.inner_text("[data-checkin-network]")

    page.context.set_offline(False)  # the 'online' event syncs
    expect(page.locator('[data-count="pending"]')).to_have_text("0")
    expect(page.locator("[data-checkin-scans] li[data-status=accepted]")).to_have_count(2)
    assert Scan.objects.filter(verdict="accepted").count() == 2
    assert set(Scan.objects.values_list("document__number", flat=True)) == {"TP/0001", "TP/0002"}
    assert page.locator("[data-checkin-scans] li[data-status=accepted]").count() == 2

    # The manual list: Dewi has no phone; tick her.
    page.click("details.checkin-manual summary")
    page.click("button[aria-label='Hadir: Dewi Lestari']")
    expect(page.locator('[data-count="present"]')).to_have_text("3")
    expect(page.locator('[data-count="pending"]')).to_have_text("0")
    assert Scan.objects.filter(manual=True, document__number="TP/0003").count() == 1

    # Sync everything again (as after a lost answer): nothing new is stored.
    page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => !k.endsWith(':roster'));"
        " const s = JSON.parse(localStorage.getItem(k)); s.forEach(x => x.status = 'pending');"
        " localStorage.setItem(k, JSON.stringify(s)); }"
    )
    page.reload()
    expect(page.locator('[data-count="pending"]')).to_have_text("0")
    page.click("[data-checkin-sync]")
    expect(page.locator("[data-checkin-scans] li[data-status=duplicate]")).to_have_count(3)
    assert Scan.objects.count() == 3
