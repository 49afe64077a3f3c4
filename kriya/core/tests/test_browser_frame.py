"""The frame in a real browser: the header's menu opens without JavaScript on a phone, its
links show in the header row on a desktop, and the style page fits a 360 px phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser, width, *, js=True):
    context = browser.new_context(
        java_script_enabled=js, locale="id-ID", viewport={"width": width, "height": 740}
    )
    context.set_default_timeout(15000)
    return context


def test_phone_menu_opens_without_javascript(browser, live_server):
    context = _context(browser, 360, js=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        products = page.locator(".main-nav").get_by_role("link", name="Produk")
        assert not products.is_visible()  # behind the menu button
        page.locator("[data-site-menu] > summary").click()
        assert products.is_visible()
        products.click()
        page.wait_for_url("**/produk/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.parametrize("js", [True, False])
def test_desktop_shows_the_links_in_the_header_row(browser, live_server, js):
    context = _context(browser, 1280, js=js)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert not page.locator("[data-site-menu] > summary").is_visible()
        for name in ("Produk", "Layanan", "Verifikasi", "Sertifikat", "Masuk"):
            assert page.locator(".main-nav").get_by_role("link", name=name).is_visible(), name
    finally:
        context.close()


def test_style_page_fits_a_phone(browser, live_server, desk):
    context = _context(browser, 360)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/akun/login/")
        page.locator("input[name=login]").fill(desk.email)
        page.locator("input[name=password]").fill("rahasia-kuat-123")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(live_server.url + "/gaya/")
        assert page.get_by_role("heading", name="Gaya tampilan Kriya").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The error summary's links lead to their fields.
        page.locator(".error-summary a").first.click()
        assert page.evaluate("location.hash") == "#id_name"
    finally:
        context.close()
