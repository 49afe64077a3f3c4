"""Exports for officers: produced by the worker, with progress, audited, scoped; only
the requester downloads."""

import pytest
from django.urls import reverse

from kriya.core.models import AuditEvent
from kriya.insights.models import ExportJob

pytestmark = pytest.mark.django_db

URL = "/dasbor/ekspor/"


def _request(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, data)


def test_officer_exports_own_regency_only(
    client, officer, world, django_capture_on_commit_callbacks
):
    mine = world["business"]("35.13.01.2001")
    theirs = world["business"]("35.74.01.1001")
    client.force_login(officer)
    assert client.get(URL).status_code == 200
    response = _request(client, django_capture_on_commit_callbacks, jenis="usaha")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.regency_id == "35.13" and job.finished_at and job.rows_done == 1
    assert job.percent == 100
    page = client.get(URL).content.decode()
    assert reverse("insights:export_download", args=[job.pk]) in page
    download = client.get(reverse("insights:export_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert mine.nib in text and theirs.nib not in text
    assert text.splitlines()[0].startswith("nib,nama")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"insights.export_requested", "insights.export_downloaded"} <= verbs
    # Another regency cannot be asked for.
    assert client.post(URL, {"jenis": "usaha", "kabupaten": "35.74"}).status_code == 404


def test_only_the_requester_downloads(
    client, officer, head, world, django_capture_on_commit_callbacks
):
    world["business"]("35.13.01.2001")
    client.force_login(officer)
    _request(client, django_capture_on_commit_callbacks, jenis="usaha")
    job = ExportJob.objects.get()
    client.force_login(head)
    assert client.get(reverse("insights:export_download", args=[job.pk])).status_code == 404


def test_agency_exports_requests_and_certificates(
    client, head, reports, make_certificate, world, django_capture_on_commit_callbacks
):
    make_certificate(reports[0].request.business, "sni", reports[0].issued_at.date())
    client.force_login(head)
    _request(client, django_capture_on_commit_callbacks, jenis="permohonan")
    _request(client, django_capture_on_commit_callbacks, jenis="sertifikat", kabupaten="35.13")
    jobs = {j.kind: j for j in ExportJob.objects.all()}
    assert jobs["permohonan"].rows_done == 3 and jobs["permohonan"].regency_id is None
    assert jobs["sertifikat"].rows_done == 1


def test_progress_while_running(client, officer):
    job = ExportJob.objects.create(
        requested_by=officer, kind="usaha", rows_total=2000, rows_done=500
    )
    client.force_login(officer)
    text = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in text and 'value="25"' in text
    assert job.percent == 25


def test_bad_kind_and_owner(client, officer, owner_user):
    client.force_login(officer)
    response = client.post(URL, {"jenis": "rahasia"})
    assert response.status_code == 302 and not ExportJob.objects.exists()
    client.force_login(owner_user)
    assert client.get(URL).status_code == 403


def _download(client, job):
    response = client.get(reverse("insights:export_download", args=[job.pk]))
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content)


def _rows(xlsx: bytes) -> list:
    import io

    from openpyxl import load_workbook

    return list(load_workbook(io.BytesIO(xlsx))["data"].values)


@pytest.mark.parametrize("kind", ["peserta", "penjualan"])
def test_participants_and_sales_of_the_officers_regency_as_xlsx(
    client,
    officer,
    other_officer,
    kind,
    world,
    make_enrolment,
    make_event,
    sell,
    django_capture_on_commit_callbacks,
):
    make_enrolment("35.13.20.2001")
    make_enrolment("35.74.01.1001")
    mine = make_event("35.13.01", name="Pameran Sukapura")
    sell(mine, world["business"]("35.13.01.2001"), 0, 150_000)
    sell(mine, world["business"]("35.13.01.2001"), 1, 10, current=False)  # history
    theirs = make_event("35.74.01", name="Festival Mayangan")
    sell(theirs, world["business"]("35.74.01.1001"), 0, 9_000)
    for user, place, other in (
        (officer, "Paiton", "Mayangan"),
        (other_officer, "Mayangan", "Paiton"),
    ):
        client.force_login(user)
        _request(client, django_capture_on_commit_callbacks, jenis=kind, format="xlsx")
        job = ExportJob.objects.filter(requested_by=user).get()
        assert job.file_format == "xlsx" and job.rows_done == 1 and job.file.name.endswith(".xlsx")
        rows = _rows(_download(client, job))
        text = repr(rows[1:])
        if kind == "peserta":
            assert place in text and other not in text
        else:
            wanted = "Sukapura" if user == officer else "Mayangan"
            assert wanted in text and ("Festival" in text) == (user == other_officer)
        assert (
            client.post(
                URL, {"jenis": kind, "kabupaten": "35.74" if user == officer else "35.13"}
            ).status_code
            == 404
        )
        event = AuditEvent.objects.filter(verb="insights.export_downloaded", actor=user).get()
        assert event.data == {"kind": kind, "regency": job.regency_id, "format": "xlsx", "rows": 1}


def test_xlsx_quotes_formula_text_and_keeps_numbers(
    client, officer, world, django_capture_on_commit_callbacks
):
    b = world["business"]("35.13.01.2001")
    type(b).objects.filter(pk=b.pk).update(name="=HYPERLINK(1)")
    client.force_login(officer)
    _request(client, django_capture_on_commit_callbacks, jenis="usaha", format="xlsx")
    rows = _rows(_download(client, ExportJob.objects.get()))
    assert rows[0][0] == "nib" and rows[1][1] == "'=HYPERLINK(1)"
    requested = AuditEvent.objects.get(verb="insights.export_requested")
    assert requested.data["format"] == "xlsx" and requested.actor == officer
