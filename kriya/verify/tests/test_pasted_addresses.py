"""/verifikasi/ understands a verification address pasted into its field: the URL
fallback printed under a QR (`…/verifikasi/<type>/<number>/`), the QR's own URL
(`…/verifikasi/?q=KRY1:…`), the page's address after someone typed a number
(`…/verifikasi/?q=<number>`), with or without the scheme."""

import json
from urllib.parse import urlencode

import pytest

from kriya.core import pagecache
from kriya.verify import payload
from kriya.verify.services import set_document_status

from .test_cli import run


def verdicts(client, q):
    response = client.get("/verifikasi/", {"q": q})
    assert response.status_code == 200
    return [r["verdict"] for r in response.context["results"]]


@pytest.fixture
def certificate(issue):
    return issue(number="LSPro/BM/0001/2026")


@pytest.fixture
def label(issue, certificate):
    return issue(
        doc_type="batikmark_label",
        number="BM-2026-000042",
        parent=certificate,
        scope="Label emas, batik tulis, sertifikat LSPro/BM/0001/2026",
    )


@pytest.mark.parametrize(
    "text, named",
    [
        ("https://kriya.id/verifikasi/certificate/LSPro/BM/0001/2026/", ("certificate", "LSPro/BM/0001/2026")),
        ("http://kriya.id/verifikasi/batikmark_label/BM-2026-000042/", ("batikmark_label", "BM-2026-000042")),
        ("kriya.id/verifikasi/test_report/SHU-2026-00001/", ("test_report", "SHU-2026-00001")),
        ("/verifikasi/certificate/LSPro/SNI%208302:2016%20%237/", ("certificate", "LSPro/SNI 8302:2016 #7")),
        ("https://kriya.id/verifikasi/?q=LSPro%2FBM%2F0001%2F2026", ("", "LSPro/BM/0001/2026")),
        ("https://kriya.id/verifikasi/?q=BM-2026-000042&x=1", ("", "BM-2026-000042")),
        ("https://kriya.id/verifikasi/passport/A1/", None),
        ("https://kriya.id/verifikasi/", None),
        ("https://kriya.id/verifikasi/?q=KRY1:ABC", None),
        ("LSPro/BM/0001/2026", None),
        ("BM-2026-000042", None),
    ],
)  # fmt: skip
def test_a_verification_address_names_its_document(text, named):
    assert payload.named_document(text) == named


def test_the_qr_url_is_read_with_or_without_scheme_and_as_the_form_sends_it(certificate):
    text = certificate.payload
    form_encoded = "https://kriya.id/verifikasi/?" + urlencode({"q": text})  # spaces as "+"
    for pasted in (
        certificate.qr_text,
        certificate.qr_text.split("://", 1)[1],
        form_encoded,
        form_encoded.split("://", 1)[1],
        "/verifikasi/?" + urlencode({"q": text}),
    ):
        assert payload.extract(pasted) == text, pasted


def test_the_url_fallback_of_a_certificate_shows_its_verdict(client, certificate):
    assert verdicts(client, certificate.url) == ["valid"]
    assert verdicts(client, certificate.url.split("://", 1)[1]) == ["valid"]
    set_document_status(document=certificate, action="withdraw", reason="x", by=None)
    assert verdicts(client, certificate.url) == ["withdrawn"]


def test_the_url_fallback_of_a_label_shows_the_label(client, label):
    response = client.get("/verifikasi/", {"q": label.url})
    assert [r["verdict"] for r in response.context["results"]] == ["valid"]
    assert "Label bernomor seri BM-2026-000042 diterbitkan untuk Batik Sekar Jagad" in (
        response.text
    )


def test_a_number_with_odd_characters_survives_its_pasted_url(client, issue):
    document = issue(number="LSPro/SNI 8302:2016 #7")
    assert "%23" in document.url
    assert verdicts(client, document.url) == ["valid"]


def test_the_page_address_after_typing_a_number_is_read_as_that_number(client, label):
    address = "https://kriya.id/verifikasi/?" + urlencode({"q": label.number})
    assert verdicts(client, address) == ["valid"]


def test_the_type_in_the_address_decides_between_two_documents_of_one_number(client, issue):
    issue(number="2026/001")
    issue(number="2026/001", doc_type="test_report")
    assert verdicts(client, "https://kriya.id/verifikasi/test_report/2026/001/") == ["valid"]
    pagecache.clear()  # the same page again: rendered, not served from the page cache
    response = client.get(
        "/verifikasi/", {"q": "https://kriya.id/verifikasi/test_report/2026/001/"}
    )
    assert response.context["results"][0]["claims"].doc_type == "test_report"


def test_an_address_of_an_unknown_or_mistyped_document_is_not_registered(client, certificate):
    for address in (
        "https://kriya.id/verifikasi/certificate/LSPro/BM/9999/2026/",
        "https://kriya.id/verifikasi/test_report/LSPro/BM/0001/2026/",  # wrong type
        "https://kriya.id/verifikasi/passport/LSPro/BM/0001/2026/",
        "https://kriya.id/lain/",
    ):
        assert verdicts(client, address) == ["not_registered"], address


def test_the_api_reads_the_same_addresses(client, certificate):
    body = client.get("/api/v1/verify", {"q": certificate.url}).json()
    assert [r["verdict"] for r in body["results"]] == ["valid"]


def test_offline_the_url_fallback_is_not_registered_and_says_to_check_online(tmp_path):
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"keys": []}))
    done = run("https://kriya.id/verifikasi/certificate/LSPro/BM/0001/2026/", "--keys", str(keys))
    assert done.returncode == 1
    assert done.stdout.startswith("not_registered")
    assert "pemeriksaan daring" in done.stdout


@pytest.mark.parametrize(
    "typed", ["BM 2026 000042", "bm2026000042", "BM-2026-000 042", " BM - 2026 - 000042 "]
)
def test_a_label_serial_typed_with_spaces_or_without_dashes_is_found(client, label, typed):
    assert verdicts(client, typed) == ["valid"]


def test_only_a_whole_label_serial_is_rewritten(client, label, issue):
    assert verdicts(client, "BM 2026 00004") == ["not_registered"]  # a digit short
    spaced = issue(number="LSPro/SNI 8302:2016 #7")  # other numbers keep their spaces
    assert verdicts(client, spaced.number) == ["valid"]
    assert verdicts(client, "LSPro/SNI8302:2016#7") == ["not_registered"]
