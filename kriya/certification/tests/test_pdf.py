"""The certificate PDF carries what the issue asks and the QR of its signed payload."""

import io

import pytest
from pypdf import PdfReader

from kriya.certification import register


def test_the_certificate_pdf_states_the_facts_and_carries_the_verification(
    flow, decision_maker, real_pdf
):
    certificate = flow.certificate(decision_maker)
    data = certificate.pdf.open("rb").read()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    for expected in (
        certificate.number,
        certificate.holder_name,
        certificate.holder_nib,
        "Kain batik tulis motif anggur",
        "Batik tulis",
        "label emas",
        "SNI 8302:2016/Amd.1:2019",
        certificate.valid_until.strftime("%Y"),
        "Halaman 1 dari",
    ):
        assert expected in text, expected
    url = register.document_of(certificate).url
    assert url.replace(" ", "") in text.replace(" ", "")
    # The QR is drawn as vector paths (an inline SVG): hundreds of path segments.
    drawing = reader.pages[0].get_contents().get_data()
    assert drawing.count(b" l\n") + drawing.count(b" re\n") > 200


def test_the_pdf_qr_encodes_the_register_s_qr_text(flow, decision_maker, monkeypatch):
    import segno

    from kriya.certification import documents
    from kriya.verify.qr import qr_svg

    from .conftest import PDF_BYTES

    seen = {}

    def capture(template, context, language="id"):
        seen.update(context)
        return PDF_BYTES

    monkeypatch.setattr(documents, "_pdf", capture)
    certificate = flow.certificate(decision_maker)
    document = register.document_of(certificate)
    encoded = qr_svg(document.qr_text, scale=3, border=2)
    assert seen["qr_svg"] == encoded
    other = segno.make(document.payload + "x", error="m", micro=False).svg_inline(scale=3)
    assert seen["qr_svg"] != other
    assert seen["url"] == document.url


@pytest.fixture
def configured_body(db):
    """The LSPro as reference.yaml names it (name, address, accreditation), with an
    accreditation mark and one authorised signatory entered by an administrator."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kriya.certification.models import CertificationBody
    from kriya.certification.reference import load_reference, seed_bodies

    from .conftest import png_upload

    seed_bodies(data=load_reference())
    body = CertificationBody.objects.get(code="LSPRO")
    mark = png_upload("kan.png")
    body.accreditation_mark.save("kan.png", SimpleUploadedFile("kan.png", mark.read()))
    body.signatories.create(
        full_name="Dra. Ratna Sari, M.Si.",
        position_id="Kepala LSPro",
        position_en="Head of the Product Certification Body",
    )
    return body


def _text(field) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(field.open("rb").read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("id", ["SERTIFIKAT", "Pemegang sertifikat", "Alamat", "Merek", "Halaman 1 dari"]),
        ("en", ["CERTIFICATE", "Certificate holder", "Address", "Trademark", "Page 1 of"]),
    ],
)
def test_the_certificate_states_every_element_of_iso_17065_7_7_in_both_languages(
    flow, decision_maker, configured_body, real_pdf, language, words
):
    from django.utils import translation
    from django.utils.formats import date_format

    certificate = flow.certificate(decision_maker)
    signatory = configured_body.signatories.get()
    assert certificate.signatory == signatory
    text, reader = _text(certificate.pdf if language == "id" else certificate.pdf_en)
    with translation.override(language):
        issued = date_format(certificate.issued_on, "j F Y")
        until = date_format(certificate.valid_until, "j F Y")
    position = signatory.position_id if language == "id" else signatory.position_en
    for expected in [
        *words,
        "LSPro TOEGOE",  # the body (reference.yaml)
        "Jl. Kusumanegara No. 7, Yogyakarta",  # its address
        "KAN LSPr-025-IDN",  # its accreditation
        certificate.number,
        certificate.holder_name,
        certificate.holder_nib,
        "Jl. Raya Paiton No. 12",  # the holder's address
        "IDM000123456",  # the trademark Batikmark requires
        "Kain batik tulis motif anggur",  # the product
        "SNI 8302:2016/Amd.1:2019",  # the standard
        "Batikmark",  # the scheme
        issued,
        until,
        "Dra. Ratna Sari, M.Si.",  # the authorised signatory, by name
        position,  # and position
    ]:
        assert expected in text, (language, expected)
    assert decision_maker.full_name not in text  # a user name is not a signature
    url = register.document_of(certificate).url
    assert url.replace(" ", "") in text.replace(" ", "")  # the QR's fallback
    assert len(reader.pages[0].images) >= 1  # the accreditation mark


def test_the_signed_payload_names_the_trademark_and_the_standard(flow, decision_maker):
    from kriya.verify import payload

    certificate = flow.certificate(decision_maker)
    document = register.document_of(certificate)
    claims = payload.read_claims(payload.open_envelope(document.payload))
    assert "SNI 8302:2016/Amd.1:2019" in claims.scheme
    assert "IDM000123456" in claims.scope


def test_without_a_configured_body_nothing_is_invented(flow, decision_maker, real_pdf):
    certificate = flow.certificate(decision_maker)
    assert certificate.accreditation_number == ""
    assert certificate.signatory is None and certificate.signatory_name == ""
    text, _ = _text(certificate.pdf)
    assert "Terakreditasi" not in text
    assert "Lembaga Sertifikasi Produk (LSPro)" in text


def test_batikmark_is_not_granted_without_a_trademark(flow, decision_maker, business):
    from django.core.exceptions import ValidationError

    from kriya.certification import services

    evaluation = flow.recommended()
    type(business).objects.filter(pk=business.pk).update(trademark_number="")
    evaluation = type(evaluation).objects.get(pk=evaluation.pk)
    with pytest.raises(ValidationError) as error:
        services.decide(evaluation=evaluation, outcome="grant", by=decision_maker)
    assert "merek" in str(error.value)


def test_staff_download_either_language_and_the_holder_gets_their_own(
    client, flow, decision_maker, owner
):
    certificate = flow.certificate(decision_maker)
    url = f"/sertifikasi/sertifikat/{certificate.pk}/pdf/"
    client.force_login(decision_maker)
    assert "certificate-" in client.get(url + "?bahasa=en")["Content-Disposition"]
    assert "sertifikat-" in client.get(url + "?bahasa=id")["Content-Disposition"]
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    assert "certificate-" in client.get(url + "?bahasa=id")["Content-Disposition"]


def test_the_decision_records_the_signatory_chosen_on_the_page_or_in_the_api(
    client, flow, decision_maker, configured_body, products
):
    second = configured_body.signatories.create(
        full_name="Ir. Bambang Wijaya", position_id="Wakil Kepala LSPro", order=1
    )
    client.force_login(decision_maker)
    evaluation = flow.recommended()
    page = client.get(f"/sertifikasi/evaluasi/{evaluation.pk}/keputusan/")
    assert "Ir. Bambang Wijaya" in page.content.decode()
    client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/keputusan/",
        {"outcome": "grant", "signatory": second.pk, "reason": ""},
    )
    evaluation.refresh_from_db()
    assert evaluation.certificate.signatory == second
    assert evaluation.certificate.signatory_position_id == "Wakil Kepala LSPro"

    other = flow.recommended(items=[products["tulis"]])
    response = client.post(
        f"/api/v1/certification/evaluations/{other.pk}/decision",
        {"outcome": "grant", "signatory": 999999},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        f"/api/v1/certification/evaluations/{other.pk}/decision",
        {"outcome": "grant", "signatory": second.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.certificate.signatory == second
