"""In a real browser at phone size: an owner adds several product photos at once; the
browser makes them smaller before the upload (the stored photo is 1600 px on its long
side, where the server alone would keep 2000), shows a progress bar and the result of
each photo, and a refused file says why. Without JavaScript the same form uploads
several photos in one post."""

import io

import pytest
from PIL import Image

from kriya.registry.models import ProductPhoto

from .factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kuat-123"


def big_jpeg(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), colour).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def log_in(page, user):
    page.goto(page.base_url + "/akun/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_several_photos_are_resized_in_the_browser_and_uploaded_with_progress(page, owner, product):
    page.set_default_timeout(40000)
    log_in(page, owner)
    page.goto(page.base_url + f"/usaha-saya/produk/{product.pk}/")
    page.locator("input[name=photos]").set_input_files(
        [
            {"name": "kain-1.jpg", "mimeType": "image/jpeg", "buffer": big_jpeg((150, 60, 20))},
            {"name": "kain-2.jpg", "mimeType": "image/jpeg", "buffer": big_jpeg((20, 60, 150))},
            {"name": "surat.jpg", "mimeType": "image/jpeg", "buffer": PDF_BYTES},
        ]
    )
    page.get_by_role("button", name="Unggah foto").click()
    page.wait_for_selector(".upload-done a")
    rows = page.locator("[data-upload-results] li")
    assert rows.count() == 3
    assert rows.nth(0).get_attribute("class") == "saved"
    assert rows.nth(1).get_attribute("class") == "saved"
    assert rows.nth(2).get_attribute("class") == "failed"
    assert "surat.jpg: Berkas bukan foto JPEG, PNG atau WebP yang utuh." in rows.nth(2).inner_text()
    assert page.locator("[data-upload-results] progress").evaluate_all(
        "bars => bars.map(b => b.value)"
    ) == [100, 100, 100]
    assert page.locator("#upload-overall-bar").evaluate("b => b.value") == 100
    photos = list(ProductPhoto.objects.filter(product=product))
    assert [(p.width, p.height) for p in photos] == [(1600, 1067), (1600, 1067)]
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.locator(".upload-done a").click()
    page.wait_for_load_state()
    assert page.locator(".photo-grid img").count() == 2


def test_more_photos_than_room_left_are_stopped_before_any_upload(page, owner, product):
    log_in(page, owner)
    page.goto(page.base_url + f"/usaha-saya/produk/{product.pk}/")
    page.locator("form[data-photo-upload]").evaluate("f => f.setAttribute('data-left', '1')")
    page.locator("input[name=photos]").set_input_files(
        [
            {"name": f"kain-{i}.jpg", "mimeType": "image/jpeg", "buffer": big_jpeg((9, 9, 9))}
            for i in range(2)
        ]
    )
    page.get_by_role("button", name="Unggah foto").click()
    alert = page.locator("[data-upload-results] [role=alert]")
    assert "hanya dapat menampung 1 foto lagi" in alert.inner_text()
    assert ProductPhoto.objects.filter(product=product).count() == 0


def test_without_javascript_the_form_uploads_several_photos(browser, live_server, owner, product):
    context = browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, owner)
        page.goto(page.base_url + f"/usaha-saya/produk/{product.pk}/")
        page.locator("input[name=photos]").set_input_files(
            [
                {"name": f"kain-{i}.jpg", "mimeType": "image/jpeg", "buffer": big_jpeg((9, 9, 9))}
                for i in range(2)
            ]
        )
        page.get_by_role("button", name="Unggah foto").click()
        page.wait_for_load_state()
        assert page.get_by_text("Foto disimpan.").is_visible()
        photos = list(ProductPhoto.objects.filter(product=product))
        # The server alone: checked, re-encoded, at most 2000 px.
        assert [(p.width, p.height) for p in photos] == [(2000, 1333), (2000, 1333)]
    finally:
        context.close()
