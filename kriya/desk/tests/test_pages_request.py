"""The request page: who sees it, which actions they get, and what each action does."""

import re

import pytest

from kriya.desk import services
from kriya.desk.models import Status
from kriya.desk.workflow import LIFECYCLE

SEES = ["owner", "facilitator", "officer", "desk", "analyst", "head", "administrator"]
DOES_NOT_SEE = ["stranger", "other_officer"]


def shown_actions(html: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', html))


@pytest.mark.parametrize("name", SEES)
def test_the_request_page_opens_for_those_who_may_see_it(name, client, personas, make_request):
    request = make_request("submitted")
    client.force_login(personas[name])
    response = client.get(f"/permohonan/{request.pk}/")
    assert response.status_code == 200
    assert request.number in response.text


@pytest.mark.parametrize("name", DOES_NOT_SEE)
def test_the_request_page_is_not_found_for_another_business_or_regency(
    name, client, personas, make_request
):
    request = make_request("submitted")
    client.force_login(personas[name])
    assert client.get(f"/permohonan/{request.pk}/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, make_request):
    request = make_request("submitted")
    response = client.get(f"/permohonan/{request.pk}/")
    assert response.status_code == 302 and "/akun/login/" in response.url


@pytest.mark.parametrize(
    "status",
    [
        "draft",
        "submitted",
        "in_review",
        "returned",
        "accepted",
        "awaiting_payment",
        "paid",
        "in_progress",
        "result_ready",
        "completed",
    ],
)
def test_the_actions_shown_are_exactly_those_the_lifecycle_allows(
    status, client, personas, make_request
):
    request = make_request(status)
    for name in SEES:
        person = personas[name]
        client.force_login(person)
        html = client.get(f"/permohonan/{request.pk}/").text
        expected = {m.action for m in LIFECYCLE.available(request, person)}
        assert shown_actions(html) == expected, (name, status)


def test_a_regency_officer_reads_but_cannot_act(client, officer, make_request):
    request = make_request("submitted")
    client.force_login(officer)
    response = client.post(f"/permohonan/{request.pk}/tindakan/cancel/")
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


def test_another_business_cannot_act_on_a_request_it_cannot_see(client, stranger, make_request):
    request = make_request("submitted")
    client.force_login(stranger)
    assert client.post(f"/permohonan/{request.pk}/tindakan/cancel/").status_code == 404


def test_the_desk_returns_a_request_with_a_reason_shown_to_the_owner(
    client, desk, owner, make_request
):
    request = make_request("in_review")
    client.force_login(desk)
    client.post(f"/permohonan/{request.pk}/tindakan/return/", {"reason": "Lampirkan foto motif."})
    request.refresh_from_db()
    assert request.status == Status.RETURNED
    client.force_login(owner)
    html = client.get(f"/permohonan/{request.pk}/").text
    assert "Lampirkan foto motif." in html
    assert "Dikembalikan untuk perbaikan" in html and "Dewi" in html  # the timeline


def test_returning_without_a_reason_changes_nothing_and_says_why(client, desk, make_request):
    request = make_request("in_review")
    client.force_login(desk)
    response = client.post(
        f"/permohonan/{request.pk}/tindakan/return/", {"reason": ""}, follow=True
    )
    assert "Alasan wajib diisi." in response.text
    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW


def test_a_stale_button_explains_itself(client, desk, make_request):
    request = make_request("accepted")
    client.force_login(desk)
    response = client.post(f"/permohonan/{request.pk}/tindakan/review/", follow=True)
    assert "tidak tersedia" in response.text


def test_submitting_a_draft_without_its_mandatory_document_names_it(client, owner, make_request):
    request = make_request("draft")
    client.force_login(owner)
    response = client.post(f"/permohonan/{request.pk}/tindakan/submit/", follow=True)
    assert "Dokumen wajib belum diunggah: Surat permohonan" in response.text
    request.refresh_from_db()
    assert request.status == Status.DRAFT


def test_the_owner_edits_a_returned_request_and_resubmits(client, owner, make_request, pdf):
    request = make_request("returned")
    services.upload_document(request=request, slot="surat_permohonan", file=pdf(), by=owner)
    client.force_login(owner)
    response = client.post(
        f"/permohonan/{request.pk}/ubah/",
        {
            "notes": "Sudah dilengkapi.",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-name": "Selendang batik tulis",
            "items-0-quantity": "2",
        },
    )
    assert response.status_code == 302
    client.post(f"/permohonan/{request.pk}/tindakan/resubmit/")
    request.refresh_from_db()
    assert request.status == Status.RESUBMITTED
    assert request.items.get().name == "Selendang batik tulis"


def test_a_submitted_request_can_no_longer_be_edited(client, owner, make_request):
    request = make_request("submitted")
    client.force_login(owner)
    assert client.get(f"/permohonan/{request.pk}/ubah/").status_code == 403


def test_the_desk_assigns_an_officer(client, desk, analyst, make_request):
    request = make_request("paid")
    client.force_login(desk)
    client.post(f"/permohonan/{request.pk}/tugaskan/", {"officer": analyst.pk})
    request.refresh_from_db()
    assert request.assigned_to == analyst


def test_an_owner_cannot_assign(client, owner, analyst, make_request):
    request = make_request("paid")
    client.force_login(owner)
    assert (
        client.post(f"/permohonan/{request.pk}/tugaskan/", {"officer": analyst.pk}).status_code
        == 403
    )
