"""KRIYA_STORAGE_URL=s3://… against a local S3 stand-in (moto's server on 127.0.0.1):
documents and photos uploaded through the pages land in the bucket, come back through
the same pages and addresses as before, and a backup reads them from the bucket."""

import socket
import tarfile
import uuid
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from kriya.certification.tests.conftest import PDF_BYTES
from kriya.desk.models import RequestDocument, ServiceDocument
from kriya.desk.models import Status as RequestStatus
from kriya.ops import backup
from kriya.ops.storage_url import StorageURLError, parse_storage_url
from kriya.registry.tests.factories import image_bytes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A new bucket; both storages switched to it by a KRIYA_STORAGE_URL."""
    name = f"kriya-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="uji",
        aws_secret_access_key="rahasia",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    config = parse_storage_url(
        f"s3://uji:rahasia@{name}/kriya?endpoint_url={s3_endpoint}&region=us-east-1"
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": config["default"],
        "private": config["private"],
    }
    client.stored = lambda: [
        o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", [])
    ]
    return client


def local_files() -> list[Path]:
    roots = [Path(django_settings.MEDIA_ROOT), Path(django_settings.PRIVATE_ROOT)]
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def test_a_document_uploaded_on_the_request_page_is_kept_in_the_bucket_and_downloaded_back(
    client, bucket, owner, products, make_request, catalogue
):
    ServiceDocument.objects.create(
        service=catalogue["batikmark"], code="surat_permohonan", name_id="Surat permohonan"
    )
    request = make_request("batikmark", [products["tulis"]], status=RequestStatus.DRAFT)
    before = local_files()
    client.force_login(owner)

    response = client.post(
        f"/permohonan/{request.pk}/dokumen/",
        {
            "slot": "surat_permohonan",
            "file": SimpleUploadedFile("surat.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    document = RequestDocument.objects.get(request=request)
    assert f"kriya/private/{document.file.name}" in bucket.stored()
    assert local_files() == before
    download = client.get(f"/dokumen-layanan/{document.pk}/unduh/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_product_photo_is_kept_in_the_bucket_and_served_at_its_usual_address(
    client, bucket, owner, products
):
    product = products["tulis"]
    client.force_login(owner)

    response = client.post(
        f"/usaha-saya/produk/{product.pk}/foto/",
        {"photos": [SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")]},
    )

    assert response.status_code == 302
    photo = product.photos.get()
    assert f"kriya/media/{photo.image.name}" in bucket.stored()
    assert f"kriya/media/{photo.thumbnail.name}" in bucket.stored()
    assert photo.image.url == f"/media/{photo.image.name}"
    client.logout()
    served = client.get(photo.image.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    body = b"".join(served.streaming_content)
    assert body.startswith(b"RIFF") and body[8:12] == b"WEBP"
    assert client.get("/media/produk/tidak-ada.webp").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_backup_reads_documents_and_photos_from_the_bucket(
    client, bucket, owner, products, make_request, catalogue, tmp_path
):
    from kriya.core.images import process_image
    from kriya.desk import services as desk_services
    from kriya.registry import services as registry_services

    ServiceDocument.objects.create(
        service=catalogue["batikmark"], code="surat_permohonan", name_id="Surat permohonan"
    )
    request = make_request("batikmark", [products["tulis"]], status=RequestStatus.DRAFT)
    document = desk_services.upload_document(
        request=request,
        slot="surat_permohonan",
        file=SimpleUploadedFile("surat.pdf", PDF_BYTES, content_type="application/pdf"),
        by=owner,
    )
    photo = SimpleUploadedFile("foto.jpg", image_bytes(), content_type="image/jpeg")
    [stored] = registry_services.add_product_photos(
        product=products["tulis"], images=[process_image(photo)], by=owner
    )

    made = backup.make_backup(output=tmp_path / "s3.tar.gz")

    files = made.manifest["files"]
    assert f"storage/private/{document.file.name}" in files
    assert f"storage/default/{stored.image.name}" in files
    assert made.manifest["storages"] == {"private": 1, "default": 2}
    with tarfile.open(made.path) as archive:
        member = archive.extractfile(f"storage/private/{document.file.name}")
        assert member.read() == PDF_BYTES


def test_the_storage_url_names_bucket_prefix_endpoint_and_keys():
    config = parse_storage_url(
        "s3://AKIA:se%2Fcret@Kriya-Files/prod?endpoint_url=https://s3.example.id"
        "&region=id-jkt-1&addressing_style=virtual&media_url=https://cdn.example.id/media"
    )

    private = config["private"]["OPTIONS"]
    media = config["default"]["OPTIONS"]
    assert private["bucket_name"] == "Kriya-Files"
    assert private["location"] == "prod/private" and media["location"] == "prod/media"
    assert private["secret_key"] == "se/cret" and private["access_key"] == "AKIA"
    assert private["endpoint_url"] == "https://s3.example.id"
    assert private["region_name"] == "id-jkt-1" and private["addressing_style"] == "virtual"
    assert private["querystring_auth"] is True and media["querystring_auth"] is False
    assert config["media_url"] == "https://cdn.example.id/media/"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bucket", "must start with s3://"),
        ("s3://", "names no bucket"),
        ("s3://bucket?endpoint=x", "unknown parameter endpoint"),
        ("s3://bucket?addressing_style=odd", "path or virtual"),
    ],
)
def test_a_storage_url_that_cannot_be_right_is_refused_with_a_reason(url, message):
    with pytest.raises(StorageURLError, match=message):
        parse_storage_url(url)
