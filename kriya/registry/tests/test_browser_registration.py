"""In a real browser: an owner registers a business and a product and submits it; a
regency officer verifies it from the queue."""

import re

import pytest

from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role
from kriya.regions.models import Region
from kriya.registry.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Batik-Tulis-2026"


def setup_people(make_user):
    rows = [
        ("35", "Jawa Timur", 1, None),
        ("35.13", "Kabupaten Probolinggo", 2, "35"),
        ("35.13.20", "Tegalsiwalan", 3, "35.13"),
        ("35.13.20.2005", "Bulujaranlor", 4, "35.13.20"),
    ]
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in rows]
    )
    owner = make_user("wulan@example.test", password=PASSWORD, full_name="Wulan")
    officer = make_user("oki@dkupp.test", password=PASSWORD, full_name="Oki")
    unit = Organisation.objects.create(
        name="DKUPP", kind=OrganisationKind.REGENCY_UNIT, regency_id="35.13"
    )
    Membership.objects.create(user=officer, organisation=unit, role=Role.REGENCY_OFFICER)
    return owner, officer


def log_in(page, email):
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("text=Selamat datang")


def test_owner_registers_and_officer_verifies(page, browser, live_server, make_user):
    owner, officer = setup_people(make_user)
    # Shared CI machines can be slow; waiting longer never makes the test pass wrongly.
    page.set_default_timeout(40000)

    log_in(page, owner.email)
    # On a phone the header's links are behind the menu button (a <details>, no script).
    page.locator("[data-site-menu] > summary").click()
    page.get_by_role("link", name="Usaha saya").click()
    page.get_by_role("link", name="Daftarkan usaha", exact=True).click()
    # Step 1: identity and NIB.
    page.fill("#id_nib", "9120 0012 3456 7")
    page.fill("#id_name", "Batik Prabulinggih")
    page.fill("#id_owner_name", "Wulan")
    page.fill("#id_phone", "0812-3456-7890")
    page.get_by_role("button", name="Lanjutkan").click()
    # Step 2: the province and regency are preset to the deployment's regency.
    page.wait_for_url(re.compile(r"/usaha-saya/baru/alamat/$"))
    assert page.locator("#id_regency").input_value() == "35.13"
    page.fill("#id_address", "Jl. Bulujaran 7")
    # Each choice swaps the picker in with htmx; the next one waits until it has settled.
    for select, value in (("#id_district", "35.13.20"), ("#id_village", "35.13.20.2005")):
        page.select_option(select, value)
        page.settle_htmx()
    page.get_by_role("button", name="Lanjutkan").click()
    # Step 3: sector.
    page.wait_for_url(re.compile(r"/usaha-saya/baru/usaha/$"))
    page.select_option("#id_sector", "batik")
    page.fill("#id_kbli", "13134")
    page.fill("#id_workforce_total", "5")
    page.fill("#id_annual_sales", "Rp 150.000.000")
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_url(re.compile(r"/usaha-saya/baru/periksa/$"))
    page.get_by_role("button", name="Simpan usaha").click()
    page.wait_for_url(re.compile(r"/usaha-saya/\d+/$"))
    assert page.locator("h1").inner_text().startswith("Batik Prabulinggih")

    page.locator(".next-step").get_by_role("link", name="Tambah produk").click()
    page.fill("#id_name", "Kain batik tulis motif anggur")
    page.select_option("#id_technique", "tulis")
    page.fill("#id_motif", "anggur")
    page.fill("#id_price", "Rp 650.000")
    page.check("#id_is_published")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/usaha-saya/produk/\d+/$"))
    page.get_by_role("link", name="Batik Prabulinggih").first.click()
    page.get_by_role("button", name="Ajukan verifikasi").click()
    page.wait_for_selector("text=Menunggu verifikasi petugas kabupaten")

    officer_context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    officer_context.set_default_timeout(40000)
    officer_page = officer_context.new_page()
    officer_page.base_url = live_server.url
    log_in(officer_page, officer.email)
    officer_page.locator("[data-site-menu] > summary").click()
    officer_page.get_by_role("link", name="Antrean verifikasi").first.click()
    officer_page.get_by_role("link", name="Batik Prabulinggih").click()
    assert officer_page.get_by_role("button", name="Kembalikan dengan alasan").is_visible()
    officer_page.get_by_role("button", name="Verifikasi").click()
    officer_page.wait_for_selector("text=Tidak ada usaha yang menunggu verifikasi")
    officer_context.close()

    business = Business.objects.get()
    assert business.status == "verified" and business.products.get().is_batik
    page.reload()
    assert page.locator("h1 .badge").inner_text() == "Terverifikasi"
