"""The certificate PDF carries what the issue asks and the QR of its signed payload."""

import io

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

    def capture(template, context):
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
