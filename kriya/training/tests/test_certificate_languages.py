"""A batch's certificate run in the language the organiser chooses — Indonesian, English
or both (two PDFs per person) —, each PDF kept per person and language and downloaded
one by one or as a ZIP per language, on the pages and in the API."""

import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kriya.training import certificates, services
from kriya.training.models import CertificateFile, CertificateRun
from kriya.training.tests.test_api import bearer

pytestmark = pytest.mark.django_db
API = "/api/v1/training"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def completed(make_batch, make_person, enrol, organiser, trainer, assessor, programme, unit):
    """A completed batch with two people who completed it."""
    batch = make_batch(capacity=2)
    people = [enrol(batch, make_person(name)) for name in ("Ayu Lestari", "Bagus Wibowo")]
    for session in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=[e.pk for e in people], by=trainer
        )
    services.record_scores(batch=batch, scores={e.pk: (40, 90) for e in people}, by=trainer)
    for e in people:
        services.assess_unit(enrolment=e, unit=unit, result="competent", by=assessor)
    for action in ("start", "assess", "complete"):
        services.transition_batch(batch=batch, action=action, by=organiser)
    return batch


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering replaced by the HTML's language and title, to count and tell apart."""
    rendered = []

    def render(html, *, base_url):
        rendered.append(html)
        return b"%PDF-1.7 " + html.split("<title>")[1].split("</title>")[0].encode()

    monkeypatch.setattr("kriya.training.documents.html_to_pdf", render)
    return rendered


def _run(batch, organiser, language):
    run, created = certificates.start_run(batch=batch, by=organiser, language=language)
    assert created
    certificates.run(run.pk)
    run.refresh_from_db()
    return run


def _text(field) -> str:
    with field.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_an_english_run_renders_real_english_pdfs(completed, organiser):
    run = _run(completed, organiser, "en")
    assert (run.status, run.language, run.done, run.rendered) == ("done", "en", 2, 2)
    files = list(CertificateFile.objects.order_by("number"))
    assert {f.language for f in files} == {"en"}
    text = _text(files[0].pdf)
    assert "TRAINING CERTIFICATE" in text and "Awarded to" in text
    assert "Hand-drawn batik for young people" in text  # the programme's English title
    assert "SERTIFIKAT" not in text and "Diberikan kepada" not in text
    assert files[0].number in text
    assert files[0].filename.endswith("-en.pdf")


def test_both_languages_make_two_files_per_person_and_nothing_twice(completed, organiser, fake_pdf):
    first = _run(completed, organiser, "id")
    assert (first.done, first.rendered, len(fake_pdf)) == (2, 2, 2)
    both = _run(completed, organiser, "both")
    assert (both.done, both.rendered) == (2, 2)  # only the English ones were missing
    assert len(fake_pdf) == 4
    assert CertificateFile.objects.filter(language="id").count() == 2
    english = CertificateFile.objects.filter(language="en")
    assert english.count() == 2
    assert all('<html lang="en">' in html for html in fake_pdf[2:])
    for item in english:
        with item.pdf.open("rb") as pdf:
            assert b"Training certificate" in pdf.read()
    again = _run(completed, organiser, "both")
    assert (again.done, again.rendered, len(fake_pdf)) == (2, 0, 4)
    assert CertificateFile.objects.count() == 4


def test_an_unknown_language_is_refused_by_the_service(completed, organiser):
    with pytest.raises(ValueError):
        certificates.start_run(batch=completed, by=organiser, language="fr")
    assert not CertificateRun.objects.exists()


