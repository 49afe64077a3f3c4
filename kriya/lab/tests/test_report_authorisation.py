"""Authorised signatories (ISO/IEC 17025 §6.2.6 c, §7.8.2.1 o): verified results wait
for a person on the lab's list, active that day, whose scope covers every method of the
report and who entered none of its results. Only then is the report issued, numbered
and printed — in Indonesian and English, with the same number and QR — naming the
signatory and their function."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kriya.api.models import ApiToken
from kriya.core.models import AuditEvent
from kriya.lab import documents, services
from kriya.lab.models import ReportSignatory, TestReport

pytestmark = pytest.mark.django_db


def text_of(file) -> str:
    with file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def bearer(user):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="uji", user=user, prefix=prefix, key_hash=key_hash)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def ready(
    receive, lab_reference, supervisor, analyst, instrument, django_capture_on_commit_callbacks
):
    """A sample whose three results are verified: the report waits for authorisation."""
    sample = receive(methods=[lab_reference["washing"], lab_reference["visual"]])
    values = {"change": "3-4", "staining": "4", "look": "lulus"}
    for key, value in values.items():
        analysis = sample.analyses.get(parameter=lab_reference[key])
        services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
        services.enter_result(
            analysis=analysis,
            value=value,
            observations="Retakan malam tampak" if key == "look" else "",
            instrument=None if key == "look" else instrument,
            by=analyst,
        )
        services.verify_result(analysis=analysis, by=supervisor)
    return sample


def entry(user, *, methods=(), **fields):
    values = {
        "full_name": f"{user}, S.T.",
        "position_id": "Manajer Teknis",
        "position_en": "Technical Manager",
        "active_from": timezone.localdate() - timedelta(days=30),
        **fields,
    }
    signatory = ReportSignatory.objects.create(user=user, **values)
    signatory.methods.set(methods)
    return signatory


# --- The service ---------------------------------------------------------------------


def test_verified_results_wait_for_authorisation(ready, testing_request, signatory):
    assert not TestReport.objects.exists()
    assert services.report_awaits_authorisation(testing_request)
    assert AuditEvent.objects.filter(verb="lab.report_ready").exists()
    report = services.authorise_report(request=testing_request, by=signatory.user)
    assert (report.signatory, report.issued_by) == (signatory, signatory.user)
    assert report.authorised_at is not None
    assert report.content["signatory"]["name"] == "Dr. Dewi Kepala, M.T."
    assert not services.report_awaits_authorisation(testing_request)
    assert AuditEvent.objects.filter(verb="lab.report_authorised", object_id=str(report.pk))


@pytest.mark.parametrize(
    "case",
    ["not_listed", "outside_scope", "ended", "not_yet", "entered_results"],
)
def test_who_may_not_authorise(case, ready, testing_request, lab_reference, supervisor, analyst):
    today = timezone.localdate()
    person = analyst if case == "entered_results" else supervisor
    if case == "outside_scope":  # the visual method only; the report also has C06
        entry(person, methods=[lab_reference["visual"]])
    elif case == "ended":
        entry(person, all_methods=True, active_until=today - timedelta(days=1))
    elif case == "not_yet":
        entry(person, all_methods=True, active_from=today + timedelta(days=1))
    elif case == "entered_results":
        entry(person, all_methods=True)
    assert not services.may_authorise(person, testing_request)
    with pytest.raises(services.PermissionDenied):
        services.authorise_report(request=testing_request, by=person)
    assert not TestReport.objects.exists()


def test_a_scope_of_methods_covering_the_report_is_enough(
    ready, testing_request, lab_reference, supervisor
):
    entry(supervisor, methods=[lab_reference["washing"], lab_reference["visual"]])
    assert services.may_authorise(supervisor, testing_request)
    assert services.authorise_report(request=testing_request, by=supervisor).number


def test_a_verifier_on_the_list_may_authorise_but_not_the_analyst_even_if_also_verifier(
    receive, lab_reference, analyst_verifier, supervisor, instrument, testing_request
):
    sample = receive(methods=[lab_reference["washing"]])
    for analysis in sample.analyses.all():
        services.assign_analysis(analysis=analysis, analyst=analyst_verifier, by=supervisor)
        services.enter_result(
            analysis=analysis, value="4", instrument=instrument, by=analyst_verifier
        )
        services.verify_result(analysis=analysis, by=supervisor)
    entry(analyst_verifier, all_methods=True)
    entry(supervisor, all_methods=True)
    assert not services.may_authorise(analyst_verifier, testing_request)
    assert services.may_authorise(supervisor, testing_request)


def test_an_end_date_before_the_start_is_refused(supervisor):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    signatory = ReportSignatory(
        user=supervisor,
        full_name="X",
        position_id="Y",
        active_from=today,
        active_until=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        signatory.full_clean()
    assert "active_until" in error.value.message_dict


# --- The page ------------------------------------------------------------------------


def test_the_signatory_authorises_on_the_request_page(
    client, ready, testing_request, signatory, django_capture_on_commit_callbacks
):
    client.force_login(signatory.user)
    page = client.get(f"/lab/permohonan/{testing_request.pk}/").text
    assert "Sahkan dan terbitkan laporan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/lab/permohonan/{testing_request.pk}/sahkan/")
    assert response.status_code == 302
    report = TestReport.objects.get()
    assert report.signatory == signatory and report.pdf and report.pdf_en
    testing_request.refresh_from_db()
    assert testing_request.status == "result_ready"
    # Nothing waits any more: a second post issues nothing.
    client.post(f"/lab/permohonan/{testing_request.pk}/sahkan/")
    assert TestReport.objects.count() == 1


def test_lab_staff_not_on_the_list_see_no_button_and_get_403(
    client, ready, testing_request, supervisor, analyst
):
    for person in (supervisor, analyst):
        client.force_login(person)
        page = client.get(f"/lab/permohonan/{testing_request.pk}/").text
        assert "menunggu pengesahan" in page and "Sahkan dan terbitkan laporan" not in page
        response = client.post(f"/lab/permohonan/{testing_request.pk}/sahkan/")
        assert response.status_code == 403
    assert not TestReport.objects.exists()


def test_others_cannot_authorise(client, ready, testing_request, owner, stranger, desk):
    url = f"/lab/permohonan/{testing_request.pk}/sahkan/"
    assert client.post(url).status_code == 302  # anonymous: to the sign-in page
    for person in (owner, stranger, desk):
        client.force_login(person)
        assert client.post(url).status_code in (403, 404)
    assert not TestReport.objects.exists()


# --- The PDFs --------------------------------------------------------------------------


def test_both_pdfs_name_the_signatory_and_carry_the_same_number_and_link(
    verified_sample, signatory
):
    report = TestReport.objects.get()
    indonesian, english = text_of(report.pdf), text_of(report.pdf_en)
    today_id = documents._day(timezone.localdate().isoformat())
    for expected in [
        "SERTIFIKAT HASIL UJI",
        "Disahkan oleh",
        "Dr. Dewi Kepala, M.T.",
        "Kepala Laboratorium Uji",
        today_id,
        "Tidak memenuhi",
        "Hasil uji ini hanya berlaku untuk contoh yang diuji",
        "Akhir laporan",
    ]:
        assert expected in indonesian, expected
    for expected in [
        "TEST REPORT",
        "Authorised by",
        "Dr. Dewi Kepala, M.T.",
        "Head of the Testing Laboratory",
        "Does not meet",
        "limit not yet set",
        "The test results relate only to the items tested",
        "Page 1 of",
        "End of report",
        "Sample received from the customer",
        "Simple acceptance",
        "Pass",
        "Laboratory supervisor",
    ]:
        assert expected in english, expected
    for indonesian_only in (
        "Kepala Laboratorium Uji",
        "Disahkan oleh",
        "Lulus",
        "Penyelia laboratorium",
    ):
        assert indonesian_only not in english, indonesian_only
    for text in (indonesian, english):
        assert report.number in text
        assert f"/verifikasi/test_report/{report.number}/" in text


def test_a_report_issued_before_authorisation_existed_still_prints(verified_sample):
    content = dict(TestReport.objects.get().content)
    content.pop("signatory")
    pdf, pages = documents.render_pdf(content, qr_text=content["link"], language="en")
    assert pdf.startswith(b"%PDF") and pages >= 1


def test_the_applicant_downloads_the_english_pdf_after_the_gate_the_desk_at_once(
    client, verified_sample, testing_request, owner, stranger, desk
):
    number = TestReport.objects.get().number
    url = f"/lab/laporan/{number}/unduh/?bahasa=en"
    client.force_login(desk)
    response = client.get(url)
    assert response.status_code == 200 and f"{number}-en.pdf" in response["Content-Disposition"]
    client.force_login(owner)
    assert client.get(url).status_code == 403  # the result gate is not open yet
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- The API ---------------------------------------------------------------------------


def test_api_authorisation_for_the_signatory_only(
    client, ready, testing_request, signatory, supervisor, owner, django_capture_on_commit_callbacks
):
    url = f"/api/v1/lab/requests/{testing_request.pk}/report"
    status_url = f"/api/v1/lab/requests/{testing_request.pk}/report-authorisation"
    assert client.post(url).status_code == 401
    assert client.get(status_url).status_code == 401
    assert client.post(url, **bearer(owner)).status_code == 404
    theirs = bearer(supervisor)
    body = client.get(status_url, **theirs).json()
    assert body == {
        "awaits_authorisation": True,
        "can_authorise": False,
        "methods": ["c06", "ciri"],
    }
    assert client.post(url, **theirs).status_code == 403
    mine = bearer(signatory.user)
    assert client.get(status_url, **mine).json()["can_authorise"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, **mine)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["signatory"] == "Dr. Dewi Kepala, M.T."
    assert body["signatory_position"] == "Kepala Laboratorium Uji"
    assert client.post(url, **mine).status_code == 409
    pdf = client.get(f"/api/v1/lab/reports/{body['number']}/pdf?language=en", **mine)
    assert pdf.status_code == 200 and b"%PDF" in b"".join(pdf.streaming_content)
    bad = client.get(f"/api/v1/lab/reports/{body['number']}/pdf?language=fr", **mine)
    assert bad.status_code == 422


def post(client, url, body, auth):
    return client.post(url, json.dumps(body), content_type="application/json", **auth)


def test_api_receipt_takes_and_shows_the_decision_rule_and_the_uncertainty(
    client, analyst, testing_request, lab_reference, owner
):
    change = lab_reference["change"]
    change.uncertainty, change.coverage_factor = "0.5", "2"
    change.save()
    url = f"/api/v1/lab/requests/{testing_request.pk}/samples"
    body = {
        "description": "Kain batik tulis",
        "methods": ["c06"],
        "standard": "SNI 8302:2016/Amd.1:2019",
        "condition": "good",
        "storage_location": "Lemari A",
        "decision_rule": "guarded",
        "guard_band": "0.5",
        "report_uncertainty": True,
    }
    assert post(client, url, body, bearer(owner)).status_code == 404
    assert post(client, url, body, {}).status_code == 401
    auth = bearer(analyst)
    missing = post(client, url, {**body, "guard_band": None}, auth)
    assert missing.status_code == 422 and "guard_band" in missing.content.decode()
    assert post(client, url, {**body, "decision_rule": "strict"}, auth).status_code == 422
    assert not testing_request.lab_samples.exists()  # nothing half-saved
    response = post(client, url, body, auth)
    assert response.status_code == 201, response.content
    sample = response.json()
    assert (sample["decision_rule"], sample["guard_band"]) == ("guarded", "0.5")
    assert sample["report_uncertainty"] is True
    by_code = {a["parameter_code"]: a for a in sample["analyses"]}
    assert by_code[change.code]["uncertainty"] == {
        "evaluated": True,
        "value": "0.5",
        "relative": False,
        "unit": change.unit,
        "coverage_factor": "2",
        "reported": True,
    }
    assert by_code["luntur_cuci_penodaan"]["uncertainty"]["evaluated"] is False
    read = client.get(f"/api/v1/lab/samples/{sample['code']}", **auth).json()
    assert read["decision_rule"] == "guarded"


# --- The list, in the admin ------------------------------------------------------------


def test_the_administrator_keeps_the_list_in_the_admin_and_the_lab_staff_cannot(
    client, lab_admin, supervisor, lab_reference
):
    client.force_login(lab_admin)
    assert client.get("/admin/lab/reportsignatory/").status_code == 200
    response = client.post(
        "/admin/lab/reportsignatory/add/",
        {
            "user": supervisor.pk,
            "full_name": "Sari Penyelia, S.Si.",
            "position_id": "Penyelia Laboratorium",
            "position_en": "Laboratory Supervisor",
            "methods": [lab_reference["washing"].pk],
            "active_from": "2026-01-01",
            "active_until": "",
        },
    )
    assert response.status_code == 302, response.content
    signatory = ReportSignatory.objects.get()
    assert list(signatory.methods.all()) == [lab_reference["washing"]]
    assert AuditEvent.objects.filter(verb="lab.reportsignatory.created").exists()
    client.force_login(supervisor)
    assert client.get("/admin/lab/reportsignatory/").status_code in (302, 403)
