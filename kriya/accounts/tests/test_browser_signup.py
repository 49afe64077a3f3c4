import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_in_switch_language_log_out(page):
    base = page.base_url
    page.goto(base + "/akun/signup/")
    page.locator("input[name=email]").fill("wulan@example.test")
    page.locator("input[name=password1]").fill("Batik-Tulis-2026")
    page.locator("input[name=password2]").fill("Batik-Tulis-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/akun/confirm-email/"))

    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/akun/terkonfirmasi/$"))
    assert page.locator("h1").inner_text() == "Alamat e-mail Anda sudah dikonfirmasi"

    page.goto(base + "/akun/login/")
    page.locator("input[name=login]").fill("wulan@example.test")
    page.locator("input[name=password]").fill("Batik-Tulis-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_selector("text=Selamat datang")

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    # On a phone the header's links are behind the menu button (a <details>, no script).
    page.locator("[data-site-menu] > summary").click()
    assert page.get_by_role("button", name="Log out").is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Sign Out").count():
        page.get_by_role("button", name="Sign Out").click()
    page.goto(base + "/profil/")
    assert "/akun/login/" in page.url