def test_the_organiser_chooses_the_language_and_downloads_each_file(
    client, completed, organiser, fake_pdf
):
    client.force_login(organiser)
    page = client.get(reverse("training:manage_batch", args=[completed.pk])).content.decode()
    assert 'name="language" value="en"' in page and 'value="both"' in page
    start = reverse("training:certificates_render", args=[completed.pk])
    refused = client.post(start, {"language": "fr"})
    assert refused.status_code == 422 and not CertificateRun.objects.exists()
    body = refused.content.decode()
    assert 'id="id_language_error"' in body and "Pilih bahasa Indonesia, Inggris" in body
    assert client.post(start, {"language": "both"}).status_code == 302
    run = CertificateRun.objects.get()
    assert run.language == "both"
    certificates.run(run.pk)

    page = client.get(reverse("training:certificate_run", args=[completed.pk])).content.decode()
    files = list(CertificateFile.objects.order_by("number", "language"))
    assert len(files) == 4
    for item in files:
        url = reverse("training:certificate_file", args=[completed.pk, item.pk])
        assert f'href="{url}"' in page
    assert "?bahasa=en" in page and "?bahasa=id" in page
    english = next(f for f in files if f.language == "en")
    download = client.get(reverse("training:certificate_file", args=[completed.pk, english.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"Training certificate" in b"".join(download.streaming_content)
    assert english.filename in download["Content-Disposition"]

    zipped = client.get(reverse("training:certificates_zip", args=[completed.pk]) + "?bahasa=en")
    names = zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    assert len(names) == 2 and all(n.endswith("-en.pdf") for n in names)
    everything = client.get(reverse("training:certificates_zip", args=[completed.pk]))
    assert len(zipfile.ZipFile(io.BytesIO(everything.content)).namelist()) == 4
    bad = client.get(reverse("training:certificates_zip", args=[completed.pk]) + "?bahasa=fr")
    assert bad.status_code == 404


def test_the_file_list_costs_constant_queries(client, completed, organiser, fake_pdf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(organiser)
    url = reverse("training:certificate_run", args=[completed.pk])
    _run(completed, organiser, "id")
    with CaptureQueriesContext(connection) as two_files:
        assert client.get(url).content.decode().count("data-file-language") == 2
    _run(completed, organiser, "en")
    with CaptureQueriesContext(connection) as four_files:
        assert client.get(url).content.decode().count("data-file-language") == 4
    assert len(four_files) == len(two_files)


@pytest.mark.parametrize("who", ["trainer", "other_organiser", "anonymous"])
def test_only_the_organisers_download_a_file(client, request, who, completed, organiser, fake_pdf):
    _run(completed, organiser, "en")
    item = CertificateFile.objects.first()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    one = client.get(reverse("training:certificate_file", args=[completed.pk, item.pk]))
    zipped = client.get(reverse("training:certificates_zip", args=[completed.pk]) + "?bahasa=en")
    expected = 302 if who == "anonymous" else 404
    assert (one.status_code, zipped.status_code) == (expected, expected)


@pytest.mark.parametrize("who", ["organiser", "trainer", "other_organiser", "anonymous"])
def test_the_api_runs_in_a_language_and_lists_and_serves_each_file(
    client, request, who, completed, organiser, fake_pdf
):
    auth = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    url = f"{API}/manage/batches/{completed.pk}/certificates"
    started = client.post(f"{url}?language=en", **auth)
    if who != "organiser":
        expected = 401 if who == "anonymous" else 404
        assert started.status_code == expected and not CertificateRun.objects.exists()
        _run(completed, organiser, "en")
        item = CertificateFile.objects.first()
        listing = client.get(f"{url}/files", **auth)
        one = client.get(f"{url}/files/{item.pk}", **auth)
        assert (listing.status_code, one.status_code) == (expected, expected)
        return
    assert started.status_code == 201
    assert started.json()["language"] == "en" and started.json()["status"] == "queued"
    certificates.run(started.json()["id"])
    progress = client.get(url, **auth).json()
    assert (progress["status"], progress["files"], progress["files_en"], progress["files_id"]) == (
        "done",
        2,
        2,
        0,
    )
    listing = client.get(f"{url}/files?language=en", **auth).json()
    assert [f["language"] for f in listing] == ["en", "en"]
    assert {f["participant"] for f in listing} == {"Ayu Lestari", "Bagus Wibowo"}
    one = client.get(f"{url}/files/{listing[0]['id']}", **auth)
    assert one.status_code == 200 and one["Content-Type"] == "application/pdf"
    assert b"Training certificate" in b"".join(one.streaming_content)
    assert client.get(f"{url}/files?language=id", **auth).json() == []
    # No body: Indonesian, as before the choice existed.
    plain = client.post(url, **auth)
    assert plain.status_code == 201 and plain.json()["language"] == "id"
    wrong = client.post(f"{url}?language=fr", **auth)
    assert wrong.status_code == 422 and CertificateRun.objects.count() == 2
