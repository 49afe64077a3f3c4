"""The upload page, a job's page and its report, for each persona."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.registry.imports import services
from kriya.registry.models import Business, ImportJob

from .import_data import add_regions, csv_bytes, row

UPLOAD = reverse("registry:imports:upload")


@pytest.fixture
def probolinggo(regions):
    add_regions()


@pytest.fixture
def owner(make_user, member):
    org = Organisation.objects.create(name="Batik Sekar", kind=OrganisationKind.BUSINESS)
    return member(make_user("owner@example.test"), org, Role.OWNER)


@pytest.fixture
def admin(make_user, agency, member):
    return member(make_user("admin@agency.test"), agency, Role.ADMINISTRATOR)


def upload(content=None, name="umkm.csv"):
    content = content or csv_bytes([row(1), row(2), row(3, NIB="x")])
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def job(probolinggo, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = services.start_import(
            regency=officer.memberships.get().organisation.regency,
            upload=upload(),
            dry_run=False,
            by=officer,
        )
    created.refresh_from_db()
    return created


def test_officer_uploads_and_sees_the_accounting_line_and_report(
    client, probolinggo, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD, {"regency": "35.13", "file": upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:imports:job", args=[job.pk])
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "rows 3: created 2, updated 0, rejected 1, duplicate 0, blank 0" in text
    report_url = reverse("registry:imports:report", args=[job.pk])
    assert report_url in text
    report = client.get(report_url)
    assert report.status_code == 200
    assert report["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    rejected = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rejected] == [(4, "Ditolak", "NIB")]
    assert Business.objects.count() == 2


def test_a_dry_run_from_the_page_saves_nothing(
    client, probolinggo, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"regency": "35.13", "file": upload(), "dry_run": "on"})
    job = ImportJob.objects.get()
    assert job.counts["created"] == 2
    assert not Business.objects.exists()


def test_a_file_without_header_is_refused_at_the_field_and_queues_nothing(
    client, probolinggo, officer
):
    client.force_login(officer)
    bad = SimpleUploadedFile("x.csv", b"a,b,c\n1,2,3\n", content_type="text/csv")
    page = client.post(UPLOAD, {"regency": "35.13", "file": bad})
    assert page.status_code == 200
    assert "Baris judul kolom tidak ditemukan" in page.content.decode()
    assert not ImportJob.objects.exists()


def test_officer_of_another_regency_cannot_import_here(client, probolinggo, other_officer):
    client.force_login(other_officer)
    page = client.post(UPLOAD, {"regency": "35.13", "file": upload()})
    assert page.status_code == 200  # the form refuses the regency
    assert "35.13" not in [c for c, _n in page.context["form"].fields["regency"].choices]
    assert not ImportJob.objects.exists()


def test_officer_of_another_regency_does_not_see_the_job_or_its_report(client, job, other_officer):
    client.force_login(other_officer)
    assert client.get(reverse("registry:imports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:imports:report", args=[job.pk])).status_code == 404
    assert job.filename not in client.get(UPLOAD).content.decode()


def test_service_refuses_an_officer_of_another_regency(probolinggo, other_officer):
    from django.core.exceptions import PermissionDenied

    from kriya.regions.models import Region

    with pytest.raises(PermissionDenied):
        services.start_import(
            regency=Region.objects.get(code="35.13"),
            upload=upload(),
            dry_run=False,
            by=other_officer,
        )


def test_owner_may_not_import_nor_see_jobs(client, job, owner):
    client.force_login(owner)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"regency": "35.13", "file": upload()}).status_code == 403
    assert client.get(reverse("registry:imports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:imports:report", args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, job):
    for url in (
        UPLOAD,
        reverse("registry:imports:job", args=[job.pk]),
        reverse("registry:imports:report", args=[job.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_administrator_imports_for_any_regency_and_sees_every_job(
    client, job, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    form = client.get(UPLOAD).context["form"]
    codes = [str(c) for c, _n in form.fields["regency"].choices]
    assert "35.13" in codes and "35.74" in codes
    assert client.get(reverse("registry:imports:job", args=[job.pk])).status_code == 200
    content = csv_bytes([row(7, Kecamatan="Mayangan", Desa="Mangunharjo")])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"regency": "35.74", "file": upload(content)})
    assert Business.objects.get(nib="9120000000007").regency_id == "35.74"


def test_a_running_job_polls_with_htmx_and_offers_a_plain_refresh_link(client, job, officer):
    ImportJob.objects.filter(pk=job.pk).update(status="running", total_rows=10, processed_rows=4)
    client.force_login(officer)
    url = reverse("registry:imports:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="import-progress" max="10" value="4">' in page
    assert f'href="{url}"' in page  # works without JavaScript
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "import-progress" in partial


def test_a_finished_job_stops_polling(client, job, officer):
    client.force_login(officer)
    page = client.get(reverse("registry:imports:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in page


def test_an_xlsx_upload_is_imported_in_the_background(
    client, probolinggo, officer, django_capture_on_commit_callbacks
):
    from .import_data import xlsx_bytes

    client.force_login(officer)
    content = xlsx_bytes([row(1), row(2)], titles=("DATA UMKM 2025",))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(UPLOAD, {"regency": "35.13", "file": upload(content, name="umkm.xlsx")})
    job = ImportJob.objects.get()
    assert (job.status, job.counts["created"]) == ("done", 2)


def test_the_menu_links_the_import_for_those_who_may_import(client, probolinggo, officer, owner):
    client.force_login(officer)
    assert f'href="{UPLOAD}"' in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(owner)
    assert f'href="{UPLOAD}"' not in client.get(reverse("accounts:profile")).content.decode()


def test_the_job_page_speaks_english_when_asked(client, job, officer):
    from django.conf import settings

    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("registry:imports:job", args=[job.pk])).content.decode()
    assert "Download the report (XLSX)" in page and "Data rows" in page
