"""Complaints: an applicant files one on a request; the head and the desk see it; the
answer is shown to the applicant; everyone concerned is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from kriya.desk import complaints
from kriya.desk.access import get_complaint_for
from kriya.desk.models import Complaint, Notification


def test_the_owner_files_a_complaint_on_a_request(owner, make_request):
    request = make_request("in_progress")
    complaint = complaints.file_complaint(
        request=request, subject="Lama", body="Belum ada kabar.", by=owner
    )
    assert complaint.status == "received" and complaint.number.startswith("ADU-")
    assert [e.label for e in complaints.history(complaint)] == ["Pengaduan diajukan"]


def test_a_facilitator_files_for_the_business_and_it_shows(facilitator, consent, make_request):
    complaint = complaints.file_complaint(
        request=make_request("completed"), subject="Hasil", body="Salah nama.", by=facilitator
    )
    [entry] = complaints.history(complaint)
    assert entry.actor_name == "Pendamping untuk Batik Prabulinggih"


def test_no_complaint_on_a_draft(owner, make_request):
    with pytest.raises(PermissionDenied):
        complaints.file_complaint(request=make_request("draft"), subject="a", body="b", by=owner)


@pytest.mark.parametrize("name", ["desk", "head", "officer", "stranger", "analyst"])
def test_only_the_applicant_files(name, personas, make_request):
    with pytest.raises(PermissionDenied):
        complaints.file_complaint(
            request=make_request("submitted"), subject="a", body="b", by=personas[name]
        )


def test_a_complaint_needs_a_subject_and_a_text(owner, make_request):
    with pytest.raises(ValidationError) as error:
        complaints.file_complaint(request=make_request("submitted"), subject=" ", body="", by=owner)
    assert set(error.value.message_dict) == {"subject", "body"}
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("name", ["owner", "facilitator", "desk", "head", "administrator"])
def test_who_sees_a_complaint(name, personas, make_complaint):
    complaint = make_complaint()
    assert get_complaint_for(personas[name], complaint.pk) == complaint


@pytest.mark.parametrize(
    "name", ["stranger", "officer", "other_officer", "analyst", "trainer", "anonymous"]
)
def test_who_does_not_see_it(name, personas, make_complaint):
    complaint = make_complaint()
    with pytest.raises(Http404):
        get_complaint_for(personas[name], complaint.pk)


def test_filing_tells_the_desk_and_the_head(
    django_capture_on_commit_callbacks, owner, desk, head, make_request
):
    with django_capture_on_commit_callbacks(execute=True):
        complaints.file_complaint(
            request=make_request("submitted"), subject="Lama", body="Belum ada kabar.", by=owner
        )
    assert {n.recipient for n in Notification.objects.all()} == {desk, head}
    assert Notification.objects.first().url.startswith("/pengaduan/")


def test_the_answer_is_told_to_the_complainant_and_the_owners(
    django_capture_on_commit_callbacks, facilitator, consent, owner, desk, make_complaint
):
    complaint = make_complaint("in_handling", by=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        complaints.transition_complaint(
            complaint=complaint, action="answer", by=desk, text="Sudah kami kirim."
        )
    assert {n.recipient for n in Notification.objects.all()} == {owner, facilitator}
