"""Product photos through the API: the page's checks (content, size, number), the
page's services and the page's access, errors in the one JSON format."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from kriya.api.models import ApiToken
from kriya.core.images import process_image
from kriya.core.models import AuditEvent
from kriya.registry import services
from kriya.registry.models import Business, ProductPhoto

from .factories import PDF_BYTES, image_bytes, make_business, make_product


def jpeg(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")


def upload(client, product, *files, **headers):
    return client.post(f"/api/v1/products/{product.pk}/photos", {"photos": list(files)}, **headers)


def bearer(user):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="Integrasi", user=user, prefix=prefix, key_hash=key_hash)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def field_errors(response):
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return {d["field"]: d["message"] for d in error["details"]}


def fill(product, owner, n):
    return services.add_product_photos(
        product=product, images=[process_image(jpeg()) for _ in range(n)], by=owner
    )


def test_owner_uploads_a_photo_that_shows_on_the_showcase_re_encoded(client, owner, officer):
    business = make_business(owner, status="verified", officer=officer)
    product = make_product(business, owner, is_published=True)
    response = upload(client, product, jpeg(size=(640, 480)), **bearer(owner))
    assert response.status_code == 201, response.content
    (photo,) = response.json()
    assert (photo["width"], photo["height"]) == (640, 480)
    stored = ProductPhoto.objects.get(pk=photo["id"])
    assert stored.image.name.endswith(".webp")
    assert Image.open(io.BytesIO(stored.image.read())).format == "WEBP"
    assert AuditEvent.objects.filter(verb="product.photos_added", actor=owner).exists()
    page = client.get(f"/produk/{product.slug}/")
    assert page.status_code == 200
    assert stored.image.url in page.text or stored.thumbnail.url in page.text
    shown = client.get(f"/api/v1/products/{product.pk}", **bearer(owner)).json()["photos"]
    assert [p["id"] for p in shown] == [photo["id"]]


def test_several_photos_are_answered_in_order_after_the_existing_ones(client, owner, product):
    (first,) = fill(product, owner, 1)
    response = upload(client, product, jpeg("a.jpg"), jpeg("b.png"), **bearer(owner))
    assert response.status_code == 201
    photos = response.json()
    assert photos[0]["id"] == first.pk and len(photos) == 3
    assert [p["position"] for p in photos] == sorted(p["position"] for p in photos)


def test_a_non_image_is_refused_at_the_field_by_its_content(client, owner, product):
    renamed = SimpleUploadedFile("surat.jpg", PDF_BYTES, content_type="image/jpeg")
    response = upload(client, product, jpeg(), renamed, **bearer(owner))
    assert response.status_code == 422
    message = field_errors(response)["photos"]
    assert message.startswith("surat.jpg:") and "bukan foto JPEG, PNG atau WebP" in message
    assert product.photos.count() == 0


def test_the_field_error_is_in_the_callers_language(client, owner, product):
    renamed = SimpleUploadedFile("surat.jpg", PDF_BYTES, content_type="image/jpeg")
    response = upload(client, product, renamed, HTTP_ACCEPT_LANGUAGE="en", **bearer(owner))
    assert response.status_code == 422
    message = field_errors(response)["photos"]
    assert message == "surat.jpg: The file is not a complete JPEG, PNG or WebP photo."


def test_a_photo_past_the_eighth_is_refused_and_nothing_is_saved(client, owner, product):
    fill(product, owner, 7)
    response = upload(client, product, jpeg(), jpeg(), **bearer(owner))
    assert response.status_code == 422
    assert "paling banyak 8 foto" in field_errors(response)["photos"]
    assert product.photos.count() == 7


def test_an_upload_without_files_is_refused_at_the_field(client, owner, product):
    response = client.post(f"/api/v1/products/{product.pk}/photos", {}, **bearer(owner))
    assert response.status_code == 422
    assert field_errors(response)["photos"] == "Pilih foto yang akan diunggah."


def test_another_business_owner_gets_404_and_nothing_changes(
    client, owner, other_owner, other_business, product
):
    (photo,) = fill(product, owner, 1)
    response = upload(client, product, jpeg(), **bearer(other_owner))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = client.delete(
        f"/api/v1/products/{product.pk}/photos/{photo.pk}", **bearer(other_owner)
    )
    assert response.status_code == 404
    assert list(product.photos.all()) == [photo]


def test_the_regency_officer_reads_but_may_not_upload(client, officer, product):
    response = upload(client, product, jpeg(), **bearer(officer))
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert product.photos.count() == 0


def test_anonymous_gets_401(client, owner, product):
    (photo,) = fill(product, owner, 1)
    response = upload(client, product, jpeg())
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert client.delete(f"/api/v1/products/{product.pk}/photos/{photo.pk}").status_code == 401
    assert product.photos.count() == 1


def test_a_facilitator_with_consent_uploads_for_the_owner(client, regions, facilitator):
    consent = {
        "method": "in_person",
        "declared_by": "Selowati",
        "declared_at": "2026-01-05T09:30:00+07:00",
    }
    business_body = {
        "nib": "9120 0012 3456 7",
        "name": "Batik Selowati",
        "owner_name": "Selowati",
        "phone": "0812-3456-7890",
        "village": "35.13.20.2001",
        "kbli": "13134",
        "sector": "batik",
        "consent": consent,
    }
    client.force_login(facilitator)
    response = client.post(
        "/api/v1/businesses", json.dumps(business_body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    product = make_product(Business.objects.get(), facilitator)
    assert upload(client, product, jpeg()).status_code == 201
    assert product.photos.count() == 1


def test_owner_removes_a_photo_and_gets_the_rest(client, owner, product):
    first, second = fill(product, owner, 2)
    response = client.delete(f"/api/v1/products/{product.pk}/photos/{first.pk}", **bearer(owner))
    assert response.status_code == 200
    assert [p["id"] for p in response.json()] == [second.pk]
    assert not ProductPhoto.objects.filter(pk=first.pk).exists()
    assert AuditEvent.objects.filter(verb="product.photo_removed").exists()


def test_a_photo_of_another_product_cannot_be_removed_through_mine(client, owner, business):
    mine, theirs = make_product(business, owner), make_product(business, owner, name="Selendang")
    (photo,) = fill(theirs, owner, 1)
    response = client.delete(f"/api/v1/products/{mine.pk}/photos/{photo.pk}", **bearer(owner))
    assert response.status_code == 404
    assert ProductPhoto.objects.filter(pk=photo.pk).exists()


def test_a_session_upload_needs_the_csrf_token(owner, product):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    assert upload(browser, product, jpeg()).status_code in (401, 403)
    assert product.photos.count() == 0
    browser.get("/profil/")  # sets the csrftoken cookie
    csrf = browser.cookies["csrftoken"].value
    response = upload(browser, product, jpeg(), HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content
    assert product.photos.count() == 1
