"""Passes and training certificates: issued, verified and revoked like every document,
with the page, the API and the offline command line agreeing, in a pass's words."""

import json
from datetime import date

import pytest

from kriya.verify import services
from kriya.verify.models import DocType, StatusList

from .test_cli import run

PASS_TYPES = ["training_pass", "exhibitor_pass"]


def issue_pass(issue, doc_type="training_pass", number="TP/2026/0001", **fields):
    return issue(
        doc_type=doc_type,
        number=number,
        holder_nib="",
        holder_name="Siti Aminah",
        scheme="Pelatihan batik tulis pewarna alam",
        scope="Angkatan 2 — 2026",
        issued_on=date(2026, 3, 1),
        expires_on=None,
        **fields,
    )


@pytest.fixture
def downloads(client, tmp_path):
    def fetch():
        keys = tmp_path / "kriya-keys.json"
        keys.write_bytes(client.get("/.well-known/kriya-keys.json").content)
        args = ["--keys", str(keys)]
        for number in StatusList.objects.values_list("pk", flat=True):
            path = tmp_path / f"status-{number}.cwt"
            path.write_bytes(client.get(f"/verifikasi/status/{number}.cwt").content)
            args += ["--status", str(path)]
        return args

    return fetch


def test_the_new_document_types_have_their_indonesian_names():
    assert DocType("training_certificate").label == "Sertifikat pelatihan"
    assert DocType("training_pass").label == "Tanda peserta pelatihan"
    assert DocType("exhibitor_pass").label == "Tanda peserta pameran"


@pytest.mark.parametrize("doc_type", PASS_TYPES)
def test_a_pass_for_a_person_verifies_on_the_page_the_api_and_offline(
    client, issue, downloads, doc_type
):
    document = issue_pass(issue, doc_type=doc_type)
    page = client.get("/verifikasi/", {"q": document.qr_text})
    assert [r["verdict"] for r in page.context["results"]] == ["valid"]
    assert "Tanda peserta ini asli dan berlaku." in page.text
    assert str(DocType(doc_type).label) in page.text
    assert "Siti Aminah" in page.text
    answer = client.get("/api/v1/verify", {"q": document.payload}).json()
    assert answer["results"][0]["verdict"] == "valid"
    assert answer["results"][0]["message"] == "Tanda peserta ini asli dan berlaku."
    assert answer["results"][0]["document"]["doc_type"] == doc_type
    done = run(document.payload, *downloads())
    assert done.returncode == 0
    assert done.stdout.startswith("valid: SAH — tanda peserta asli dan berlaku")
    assert str(DocType(doc_type).label) in done.stdout


@pytest.mark.parametrize(
    ("action", "verdict", "words", "line"),
    [
        ("withdraw", "withdrawn", "telah dicabut", "DICABUT — tanda peserta telah dicabut"),
        ("suspend", "suspended", "belum boleh masuk", "DIBEKUKAN — tanda peserta"),
    ],
)
def test_a_revoked_pass_is_refused_everywhere_in_its_own_words(
    client, issue, downloads, action, verdict, words, line
):
    document = issue_pass(issue)
    services.set_document_status(document=document, action=action, reason="Batal", by=None)
    page = client.get("/verifikasi/", {"q": document.payload})
    assert [r["verdict"] for r in page.context["results"]] == [verdict]
    assert words in page.text
    answer = client.post(
        "/api/v1/verify", {"q": document.payload}, content_type="application/json"
    ).json()
    assert answer["results"][0]["verdict"] == verdict
    done = run(document.payload, *downloads(), "--json")
    assert json.loads(done.stdout)["verdict"] == verdict
    assert done.returncode == 1
    assert run(document.payload, *downloads()).stdout.startswith(f"{verdict}: {line}")


def test_a_training_certificate_verifies_and_its_url_fallback_works(client, issue, downloads):
    document = issue(
        doc_type="training_certificate",
        number="SP/2026/0007",
        holder_nib="",
        holder_name="Budi Santoso",
        scheme="Pelatihan batik tulis",
        scope="Angkatan 1",
    )
    assert client.get(document.get_absolute_url()).context["results"][0]["verdict"] == "valid"
    page = client.get("/verifikasi/", {"q": document.url})
    assert "Dokumen ini asli dan berlaku." in page.text  # a certificate keeps the usual words
    assert run(document.payload, *downloads()).returncode == 0


def test_who_may_withdraw_a_pass(issue, make_user, agency, member, probolinggo_unit):
    from django.core.exceptions import PermissionDenied

    from kriya.accounts.models import Role

    trainer = member(make_user("pelatih@agency.test"), agency, Role.TRAINER)
    officer = member(make_user("petugas@kab.test"), probolinggo_unit, Role.REGENCY_OFFICER)
    training = issue_pass(issue)
    exhibitor = issue_pass(issue, doc_type="exhibitor_pass", number="EP/2026/0001")
    with pytest.raises(PermissionDenied):
        services.set_document_status(document=training, action="withdraw", reason="x", by=officer)
    services.set_document_status(document=training, action="withdraw", reason="x", by=trainer)
    with pytest.raises(PermissionDenied):
        services.set_document_status(document=exhibitor, action="suspend", reason="x", by=trainer)
    services.set_document_status(document=exhibitor, action="suspend", reason="x", by=officer)
