"""The page cache for anonymous visitors (kriya.core.pagecache) on the showcase: a second
visit is served from memory, a write to what a page shows makes the next visit fresh,
logged-in visitors and pages with personal parts are never shared."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage

from kriya.registry import services

from .test_caching import URLS, url_for


def served(response) -> str:
    return getattr(response.wsgi_request, "kriya_page_cache", "")


@pytest.mark.parametrize("template", URLS)
def test_the_second_anonymous_visit_is_a_hit_with_the_same_page(
    client, product, destination, template
):
    url = url_for(template, product)
    first = client.get(url)
    second = client.get(url)
    assert (served(first), served(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate, s-maxage=60"
    assert second["CDN-Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in second["Vary"].split(",")}
    # The headers the middleware below the cache adds are stored with the page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert b"csrfmiddlewaretoken" not in second.content
    assert "csrftoken" not in second.cookies


def test_a_hit_answers_304_to_a_current_etag_and_to_head(client, product):
    url = f"/produk/{product.slug}/"
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, served(again)) == (304, "hit")
    assert again["ETag"] == first["ETag"]
    head = client.head(url)
    assert head.status_code == 200 and head["ETag"] == first["ETag"]
    stale = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == 200


def test_a_product_write_is_seen_on_the_next_visit_of_every_page(client, owner, product):
    urls = ["/", "/produk/", f"/produk/{product.slug}/", f"/usaha/{product.business.slug}/"]
    for url in urls:
        client.get(url)
        assert served(client.get(url)) == "hit"
    services.update_product(product=product, data={"name": "Selendang sutra biru"}, by=owner)
    for url in urls:
        response = client.get(url)
        assert served(response) == "miss", url
        assert "Selendang sutra biru" in response.text, url


def test_a_business_write_is_seen_on_the_next_visit(client, owner, officer, product):
    shop = product.business
    url = f"/usaha/{shop.slug}/"
    client.get(url)
    assert served(client.get(url)) == "hit"
    services.update_business(business=shop, data={"address": "Jalan Melati 7"}, by=owner)
    assert "Jalan Melati 7" in client.get(url).text
    # A new name sends the business back to re-verification: off the showcase at once.
    services.update_business(business=shop, data={"name": "Batik Sekar Jagad"}, by=owner)
    assert client.get(url).status_code == 404
    services.transition_business(business=shop, action="verify", by=officer)
    shop.refresh_from_db()
    url = f"/usaha/{shop.slug}/"
    assert "Batik Sekar Jagad" in client.get(url).text
    client.get("/produk/")
    services.transition_business(business=shop, action="suspend", by=officer, reason="Izin")
    assert client.get(url).status_code == 404
    assert product.name not in client.get("/produk/").text


def test_a_query_string_is_its_own_page(client, product, add_product):
    add_product(product.business, name="Tas anyaman pandan")
    anggur = client.get("/produk/?q=anggur")
    pandan = client.get("/produk/?q=pandan")
    assert served(pandan) == "miss"
    assert "Tas anyaman pandan" in pandan.text and product.name not in pandan.text
    assert product.name in anggur.text and anggur.content != pandan.content


def test_each_language_is_its_own_page(client, product):
    indonesian = client.get("/produk/")
    english = client.get("/produk/", HTTP_ACCEPT_LANGUAGE="en")
    assert served(english) == "miss"
    assert english["Content-Language"] == "en" and indonesian["Content-Language"] == "id"
    assert english.content != indonesian.content
    assert served(client.get("/produk/", HTTP_ACCEPT_LANGUAGE="en")) == "hit"
    client.cookies["django_language"] = "en"
    by_cookie = client.get("/produk/")
    assert (served(by_cookie), by_cookie.content) == ("hit", english.content)


def test_the_language_switch_works_without_a_token(product):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get("/produk/")
    assert b"csrfmiddlewaretoken" not in page.content
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/produk/"})
    assert response.status_code == 302 and response["Location"] == "/produk/"
    assert strict.cookies["django_language"].value == "en"
    assert strict.get("/produk/")["Content-Language"] == "en"


def test_logged_in_visitors_get_their_own_private_page(client, owner, product):
    url = f"/produk/{product.slug}/"
    client.get(url)  # stored for anonymous visitors
    client.force_login(owner)
    response = client.get(url)
    assert served(response) == ""
    assert response["Cache-Control"] == "private, no-store"
    assert b"csrfmiddlewaretoken" in response.content  # the logout form
    assert "Keluar" in response.text
    client.logout()
    assert served(client.get(url)) == "hit"


def test_a_page_with_a_message_is_neither_served_from_nor_stored_in_the_cache(client, product):
    url = "/produk/"
    client.get(url)
    storage = CookieStorage(None)
    encoded = storage._encode([_message("Anda telah keluar.")])
    client.cookies[CookieStorage.cookie_name] = encoded
    response = client.get(url)
    assert served(response) == ""
    assert "Anda telah keluar." in response.text
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    del client.cookies[CookieStorage.cookie_name]
    again = client.get(url)
    assert served(again) == "hit" and "Anda telah keluar." not in again.text


def _message(text):
    from django.contrib.messages.storage.base import Message

    return Message(constants.INFO, text)


def test_a_response_that_sets_a_cookie_is_not_stored(client, product, monkeypatch):
    from kriya.showcase import views

    original = views.render_public

    def with_cookie(*args, **kwargs):
        response = original(*args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(views, "render_public", with_cookie)
    client.get("/produk/")
    second = client.get("/produk/")
    assert served(second) != "hit"
    assert second.cookies["seen"].value == "1"


def test_without_the_page_cache_the_headers_stay(client, product, settings):
    settings.KRIYA_PAGE_CACHE = False
    client.get("/produk/")
    response = client.get("/produk/")
    assert served(response) == ""
    assert response["Cache-Control"].startswith("public, max-age=")
    assert b"csrfmiddlewaretoken" not in response.content


def test_a_destination_edited_in_the_admin_is_seen_at_once(client, rf, destination):
    from django.contrib import admin

    from kriya.showcase.models import Destination

    url = f"/destinasi/{destination.slug}/"
    client.get(url)
    assert served(client.get(url)) == "hit"
    destination.name = "Kawah Bromo"
    model_admin = admin.site._registry[Destination]
    model_admin.save_model(rf.post("/admin/"), destination, form=None, change=True)
    assert "Kawah Bromo" in client.get(url).text
