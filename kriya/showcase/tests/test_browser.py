"""A visitor in a real browser: search "batik tulis", filter by a kecamatan, open a
product and find the WhatsApp link; the same without JavaScript on a 320 px screen."""

import re

import pytest

from .factories import make_business, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(regions, make_user, officer):
    paiton_owner = make_user("paiton@example.test")
    paiton = make_business(paiton_owner, officer=officer, name="Batik Prabulinggih")
    make_product(paiton, paiton_owner, name="Kain batik tulis motif anggur")
    make_product(paiton, paiton_owner, name="Kemeja batik cap", technique="cap")
    bromo_owner = make_user("bromo@example.test")
    bromo = make_business(
        bromo_owner,
        officer=officer,
        name="Batik Pasir Berbisik",
        village_id="35.13.01.2001",
        phone="0812-9876-5432",
    )
    make_product(
        bromo, bromo_owner, name="Selendang batik tulis Tengger", motif="letusan Gunung Bromo"
    )


def search_filter_and_open(page, base):
    page.goto(base + "/")
    page.get_by_role("searchbox").first.fill("batik tulis")
    page.get_by_role("button", name="Cari").first.click()
    page.wait_for_url(re.compile(r"/produk/\?q=batik\+tulis"))
    assert page.get_by_text("Kain batik tulis motif anggur").is_visible()
    assert page.get_by_text("Selendang batik tulis Tengger").is_visible()
    assert page.get_by_text("Kemeja batik cap").count() == 0

    page.get_by_text("Saring dan urutkan").click()  # the <details> opens without script
    page.get_by_label("Kecamatan").select_option(label="Sukapura")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(re.compile(r"kecamatan=35\.13\.01"))
    assert page.get_by_text("Kain batik tulis motif anggur").count() == 0

    page.get_by_role("link", name="Selendang batik tulis Tengger").click()
    page.wait_for_url(re.compile(r"/produk/selendang-batik-tulis-tengger"))
    chat = page.get_by_role("link", name="Tanya penjual lewat WhatsApp")
    assert chat.is_visible()
    href = chat.get_attribute("href")
    assert href.startswith("https://wa.me/6281298765432?text=Halo%20Batik%20Pasir%20Berbisik")
    return page


def test_visitor_searches_filters_by_kecamatan_and_finds_the_whatsapp_link(page, catalogue):
    search_filter_and_open(page, page.base_url)


def test_the_same_works_without_javascript_on_a_320_px_screen(browser, live_server, catalogue):
    context = browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport={"width": 320, "height": 640}
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    try:
        search_filter_and_open(page, live_server.url)
        for path in ("/", "/produk/?q=batik", page.url.removeprefix(live_server.url)):
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} scrolls sideways at 320 px ({width} px)"
    finally:
        context.close()
