"""/verifikasi/: one distinct verdict for a payload, a number or a label serial."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.verify.services import issue_document, set_document_status

from .conftest import Signer, make_claims


def verdict_on_page(client, q):
    response = client.get("/verifikasi/", {"q": q})
    assert response.status_code == 200
    return [r["verdict"] for r in response.context["results"]], response


@pytest.fixture
def documents(issue):
    today = timezone.localdate()
    made = {"valid": issue(number="C/VALID")}
    for action, verdict in [("suspend", "suspended"), ("withdraw", "withdrawn")]:
        made[verdict] = issue(number=f"C/{verdict.upper()}")
        set_document_status(document=made[verdict], action=action, reason="Rahasia", by=None)
    made["expired"] = issue(
        number="C/EXPIRED",
        issued_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    made["superseded"] = issue(number="C/OLD")
    made["successor"] = issue(number="C/NEW", supersedes=made["superseded"], reason="Rahasia")
    return made


def test_the_page_is_public_and_offers_the_form(client, db):
    response = client.get("/verifikasi/")
    assert response.status_code == 200
    assert 'name="q"' in response.text
    assert response.context["results"] == []


@pytest.mark.parametrize("verdict", ["valid", "suspended", "withdrawn", "expired", "superseded"])
def test_a_pasted_payload_shows_its_verdict(client, documents, verdict):
    verdicts, response = verdict_on_page(client, documents[verdict].payload)
    assert verdicts == [verdict]
    assert f'data-verdict="{verdict}"' in response.text
    assert documents[verdict].number in response.text


@pytest.mark.parametrize("verdict", ["valid", "suspended", "withdrawn", "expired", "superseded"])
def test_a_typed_number_shows_the_same_verdict(client, documents, verdict):
    verdicts, _ = verdict_on_page(client, documents[verdict].number.lower())
    assert verdicts == [verdict]


def test_the_scanned_url_form_is_verified_as_its_payload(client, documents):
    verdicts, _ = verdict_on_page(client, documents["valid"].qr_text)
    assert verdicts == ["valid"]


def test_tampered_unknown_key_and_unregistered_inputs(client, documents):
    signer = Signer()
    foreign = __import__("kriya.verify.payload", fromlist=["sign"]).sign(
        make_claims(), signer.private, signer.kid
    )
    payload = documents["valid"].payload
    tampered = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    assert verdict_on_page(client, tampered)[0] == ["signature_invalid"]
    assert verdict_on_page(client, foreign)[0] == ["unknown_key"]
    assert verdict_on_page(client, "C/NEVER-ISSUED")[0] == ["not_registered"]
    assert verdict_on_page(client, "<script>alert(1)</script>")[0] == ["not_registered"]


def test_key_facts_are_shown_and_nothing_private(client, documents):
    _, response = verdict_on_page(client, documents["suspended"].payload)
    text = response.text
    assert "Dibekukan" in text
    assert "Batik Sekar Jagad" in text and "9120000000001" in text
    assert "Rahasia" not in text  # the reason stays internal
    assert text.count(documents["suspended"].payload) == 1  # only in the form's field


def test_a_superseded_document_links_its_successor(client, documents):
    _, response = verdict_on_page(client, documents["superseded"].payload)
    assert "Digantikan oleh" in response.text
    assert documents["successor"].get_absolute_url() in response.text


def test_a_label_serial_shows_the_certificate_and_the_holder(client, issue):
    certificate = issue(number="LSPRO/BM/0001/2026")
    issue(
        doc_type="batikmark_label",
        number="BM-000042",
        parent=certificate,
        scope="Batik tulis — label emas",
    )
    verdicts, response = verdict_on_page(client, "BM-000042")
    assert verdicts == ["valid"]
    assert "LSPRO/BM/0001/2026" in response.text
    assert "Label bernomor seri BM-000042 diterbitkan untuk Batik Sekar Jagad" in response.text


def test_a_number_used_by_two_types_shows_both(client, issue):
    issue(number="2026/001")
    issue(number="2026/001", doc_type="test_report")
    verdicts, response = verdict_on_page(client, "2026/001")
    assert verdicts == ["valid", "valid"]
    assert "Sertifikat hasil uji" in response.text


def test_the_url_fallback_page_shows_the_document(client, documents):
    document = documents["withdrawn"]
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert [r["verdict"] for r in response.context["results"]] == ["withdrawn"]
    assert client.get("/verifikasi/certificate/C/NOPE/").status_code == 404
    assert client.get("/verifikasi/passport/C/VALID/").status_code == 404


def test_the_signed_url_fallback_resolves_to_its_page(client, documents, settings):
    document = documents["valid"]
    path = document.url.removeprefix(settings.KRIYA_PUBLIC_URL)
    assert client.get(path).context["results"][0]["verdict"] == "valid"


def test_numbers_with_odd_characters_survive_the_url(client, db):
    document = issue_document(
        doc_type="certificate",
        number="LSPro/SNI 8302:2016 #7",
        holder_nib="",
        holder_name="Usaha",
        scheme="SPPT SNI",
        scope="",
        issued_on=timezone.localdate(),
        by=None,
    )
    path = document.url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response.context["results"][0]["verdict"] == "valid"


def test_the_page_switches_to_english(client, documents):
    client.cookies["django_language"] = "en"
    response = client.get("/verifikasi/", {"q": documents["withdrawn"].payload})
    assert "Withdrawn" in response.text
    assert "Dicabut" not in response.text


def test_an_overlong_input_is_refused_at_the_field(client, db):
    response = client.get("/verifikasi/", {"q": "x" * 6000})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert response.context["results"] == []


def test_a_signed_in_user_sees_the_same_page(client, documents, decision_maker):
    client.force_login(decision_maker)
    assert verdict_on_page(client, documents["valid"].payload)[0] == ["valid"]
