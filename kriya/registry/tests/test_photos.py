"""Photos are checked by content (not by name), limited in size and number, re-encoded
without EXIF (orientation applied) and thumbnailed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kriya.core.images import MAX_BYTES, process_image
from kriya.registry import services
from kriya.registry.models import ProductPhoto

from .factories import PDF_BYTES, exif_with_gps_and_orientation, image_bytes


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_pdf_renamed_to_jpg_is_rejected():
    with pytest.raises(ValidationError, match="bukan foto"):
        process_image(upload("foto.jpg", PDF_BYTES))


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_rejected_whatever_their_name(fmt):
    with pytest.raises(ValidationError):
        process_image(upload("foto.png", image_bytes(fmt), "image/png"))


def test_a_truncated_jpeg_is_rejected():
    content = image_bytes("JPEG", size=(400, 300))
    with pytest.raises(ValidationError):
        process_image(upload("foto.jpg", content[: len(content) // 2]))


def test_a_file_over_5_mb_is_rejected_before_decoding():
    content = image_bytes("JPEG") + b"\0" * MAX_BYTES
    with pytest.raises(ValidationError, match="5 MB"):
        process_image(upload("besar.jpg", content))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_by_content_even_misnamed(fmt):
    result = process_image(upload("foto.txt", image_bytes(fmt), "text/plain"))
    assert Image.open(io.BytesIO(result.image.read())).format == "WEBP"


def test_exif_is_gone_after_reencoding_and_orientation_is_applied():
    content = image_bytes("JPEG", size=(64, 48), exif=exif_with_gps_and_orientation(6))
    assert Image.open(io.BytesIO(content)).getexif()[0x010F] == "KameraMerk"
    result = process_image(upload("hp.jpg", content))
    data = result.image.read()
    stored = Image.open(io.BytesIO(data))
    assert len(stored.getexif()) == 0
    assert "exif" not in stored.info
    assert b"KameraMerk" not in data and b"RahasiaSoftware" not in data
    # Orientation 6 (rotate 90°): the stored pixels are upright, 48 wide and 64 high.
    assert stored.size == (48, 64) == (result.width, result.height)


def test_large_photos_are_scaled_down_with_a_small_thumbnail():
    result = process_image(upload("besar.png", image_bytes("PNG", size=(3000, 1500)), "image/png"))
    assert (result.width, result.height) == (2000, 1000)
    thumb = Image.open(io.BytesIO(result.thumbnail.read()))
    assert thumb.size == (400, 200)


def test_transparency_survives():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = process_image(upload("logo.png", buffer.getvalue(), "image/png"))
    assert Image.open(io.BytesIO(result.image.read())).mode == "RGBA"


# --- Through the pages ------------------------------------------------------------


def photo_files(n, name="foto{}.jpg"):
    return [upload(name.format(i), image_bytes("JPEG")) for i in range(n)]


def test_owner_uploads_photos_to_a_product(client, owner, product):
    client.force_login(owner)
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/", {"photos": photo_files(2)})
    assert response.status_code == 302
    photos = list(product.photos.all())
    assert len(photos) == 2
    assert photos[0].image.name.endswith(".webp") and photos[0].thumbnail.name
    assert photos[0].image.storage.exists(photos[0].image.name)


def test_the_ninth_photo_is_refused(client, owner, product):
    services.add_product_photos(
        product=product, images=[process_image(f) for f in photo_files(8)], by=owner
    )
    client.force_login(owner)
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/", {"photos": photo_files(1)})
    assert response.status_code == 200
    assert "paling banyak 8 foto" in response.text
    assert product.photos.count() == 8


def test_an_upload_that_would_pass_eight_saves_none_of_its_photos(client, owner, product):
    services.add_product_photos(
        product=product, images=[process_image(f) for f in photo_files(5)], by=owner
    )
    client.force_login(owner)
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/", {"photos": photo_files(4)})
    assert response.status_code == 200
    assert product.photos.count() == 5


def test_one_bad_file_in_an_upload_saves_nothing_and_names_the_file(client, owner, product):
    client.force_login(owner)
    files = photo_files(2) + [upload("surat.jpg", PDF_BYTES)]
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/", {"photos": files})
    assert response.status_code == 200
    assert "surat.jpg" in response.text and 'id="id_photos_error"' in response.text
    assert product.photos.count() == 0


def test_owner_removes_a_photo(client, owner, product):
    (photo,) = services.add_product_photos(
        product=product, images=[process_image(photo_files(1)[0])], by=owner
    )
    client.force_login(owner)
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/{photo.pk}/hapus/")
    assert response.status_code == 302
    assert not ProductPhoto.objects.filter(pk=photo.pk).exists()


def test_business_photos_follow_the_same_rules(client, owner, business):
    client.force_login(owner)
    response = client.post(f"/usaha-saya/{business.pk}/foto/", {"photos": photo_files(1)})
    assert response.status_code == 302
    assert business.photos.count() == 1
    response = client.post(
        f"/usaha-saya/{business.pk}/foto/", {"photos": [upload("x.jpg", PDF_BYTES)]}
    )
    assert response.status_code == 200 and business.photos.count() == 1


def test_another_owner_cannot_upload_to_my_product(client, other_owner, other_business, product):
    client.force_login(other_owner)
    response = client.post(f"/usaha-saya/produk/{product.pk}/foto/", {"photos": photo_files(1)})
    assert response.status_code == 404
    assert product.photos.count() == 0
