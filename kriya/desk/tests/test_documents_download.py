"""Documents are downloaded only through the access-checked view, as attachments;
results only once the request is completed (the result gate)."""

import pytest

from kriya.desk import services
from kriya.desk.models import ServiceRequest, Status


@pytest.fixture
def application_document(make_request, owner, pdf):
    request = make_request("draft")
    return services.upload_document(
        request=request, slot="surat_permohonan", file=pdf("surat.pdf"), by=owner
    )


@pytest.fixture
def result_document(make_request, analyst, pdf):
    request = make_request("in_progress")
    return services.attach_result_document(
        request=request, file=pdf("shu.pdf"), title="SHU 001", by=analyst
    )


def url(document):
    return f"/dokumen-layanan/{document.pk}/unduh/"


@pytest.mark.parametrize("name", ["owner", "facilitator", "desk"])
def test_the_business_and_the_desk_download_its_documents_as_attachments(
    name, client, personas, application_document
):
    client.force_login(personas[name])
    response = client.get(url(application_document))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["officer", "analyst", "trainer"])
def test_those_who_see_the_request_without_need_are_refused_its_application_documents(
    name, client, personas, application_document
):
    # Narrowed by issue 15 item 6: an officer of the regency who neither recommended
    # nor sponsors the request, the lab and the trainer read no application documents.
    client.force_login(personas[name])
    assert client.get(url(application_document)).status_code == 403


@pytest.mark.parametrize("name", ["stranger", "other_officer"])
def test_another_business_or_regency_gets_not_found(name, client, personas, application_document):
    client.force_login(personas[name])
    assert client.get(url(application_document)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, application_document):
    assert client.get(url(application_document)).status_code == 302


def test_the_owner_downloads_a_result_once_completed_and_the_survey_answered(
    client, owner, desk, result_document
):
    from kriya.desk.survey import answer_survey

    client.force_login(owner)
    assert client.get(url(result_document)).status_code == 403
    request = result_document.request
    ServiceRequest.objects.filter(pk=request.pk).update(status=Status.COMPLETED)
    request.refresh_from_db()
    assert client.get(url(result_document)).status_code == 403
    answer_survey(request=request, scores={f"u{i}": 4 for i in range(1, 10)}, by=owner)
    assert client.get(url(result_document)).status_code == 200


def test_agency_staff_download_a_result_at_any_time(client, desk, result_document):
    client.force_login(desk)
    assert client.get(url(result_document)).status_code == 200


def test_an_internal_document_is_not_found_for_the_applicant(
    client, owner, desk, make_request, analyst, pdf
):
    request = make_request("in_progress")
    internal = services.attach_result_document(
        request=request, file=pdf(), title="Lembar kerja", by=analyst, internal=True
    )
    client.force_login(owner)
    assert client.get(url(internal)).status_code == 404
    client.force_login(desk)
    assert client.get(url(internal)).status_code == 200


def test_the_result_gate_is_one_function_others_can_extend(owner, desk, make_request):
    from kriya.desk.access import result_gate

    request = make_request("result_ready")
    assert result_gate(owner, request) is not None
    assert result_gate(desk, request) is None
    request.status = Status.COMPLETED
    assert result_gate(owner, request).url == f"/permohonan/{request.pk}/survei/"
    ServiceRequest.objects.filter(pk=request.pk).update(status=Status.COMPLETED)
    from kriya.desk.survey import answer_survey

    answer_survey(request=request, scores={f"u{i}": 3 for i in range(1, 10)}, by=owner)
    assert result_gate(owner, request) is None
