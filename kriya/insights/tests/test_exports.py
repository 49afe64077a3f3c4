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
