"""The new-request wizard: requirements and fees before submitting; one request per
double click; nothing half-saved."""

from kriya.desk.models import DocumentKind, ServiceRequest, Status
from kriya.desk.tests.conftest import PDF_BYTES, upload


def wizard_data(business, token="token-1", submit=True, with_document=True):
    data = {
        "idempotency_key": token,
        "business": business.pk,
        "notes": "Mohon uji tahan luntur.",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-name": "Kain batik tulis motif anggur",
        "items-0-quantity": "1",
    }
    if with_document:
        data["doc_surat_permohonan"] = upload("surat.pdf", PDF_BYTES)
    if submit:
        data["submit"] = "1"
    return data


def test_the_wizard_lists_required_documents_and_fees_before_submitting(
    client, owner, business, testing_service
):
    client.force_login(owner)
    response = client.get("/layanan/pengujian/ajukan/")
    assert response.status_code == 200
    text = response.text
    assert text.index("Surat permohonan") < text.index("Ajukan sekarang")
    assert "Rp\xa0150.000" in text and 'name="idempotency_key"' in text


def test_an_owner_submits_a_request_with_its_document(client, owner, business, testing_service):
    client.force_login(owner)
    response = client.post("/layanan/pengujian/ajukan/", wizard_data(business))
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/permohonan/{request.pk}/"
    assert request.status == Status.SUBMITTED and request.filed_by == owner
    assert request.documents.get().kind == DocumentKind.APPLICATION
    assert request.items.get().name == "Kain batik tulis motif anggur"


def test_a_double_click_files_one_request(client, owner, business, testing_service):
    client.force_login(owner)
    first = client.post("/layanan/pengujian/ajukan/", wizard_data(business))
    second = client.post("/layanan/pengujian/ajukan/", wizard_data(business))
    assert ServiceRequest.objects.count() == 1
    assert first.url == second.url


def test_a_missing_mandatory_document_is_named_and_nothing_is_saved(
    client, owner, business, testing_service
):
    client.force_login(owner)
    response = client.post("/layanan/pengujian/ajukan/", wizard_data(business, with_document=False))
    assert response.status_code == 200
    assert "Dokumen wajib belum diunggah: Surat permohonan" in response.text
    assert not ServiceRequest.objects.exists()


def test_a_bad_file_is_refused_at_its_field(client, owner, business, testing_service):
    client.force_login(owner)
    data = wizard_data(business, with_document=False)
    data["doc_surat_permohonan"] = upload("surat.pdf", b"<html>not a pdf</html>")
    response = client.post("/layanan/pengujian/ajukan/", data)
    assert response.status_code == 200
    assert 'id="id_doc_surat_permohonan_error"' in response.text
    assert not ServiceRequest.objects.exists()


def test_a_draft_can_be_saved_without_documents(client, owner, business, testing_service):
    client.force_login(owner)
    client.post(
        "/layanan/pengujian/ajukan/", wizard_data(business, submit=False, with_document=False)
    )
    assert ServiceRequest.objects.get().status == Status.DRAFT


def test_a_facilitator_with_consent_files_for_the_business(
    client, facilitator, consent, business, testing_service
):
    client.force_login(facilitator)
    client.post("/layanan/pengujian/ajukan/", wizard_data(business))
    request = ServiceRequest.objects.get()
    assert request.business == business and request.filed_by == facilitator


def test_nobody_files_for_a_business_that_is_not_theirs(
    client, stranger, other_business, business, testing_service
):
    client.force_login(stranger)
    response = client.post("/layanan/pengujian/ajukan/", wizard_data(business))
    assert response.status_code == 200  # the business is not a valid choice
    assert not ServiceRequest.objects.exists()


def test_staff_without_a_business_cannot_open_the_wizard(client, desk, testing_service):
    client.force_login(desk)
    assert client.get("/layanan/pengujian/ajukan/").status_code == 403


def test_anonymous_is_sent_to_log_in(client, testing_service):
    response = client.get("/layanan/pengujian/ajukan/")
    assert response.status_code == 302 and "/akun/login/" in response.url
