"""Who downloads a test report: lab and agency staff at once; the applicant once the
service desk's result gate opens; nobody else."""

import pytest

from kriya.desk.models import ServiceRequest
from kriya.lab.models import TestReport

pytestmark = pytest.mark.django_db


def survey_answered(request, by):
    """The service desk's result gate also waits for the satisfaction survey."""
    from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

    SurveyResponse.objects.create(
        request_id=request.pk,
        service_id=request.service_id,
        respondent=by,
        **dict.fromkeys(SURVEY_FIELDS, 4),
    )


@pytest.fixture
def url(verified_sample):
    return f"/lab/laporan/{TestReport.objects.get().number}/unduh/"


def test_lab_staff_download_the_pdf(client, supervisor, url):
    client.force_login(supervisor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_applicant_waits_for_the_result_gate_then_downloads(client, owner, url, testing_request):
    client.force_login(owner)
    assert client.get(url).status_code == 403
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    survey_answered(testing_request, owner)
    assert client.get(url).status_code == 200


def test_owner_of_another_business_gets_404(client, stranger, other_business, url, testing_request):
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_officer_of_another_regency_gets_404(client, other_officer, url):
    client.force_login(other_officer)
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, url):
    assert client.get(url).status_code == 302


def test_the_lab_request_page_links_the_report(client, analyst, verified_sample, testing_request):
    client.force_login(analyst)
    page = client.get(f"/lab/permohonan/{testing_request.pk}/").text
    number = TestReport.objects.get().number
    assert f"/lab/laporan/{number}/unduh/" in page and f"/shu/{number}/" in page


def test_report_page_offers_the_download_only_when_the_gate_is_open(
    client, owner, verified_sample, testing_request
):
    number = TestReport.objects.get().number
    client.force_login(owner)
    waiting = client.get(f"/lab/laporan/{number}/").text
    assert "setelah permohonan selesai" in waiting and "/unduh/" not in waiting
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    survey_answered(testing_request, owner)
    assert f"/lab/laporan/{number}/unduh/" in client.get(f"/lab/laporan/{number}/").text


def test_report_page_is_hidden_from_other_businesses(
    client, stranger, other_business, verified_sample
):
    client.force_login(stranger)
    assert client.get(f"/lab/laporan/{TestReport.objects.get().number}/").status_code == 404


# --- Least privilege (issue 15 item 6, docs/document-access.md) -------------------------


@pytest.fixture
def trainer(make_user, agency, member):
    from kriya.accounts.models import Role

    return member(make_user("pelatih@agency.test"), agency, Role.TRAINER)


def test_the_trainer_reads_no_test_report(client, trainer, url):
    client.force_login(trainer)
    assert client.get(url).status_code == 403
    assert client.get(url.removesuffix("unduh/")).status_code == 403


def test_an_officer_of_the_regency_whose_unit_did_not_recommend_reads_no_report(
    client, officer, url, testing_request
):
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    survey_answered(testing_request, testing_request.filed_by)
    client.force_login(officer)
    assert client.get(url).status_code == 403
    assert client.get(url.removesuffix("unduh/")).status_code == 403


def test_the_officer_of_the_recommending_unit_reads_the_report_once_the_gate_opens(
    client, officer, probolinggo_unit, url, testing_request
):
    from kriya.desk.models import Recommendation

    Recommendation.objects.create(
        request=testing_request, unit=probolinggo_unit, note="Layak", recommended_by=officer
    )
    client.force_login(officer)
    assert client.get(url).status_code == 403
    ServiceRequest.objects.filter(pk=testing_request.pk).update(status="completed")
    survey_answered(testing_request, testing_request.filed_by)
    assert client.get(url).status_code == 200
