"""Public pages carry ETag and Last-Modified; a revalidating browser gets 304 while
nothing changed, and the new page as soon as something did."""

import pytest
from django.utils.http import parse_http_date

from kriya.registry import services

URLS = ["/", "/produk/", "/produk/?q=batik", "/produk/{product}/", "/usaha/{business}/",
        "/kecamatan/35.13.20/", "/destinasi/", "/destinasi/gunung-bromo/"]  # fmt: skip


def url_for(template, product):
    return template.format(product=product.slug, business=product.business.slug)


@pytest.mark.parametrize("template", URLS)
def test_a_page_has_validators_and_answers_304_when_unchanged(
    client, product, destination, template
):
    url = url_for(template, product)
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    # Anonymous visitors share the page (kriya.core.pagecache): a CDN may keep it.
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_etag_survives_the_csrf_token_changing_on_every_render(client, owner, product):
    client.force_login(owner)  # logged in: every render has its own masked token
    first = client.get("/produk/")
    second = client.get("/produk/")
    assert first.content != second.content  # masked CSRF tokens differ
    assert first["ETag"] == second["ETag"]


def test_a_changed_product_is_a_new_page(client, owner, product):
    url = f"/produk/{product.slug}/"
    first = client.get(url)
    services.update_product(product=product, data={"price": 400_000}, by=owner)
    response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert "Rp\xa0400.000" in response.text


def test_a_suspended_business_is_not_served_from_the_browser_cache(client, officer, product):
    first = client.get("/produk/")
    services.transition_business(
        business=product.business, action="suspend", by=officer, reason="Izin"
    )
    response = client.get(
        "/produk/",
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert response.status_code == 200
    assert product.name not in response.text
    # Last-Modified moves too: the catalogue records when anything left it.
    assert parse_http_date(response["Last-Modified"]) >= parse_http_date(first["Last-Modified"])


def test_another_language_is_another_page(client, product):
    first = client.get("/produk/")
    client.cookies["django_language"] = "en"
    response = client.get("/produk/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200


def _photo(color=(150, 60, 20)):
    from django.core.files.base import ContentFile

    from kriya.core.images import process_image
    from kriya.registry.tests.factories import image_bytes

    return process_image(ContentFile(image_bytes(color=color), name="foto.jpg"))


def _seen_an_hour_ago(product):
    """Date everything the pages show an hour back, so that the change that follows is
    later than the browser's Last-Modified by more than HTTP dates' one-second grain."""
    from datetime import timedelta

    from django.utils import timezone

    from kriya.registry.models import Business, Product, ProductPhoto
    from kriya.showcase.models import CatalogueState

    before = timezone.now() - timedelta(hours=1)
    Product.objects.filter(pk=product.pk).update(updated_at=before)
    Business.objects.filter(pk=product.business_id).update(updated_at=before)
    ProductPhoto.objects.filter(product=product).update(created_at=before)
    CatalogueState.objects.update(changed_at=before)


PRODUCT_PAGES = ["/", "/produk/", "/produk/{product}/", "/usaha/{business}/"]


def _revalidates_to_the_new_page(client, url, first):
    both = client.get(
        url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    return both.status_code == since.status_code == 200


@pytest.mark.parametrize("template", PRODUCT_PAGES)
def test_a_new_photo_is_a_new_page(client, owner, product, template):
    url = url_for(template, product)
    _seen_an_hour_ago(product)
    first = client.get(url)
    services.add_product_photos(product=product, images=[_photo()], by=owner)
    assert _revalidates_to_the_new_page(client, url, first)


@pytest.mark.parametrize("template", PRODUCT_PAGES)
def test_a_replaced_photo_is_a_new_page(client, owner, product, template):
    (photo,) = services.add_product_photos(product=product, images=[_photo()], by=owner)
    url = url_for(template, product)
    _seen_an_hour_ago(product)
    first = client.get(url)
    services.remove_product_photo(photo=photo, by=owner)
    services.add_product_photos(product=product, images=[_photo((20, 60, 150))], by=owner)
    assert _revalidates_to_the_new_page(client, url, first)


@pytest.mark.parametrize("template", PRODUCT_PAGES)
def test_a_removed_photo_is_a_new_page(client, owner, product, template):
    (photo,) = services.add_product_photos(product=product, images=[_photo()], by=owner)
    url = url_for(template, product)
    _seen_an_hour_ago(product)
    first = client.get(url)
    services.remove_product_photo(photo=photo, by=owner)
    assert _revalidates_to_the_new_page(client, url, first)
