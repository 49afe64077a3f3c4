"""Complaint pages and API by persona, and the answer shown to the applicant."""

import pytest

from kriya.desk import complaints
from kriya.desk.models import Complaint

API = "/api/v1"


def test_the_owner_files_on_the_request_page(client, owner, make_request):
    request = make_request("in_progress")
    client.force_login(owner)
    assert f"/permohonan/{request.pk}/pengaduan/" in client.get(f"/permohonan/{request.pk}/").text
    response = client.post(
        f"/permohonan/{request.pk}/pengaduan/", {"subject": "Lama", "body": "Belum ada kabar."}
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pengaduan/{complaint.pk}/"


def test_a_complaint_without_text_is_refused_at_the_field(client, owner, make_request):
    request = make_request("in_progress")
    client.force_login(owner)
    response = client.post(f"/permohonan/{request.pk}/pengaduan/", {"subject": "Lama"})
    assert response.status_code == 400 and "complaint_body_error" in response.text
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(("name", "expected"), [("officer", 403), ("desk", 403), ("stranger", 404)])
def test_others_cannot_file(name, expected, client, personas, make_request):
    request = make_request("submitted")
    client.force_login(personas[name])
    response = client.post(f"/permohonan/{request.pk}/pengaduan/", {"subject": "a", "body": "b"})
    assert response.status_code == expected
    assert not Complaint.objects.exists()


def test_the_head_reads_and_the_desk_answers_on_the_pages(client, desk, head, make_complaint):
    complaint = make_complaint()
    client.force_login(head)
    assert complaint.subject in client.get("/pengaduan/").text
    assert client.get(f"/pengaduan/{complaint.pk}/").status_code == 200
    assert 'class="open-complaints">1<' in client.get("/permohonan/ringkasan/").text
    client.force_login(desk)
    client.post(f"/pengaduan/{complaint.pk}/tindakan/handle/")
    response = client.post(
        f"/pengaduan/{complaint.pk}/tindakan/answer/", {"text": "Hasil dikirim besok."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "answered"


def test_an_empty_answer_is_refused_at_the_field(client, desk, make_complaint):
    complaint = make_complaint("in_handling")
    client.force_login(desk)
    response = client.post(f"/pengaduan/{complaint.pk}/tindakan/answer/", {"text": ""})
    assert response.status_code == 400 and "Jawaban wajib diisi." in response.text


def test_the_applicant_sees_the_answer_and_closes(client, owner, desk, make_complaint):
    complaint = make_complaint("in_handling")
    complaints.transition_complaint(
        complaint=complaint, action="answer", by=desk, text="Hasil dikirim besok."
    )
    client.force_login(owner)
    assert "Hasil dikirim besok." in client.get(f"/permohonan/{complaint.request_id}/").text
    page = client.get(f"/pengaduan/{complaint.pk}/").text
    assert "Hasil dikirim besok." in page and 'data-action="close"' in page
    client.post(f"/pengaduan/{complaint.pk}/tindakan/close/")
    complaint.refresh_from_db()
    assert complaint.status == "closed"


@pytest.mark.parametrize("name", ["stranger", "officer", "analyst"])
def test_others_do_not_see_the_complaint(name, client, personas, make_complaint):
    complaint = make_complaint()
    client.force_login(personas[name])
    assert client.get(f"/pengaduan/{complaint.pk}/").status_code == 404
    assert complaint.subject not in client.get("/pengaduan/").text
    assert client.post(f"/pengaduan/{complaint.pk}/tindakan/handle/").status_code == 404


def test_the_owner_cannot_handle_their_complaint(client, owner, make_complaint):
    complaint = make_complaint()
    client.force_login(owner)
    client.post(f"/pengaduan/{complaint.pk}/tindakan/handle/")
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.parametrize("path", ["/pengaduan/", "/pengaduan/1/"])
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_the_api_by_persona(client, personas, make_request):
    request = make_request("submitted")
    url = f"{API}/service-requests/{request.pk}/complaints"
    body = {"subject": "Lama", "body": "Belum ada kabar."}
    for name, expected in [("officer", 403), ("desk", 403), ("stranger", 404)]:
        client.force_login(personas[name])
        assert client.post(url, body, content_type="application/json").status_code == expected
    client.logout()
    assert client.post(url, body, content_type="application/json").status_code == 401
    client.force_login(personas["owner"])
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["actions"] == []
    complaint_id = created.json()["id"]

    client.force_login(personas["head"])
    assert client.get(f"{API}/complaints").json()["count"] == 1
    detail = client.get(f"{API}/complaints/{complaint_id}").json()
    assert detail["actions"] == ["handle"]
    step = client.post(
        f"{API}/complaints/{complaint_id}/actions/answer",
        {"text": "x"},
        content_type="application/json",
    )
    assert step.status_code == 409
    for action, text in [("handle", ""), ("answer", "Hasil dikirim besok.")]:
        response = client.post(
            f"{API}/complaints/{complaint_id}/actions/{action}",
            {"text": text},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    client.force_login(personas["owner"])
    seen = client.get(f"{API}/complaints/{complaint_id}").json()
    assert seen["answer"] == "Hasil dikirim besok." and seen["actions"] == ["close"]

    for name in ("stranger", "officer", "analyst"):
        client.force_login(personas[name])
        assert client.get(f"{API}/complaints/{complaint_id}").status_code == 404
        assert client.get(f"{API}/complaints").json()["count"] == 0
    client.logout()
    assert client.get(f"{API}/complaints").status_code == 401
    assert client.get(f"{API}/complaints/{complaint_id}").status_code == 401
