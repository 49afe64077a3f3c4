"""Several product photos at a time: the page offers the script (resize in the browser,
one upload a photo with a progress bar) and the plain multi-file form; the upload
answers the script in JSON, with the same checks and limits as the form."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.core.images import MAX_BYTES, process_image
from kriya.registry import services

from .factories import PDF_BYTES, image_bytes

JSON = {"HTTP_ACCEPT": "application/json"}


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(name="foto.jpg", size=(40, 30)):
    return upload(name, image_bytes("JPEG", size=size))


def url(product):
    return f"/usaha-saya/produk/{product.pk}/foto/"


def test_the_product_page_offers_many_photos_with_the_script_and_a_plain_form(
    client, owner, product
):
    client.force_login(owner)
    html = client.get(f"/usaha-saya/produk/{product.pk}/").text
    assert 'type="file" name="photos"' in html and "multiple" in html
    assert 'accept="image/*"' in html
    assert 'data-photo-upload data-left="8" data-max-side="1600"' in html
    assert "/static/registry/photos.js" in html
    assert '<script id="photo-upload-texts" type="application/json">' in html
    assert 'style="' not in html


def test_the_script_gets_json_for_a_saved_photo(client, owner, product):
    client.force_login(owner)
    response = client.post(url(product), {"photos": [jpeg()]}, **JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is True and body["count"] == 1 and body["left"] == 7
    assert body["photos"][0]["thumbnail"].endswith(".webp")
    assert product.photos.count() == 1


def test_the_script_gets_the_indonesian_reason_for_a_refused_file(client, owner, product):
    client.force_login(owner)
    response = client.post(url(product), {"photos": [upload("surat.jpg", PDF_BYTES)]}, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert body["errors"] == ["surat.jpg: Berkas bukan foto JPEG, PNG atau WebP yang utuh."]
    assert product.photos.count() == 0


def test_a_photo_over_the_size_limit_is_refused_with_the_limit_named(client, owner, product):
    client.force_login(owner)
    big = upload("besar.jpg", image_bytes("JPEG") + b"\0" * MAX_BYTES)
    response = client.post(url(product), {"photos": [big]}, **JSON)
    assert response.status_code == 400
    assert "paling besar 5 MB" in response.json()["errors"][0]


def test_the_ninth_photo_is_refused_in_json_too(client, owner, product):
    services.add_product_photos(
        product=product, images=[process_image(jpeg(f"{i}.jpg")) for i in range(8)], by=owner
    )
    client.force_login(owner)
    response = client.post(url(product), {"photos": [jpeg()]}, **JSON)
    assert response.status_code == 400
    assert "paling banyak 8 foto" in response.json()["errors"][0]
    assert product.photos.count() == 8
    html = client.get(f"/usaha-saya/produk/{product.pk}/").text
    assert 'data-left="0"' in html


def test_more_than_eight_at_once_are_refused_before_decoding(client, owner, product):
    client.force_login(owner)
    response = client.post(url(product), {"photos": [jpeg(f"{i}.jpg") for i in range(9)]}, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == ["Paling banyak 8 foto sekaligus."]


def test_without_javascript_the_form_posts_several_photos_at_once(client, owner, product):
    client.force_login(owner)
    response = client.post(url(product), {"photos": [jpeg("a.jpg"), jpeg("b.jpg"), jpeg("c.jpg")]})
    assert response.status_code == 302
    assert product.photos.count() == 3


def test_another_owner_gets_no_json_and_saves_nothing(client, other_owner, other_business, product):
    client.force_login(other_owner)
    assert client.post(url(product), {"photos": [jpeg()]}, **JSON).status_code == 404
    assert product.photos.count() == 0


def test_anonymous_is_sent_to_log_in(client, product):
    response = client.post(url(product), {"photos": [jpeg()]}, **JSON)
    assert response.status_code == 302 and "/akun/login/" in response.url
    assert product.photos.count() == 0


def test_the_product_page_costs_the_same_queries_with_more_photos(client, owner, product):
    client.force_login(owner)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/usaha-saya/produk/{product.pk}/").status_code == 200
        return len(ctx.captured_queries)

    services.add_product_photos(product=product, images=[process_image(jpeg())], by=owner)
    one = count()
    services.add_product_photos(
        product=product, images=[process_image(jpeg(f"{i}.jpg")) for i in range(4)], by=owner
    )
    assert count() == one


@pytest.mark.parametrize("key", ["preparing", "uploading", "tooMany", "full", "done"])
def test_the_script_words_are_indonesian_and_filled(client, owner, product, key):
    client.force_login(owner)
    html = client.get(f"/usaha-saya/produk/{product.pk}/").text
    raw = html.split('<script id="photo-upload-texts" type="application/json">')[1].split(
        "</script>"
    )[0]
    assert json.loads(raw)[key]
