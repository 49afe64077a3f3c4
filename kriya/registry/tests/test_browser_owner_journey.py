"""The owner's first hour on a phone (390×844): sign up → confirm through the link in
the e-mail → log in → register the business in steps → see the task list. Screenshots
of each page are kept with `journey_shot("owner")`."""

import re

import pytest
from django.core import mail

from kriya.regions.models import Region
from kriya.registry.models import Business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Batik-Tulis-2026"
NO_OVERFLOW = "() => document.documentElement.scrollWidth <= window.innerWidth"


def make_regions():
    rows = [
        ("11", "Aceh", 1, None),
        ("35", "Jawa Timur", 1, None),
        ("35.13", "Kabupaten Probolinggo", 2, "35"),
        ("35.13.20", "Tegalsiwalan", 3, "35.13"),
        ("35.13.20.2005", "Bulujaranlor", 4, "35.13.20"),
        ("35.74", "Kota Probolinggo", 2, "35"),
    ]
    Region.objects.bulk_create(
        [Region(code=c, name=n, level=lvl, parent_id=p) for c, n, lvl, p in rows]
    )


def test_owner_first_hour_on_a_phone(page, journey_shot):
    make_regions()
    shot = journey_shot("owner")
    page.set_default_timeout(40000)
    base = page.base_url

    def fits():
        assert page.evaluate(NO_OVERFLOW), f"{page.url} is wider than the phone"

    # Sign up.
    page.goto(base + "/akun/signup/")
    assert page.locator("h1").inner_text() == "Buat akun Kriya"
    fits()
    shot(page, "signup")
    page.fill("#id_email", "wulan@example.test")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Buat akun").click()
    page.wait_for_url(re.compile(r"/akun/confirm-email/$"))
    assert page.locator("h1").inner_text() == "Periksa e-mail Anda"
    shot(page, "check-email")

    # The e-mail greets from Kriya and carries the link.
    (message,) = mail.outbox
    assert message.body.splitlines()[0] == "Halo dari Kriya,"  # not the host name
    link = re.search(r"https?://[^/\s]+(/akun/confirm-email/\S+)", message.body).group(1)
    page.goto(base + link)
    fits()
    shot(page, "confirm-email")
    page.get_by_role("button", name="Konfirmasi").click()
    page.wait_for_url(re.compile(r"/akun/terkonfirmasi/$"))
    assert "Daftarkan usaha Anda" in page.locator("main").inner_text()
    fits()
    shot(page, "email-confirmed")

    # Log in; the next page is the business form.
    page.get_by_role("link", name="Masuk, lalu daftarkan usaha Anda").click()
    page.wait_for_url(re.compile(r"/akun/login/"))
    fits()
    shot(page, "login")
    page.fill("#id_login", "wulan@example.test")
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/usaha-saya/baru/$"))

    # Step 1, first with a mistake: the summary at the top links to the field.
    page.fill("#id_nib", "12345")
    page.get_by_role("button", name="Lanjutkan").click()
    page.wait_for_selector(".error-summary")
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    assert summary.get_by_role("link", name="NIB harus 13 digit angka.").is_visible()
    assert page.locator("#id_nib_error").inner_text().endswith("NIB harus 13 digit angka.")
    fits()
    shot(page, "business-step1-errors")
    summary.get_by_role("link", name="Nama usaha wajib diisi.").click()
    assert page.evaluate("() => location.hash") == "#id_name"
    page.fill("#id_nib", "9120 0012 3456 7")
    page.fill("#id_name", "Batik Prabulinggih")
    page.fill("#id_owner_name", "Wulan")
    page.fill("#id_phone", "0812-3456-7890")
    page.get_by_role("button", name="Lanjutkan").click()

    # Step 2: the regency is preset; the point comes from the phone's location.
    page.wait_for_url(re.compile(r"/usaha-saya/baru/alamat/$"))
    assert page.locator("#id_province").input_value() == "35"
    assert page.locator("#id_regency").input_value() == "35.13"
    page.fill("#id_address", "Jl. Bulujaran 7")
    page.select_option("#id_district", "35.13.20")
    page.settle_htmx()
    page.select_option("#id_village", "35.13.20.2005")
    page.settle_htmx()
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": -7.7543, "longitude": 113.2159, "accuracy": 12})
    page.get_by_role("button", name="Gunakan lokasi saya").click()
    page.wait_for_selector("text=Titik lokasi sudah ditandai (ketepatan sekitar 12 m).")
    fits()
    shot(page, "business-step2-address")
    page.get_by_role("button", name="Lanjutkan").click()

    # Step 3: sector.
    page.wait_for_url(re.compile(r"/usaha-saya/baru/usaha/$"))
    page.select_option("#id_sector", "batik")
    page.fill("#id_kbli", "13134")
    page.fill("#id_workforce_total", "5")
    page.fill("#id_annual_sales", "Rp 150.000.000")
    fits()
    shot(page, "business-step3-sector")
    page.get_by_role("button", name="Lanjutkan").click()

    # Check your answers, then save.
    page.wait_for_url(re.compile(r"/usaha-saya/baru/periksa/$"))
    answers = page.locator("main").inner_text()
    assert "Batik Prabulinggih" in answers and "Bulujaranlor, Tegalsiwalan" in answers
    assert "Sudah ditandai" in answers and "113.2159" not in answers
    fits()
    shot(page, "business-check-answers")
    assert not Business.objects.exists()
    page.get_by_role("button", name="Simpan usaha").click()

    # The business page: the task list and the next step.
    page.wait_for_url(re.compile(r"/usaha-saya/\d+/$"))
    tasks = page.locator(".task-list").inner_text()
    assert "Profil usaha" in tasks and "Produk (0)" in tasks and "Belum diajukan" in tasks
    assert page.locator(".next-step").get_by_role("link", name="Tambah produk").is_visible()
    fits()
    shot(page, "business-task-list")
    business = Business.objects.get()
    assert business.regency_id == "35.13" and str(business.latitude) == "-7.754300"
    assert business.organisation.memberships.get().user.email == "wulan@example.test"
