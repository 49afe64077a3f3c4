"""Uploads are judged by their content: PDF, JPEG and PNG only, at most 10 MB."""

import pytest
from django.core.exceptions import ValidationError

from kriya.core.uploads import MAX_DOCUMENT_BYTES, check_document
from kriya.desk import services
from kriya.desk.models import RequestDocument
from kriya.desk.tests.conftest import PDF_BYTES, jpeg_bytes, png_bytes, upload

HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("surat.pdf", PDF_BYTES, "application/pdf"),
        ("foto.jpg", jpeg_bytes(), "image/jpeg"),
        ("foto.JPEG", jpeg_bytes(), "image/jpeg"),
        ("scan.png", png_bytes(), "image/png"),
        ("tanpa-ekstensi", PDF_BYTES, "application/pdf"),
    ],
)
def test_pdf_jpeg_and_png_are_accepted_by_content(name, content, content_type):
    checked = check_document(upload(name, content))
    assert checked.content_type == content_type
    assert checked.size == len(content)


def test_a_pdf_renamed_to_png_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_document(upload("foto.png", PDF_BYTES, "image/png"))
    assert caught.value.code == "mismatch"


def test_an_html_file_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_document(upload("surat.pdf", HTML, "application/pdf"))
    assert caught.value.code == "bad_type"


def test_an_oversize_file_is_refused():
    big = PDF_BYTES[:-7] + b" " * (MAX_DOCUMENT_BYTES + 1) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as caught:
        check_document(upload("besar.pdf", big))
    assert caught.value.code == "too_large"


def test_a_truncated_pdf_without_its_end_marker_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_document(upload("potong.pdf", PDF_BYTES[:40]))
    assert caught.value.code == "broken"


def test_an_image_with_only_the_magic_bytes_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_document(upload("palsu.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64))
    assert caught.value.code == "broken"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_document(upload("kosong.pdf", b""))


def test_a_refused_upload_saves_nothing(make_request, owner):
    request = make_request("draft")
    with pytest.raises(ValidationError) as caught:
        services.upload_document(
            request=request, slot="surat_permohonan", file=upload("x.pdf", HTML), by=owner
        )
    assert "file" in caught.value.message_dict
    assert not RequestDocument.objects.exists()


def test_a_new_version_never_overwrites_the_old_one(make_request, owner):
    request = make_request("draft")
    first = services.upload_document(
        request=request, slot="surat_permohonan", file=upload("v1.pdf", PDF_BYTES), by=owner
    )
    second = services.upload_document(
        request=request,
        slot="surat_permohonan",
        file=upload("v2.png", png_bytes()),
        by=owner,
    )
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert first.file.read() == PDF_BYTES
    assert first.original_name == "v1.pdf"


def test_stored_names_are_random_and_reveal_nothing_of_the_upload(make_request, owner):
    request = make_request("draft")
    document = services.upload_document(
        request=request,
        slot="surat_permohonan",
        file=upload("KTP Siti Aminah.pdf", PDF_BYTES),
        by=owner,
    )
    assert "Siti" not in document.file.name and "KTP" not in document.file.name
    from django.conf import settings

    assert str(settings.PRIVATE_ROOT) in document.file.path
