"""/media/ serves public media from the default storage (a folder here), to anyone,
and nothing outside it."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage


def test_a_photo_is_served_from_the_default_storage_to_anyone(client, db):
    name = default_storage.save("produk/1/foto.webp", ContentFile(b"RIFF....WEBP"))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "max-age" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"RIFF....WEBP"


def test_a_folder_a_missing_file_or_a_path_out_of_the_storage_is_not_served(client, db):
    default_storage.save("produk/2/foto.webp", ContentFile(b"x"))

    assert client.get("/media/produk/2").status_code == 404
    assert client.get("/media/produk/2/tidak-ada.webp").status_code == 404
    assert client.get("/media/../private/rahasia.pdf").status_code in (400, 404)
    assert client.get("/media/%2E%2E/private/rahasia.pdf").status_code in (400, 404)
