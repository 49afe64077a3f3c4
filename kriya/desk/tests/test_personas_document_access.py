"""Least privilege on documents (issue 15 item 6, docs/document-access.md): each cell of
the matrix, downloaded through the page and through the API."""

import pytest
from django.core.files.base import ContentFile

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.core.models import AuditEvent
from kriya.desk.models import (
    DocumentKind,
    Recommendation,
    RequestDocument,
    ServiceRequest,
    Sponsorship,
    Status,
)
from kriya.desk.tests.conftest import PDF_BYTES

API = "/api/v1"
KINDS = ("ktp", "nib", "payment", "result", "internal")
SLOTS = {
    "ktp": (DocumentKind.APPLICATION, "ktp"),
    "nib": (DocumentKind.APPLICATION, "nib"),
    "payment": (DocumentKind.PAYMENT_PROOF, "bill-1"),
    "result": (DocumentKind.RESULT, "hasil"),
    "internal": (DocumentKind.INTERNAL, "lembar-kerja"),
}


def _document(request, name, by):
    kind, slot = SLOTS[name]
    document = RequestDocument(
        request=request,
        kind=kind,
        slot=slot,
        title=name.upper(),
        original_name=f"{name}.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        uploaded_by=by,
    )
    document.file.save("upload.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    return document


@pytest.fixture
def documents(make_request, owner):
    """One document of each kind on a request in progress (results still gated for the
    applicant side: the request is not completed)."""
    request = make_request("in_progress")
    return {name: _document(request, name, owner) for name in KINDS}


def page(document):
    return f"/dokumen-layanan/{document.pk}/unduh/"


def api(document):
    return f"{API}/service-documents/{document.pk}/download"


OK, REFUSED, HIDDEN = 200, 403, 404

# persona → status for (ktp, nib, payment proof, result, internal) while in progress.
MATRIX = {
    "owner": (OK, OK, OK, REFUSED, HIDDEN),
    "facilitator": (OK, OK, OK, REFUSED, HIDDEN),
    "stranger": (HIDDEN,) * 5,
    "officer": (REFUSED, REFUSED, REFUSED, REFUSED, HIDDEN),
    "other_officer": (HIDDEN,) * 5,
    "desk": (OK,) * 5,
    "analyst": (REFUSED, REFUSED, REFUSED, OK, OK),
    "supervisor": (REFUSED, REFUSED, REFUSED, OK, OK),
    "evaluator": (REFUSED,) * 5,
    "decision_maker": (REFUSED,) * 5,
    "head": (OK,) * 5,
    "trainer": (REFUSED,) * 5,
    "administrator": (OK,) * 5,
}

CELLS = [
    (name, kind, expected)
    for name, row in MATRIX.items()
    for kind, expected in zip(KINDS, row, strict=True)
]


@pytest.mark.parametrize(("name", "kind", "expected"), CELLS)
def test_each_persona_downloads_only_the_documents_its_work_needs_from_the_page(
    name, kind, expected, client, personas, documents
):
    client.force_login(personas[name])
    assert client.get(page(documents[kind])).status_code == expected


@pytest.mark.parametrize(("name", "kind", "expected"), CELLS)
def test_each_persona_downloads_only_the_documents_its_work_needs_over_the_api(
    name, kind, expected, client, personas, documents
):
    client.force_login(personas[name])
    assert client.get(api(documents[kind])).status_code == expected


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_log_in_or_refused_by_the_api(kind, client, documents):
    response = client.get(page(documents[kind]))
    assert response.status_code == 302
    assert "next=" in response["Location"]
    assert client.get(api(documents[kind])).status_code == 401


# --- Regency officers: only what their unit recommended or sponsors ---------------------


@pytest.fixture
def same_regency_officer(make_user, member, regions):
    """A regency officer of another unit of the same regency (Kabupaten Probolinggo)."""
    unit = Organisation.objects.create(
        name="Dinas Koperasi Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
    )
    return member(make_user("koperasi@probolinggo.test"), unit, Role.REGENCY_OFFICER)


@pytest.fixture
def recommended(documents, probolinggo_unit, officer):
    request = documents["ktp"].request
    Recommendation.objects.create(
        request=request, unit=probolinggo_unit, note="Layak dibina", recommended_by=officer
    )
    return documents


@pytest.fixture
def sponsored(documents, programme, officer):
    request = documents["ktp"].request
    Sponsorship.objects.create(
        programme=programme, request=request, business=request.business, sponsored_by=officer
    )
    return documents


@pytest.mark.parametrize("support", ["recommended", "sponsored"])
@pytest.mark.parametrize("kind", ["ktp", "nib", "payment"])
def test_an_officer_of_the_recommending_or_sponsoring_unit_reads_the_application_documents(
    support, kind, client, officer, request
):
    documents = request.getfixturevalue(support)
    client.force_login(officer)
    assert client.get(page(documents[kind])).status_code == 200
    assert client.get(api(documents[kind])).status_code == 200


@pytest.mark.parametrize("support", ["recommended", "sponsored"])
def test_the_supporting_officer_waits_for_the_result_like_the_applicant_and_never_sees_internals(
    support, client, officer, request
):
    documents = request.getfixturevalue(support)
    client.force_login(officer)
    assert client.get(page(documents["result"])).status_code == 403
    assert client.get(page(documents["internal"])).status_code == 404


def test_the_recommending_officer_reads_the_result_once_the_applicant_answered_the_survey(
    client, officer, owner, recommended
):
    from kriya.desk.survey import answer_survey

    request = recommended["result"].request
    ServiceRequest.objects.filter(pk=request.pk).update(status=Status.COMPLETED)
    request.refresh_from_db()
    answer_survey(request=request, scores={f"u{i}": 4 for i in range(1, 10)}, by=owner)
    client.force_login(officer)
    assert client.get(page(recommended["result"])).status_code == 200


@pytest.mark.parametrize("support", ["recommended", "sponsored"])
@pytest.mark.parametrize("kind", ["ktp", "nib", "payment", "result"])
def test_another_unit_of_the_same_regency_that_did_not_recommend_is_refused(
    support, kind, client, same_regency_officer, request
):
    documents = request.getfixturevalue(support)
    client.force_login(same_regency_officer)
    assert client.get(page(documents[kind])).status_code == 403
    assert client.get(api(documents[kind])).status_code == 403


@pytest.mark.parametrize("kind", ["ktp", "nib", "payment", "result"])
def test_an_officer_of_another_regency_does_not_find_a_recommended_requests_documents(
    kind, client, other_officer, recommended
):
    client.force_login(other_officer)
    assert client.get(page(recommended[kind])).status_code == 404
    assert client.get(api(recommended[kind])).status_code == 404


def test_a_released_sponsorship_no_longer_opens_the_documents(client, officer, sponsored):
    from django.utils import timezone

    Sponsorship.objects.update(released_at=timezone.now(), released_by=officer)
    client.force_login(officer)
    assert client.get(page(sponsored["ktp"])).status_code == 403


# --- The person the desk assigned ------------------------------------------------------


def test_the_performer_the_desk_assigned_reads_the_application_documents(
    client, personas, documents
):
    analyst = personas["analyst"]
    ServiceRequest.objects.filter(pk=documents["ktp"].request_id).update(assigned_to=analyst)
    client.force_login(analyst)
    assert client.get(page(documents["ktp"])).status_code == 200
    assert client.get(page(documents["payment"])).status_code == 403


# --- Audit ----------------------------------------------------------------------------


def _downloads():
    return AuditEvent.objects.filter(verb="service_request.document_downloaded")


@pytest.mark.parametrize("via", [page, api])
def test_a_ktp_download_is_audited_with_who_which_document_and_which_request(
    via, client, desk, documents
):
    client.force_login(desk)
    response = client.get(via(documents["ktp"]))
    assert response.status_code == 200
    event = _downloads().get()
    request = documents["ktp"].request
    assert event.actor == desk
    assert event.object_id == str(request.pk)
    assert event.data["document"] == documents["ktp"].pk
    assert event.data["request"] == request.number
    assert event.data["slot"] == "ktp"
    assert event.data["personal"] is True


def test_the_owner_downloading_their_own_ktp_is_audited_too(client, owner, documents):
    client.force_login(owner)
    client.get(page(documents["ktp"]))
    assert _downloads().get().actor == owner


def test_a_non_personal_document_downloaded_by_the_desk_is_not_audited(client, desk, documents):
    client.force_login(desk)
    assert client.get(page(documents["nib"])).status_code == 200
    assert not _downloads().exists()


def test_every_administrator_download_is_audited(client, personas, documents):
    client.force_login(personas["administrator"])
    assert client.get(page(documents["nib"])).status_code == 200
    event = _downloads().get()
    assert event.actor == personas["administrator"]
    assert event.data["personal"] is False


def test_a_refused_download_writes_no_download_event(client, personas, documents):
    client.force_login(personas["trainer"])
    assert client.get(page(documents["ktp"])).status_code == 403
    assert not _downloads().exists()


# --- Links ----------------------------------------------------------------------------


def test_the_request_page_links_only_documents_the_user_may_open(client, personas, documents):
    request = documents["ktp"].request
    client.force_login(personas["trainer"])
    body = client.get(f"/permohonan/{request.pk}/").content.decode()
    assert "KTP" in body
    assert page(documents["ktp"]) not in body
    client.force_login(personas["desk"])
    body = client.get(f"/permohonan/{request.pk}/").content.decode()
    assert page(documents["ktp"]) in body


def test_the_api_says_which_documents_the_user_may_download(client, personas, documents):
    request = documents["ktp"].request
    client.force_login(personas["trainer"])
    listed = client.get(f"{API}/service-requests/{request.pk}").json()["documents"]
    assert listed and not any(d["can_download"] for d in listed)
    client.force_login(personas["owner"])
    listed = {
        d["slot"]: d for d in client.get(f"{API}/service-requests/{request.pk}").json()["documents"]
    }
    assert listed["ktp"]["can_download"] is True
    assert listed["hasil"]["can_download"] is False  # behind the result gate
