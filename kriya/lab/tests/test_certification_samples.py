"""Samples of a certification request: the lab receives them while the request is in
progress (from a lab worker, or handed in by the evaluator who took them), tests the
parameters it is given, and attaches its report to the request without moving it —
only a testing request of the lab is moved to "result ready" by its report."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.accounts.models import Role
from kriya.desk.models import Body, Service
from kriya.lab import queries, services
from kriya.lab.models import CustodyAction, ReportStatus, TestReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluator(make_user, agency, member):
    return member(make_user("evaluator@agency.test", full_name="Eva"), agency, Role.EVALUATOR)


@pytest.fixture
def certification_request(make_request):
    service = Service.objects.create(
        code="batikmark", name_id="Sertifikasi Batikmark", body=Body.LSPRO, standard_days=30
    )
    return make_request("in_progress", service=service)


def verify_all(sample, *, analyst, supervisor, instrument, capture, value="4", signatory=None):
    with capture(execute=True):
        for analysis in sample.analyses.all():
            services.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            pass_fail = analysis.parameter.scale == "pass_fail"
            services.enter_result(
                analysis=analysis,
                value="lulus" if pass_fail else value,
                observations="Retakan malam tampak" if pass_fail else "",
                instrument=None if pass_fail else instrument,
                by=analyst,
            )
            services.verify_result(analysis=analysis, by=supervisor)
        if signatory is not None:
            services.authorise_report(request=sample.request, by=signatory.user)


def test_a_certification_request_in_progress_takes_samples(
    receive, certification_request, analyst, evaluator
):
    by_lab = receive(request=certification_request)
    handed_in = receive(request=certification_request, by=evaluator)
    assert {by_lab.request, handed_in.request} == {certification_request}
    first = handed_in.custody.get()
    assert (first.action, first.holder) == (CustodyAction.RECEIVED, evaluator)


@pytest.mark.parametrize("body", [Body.DESK, Body.LSP])
def test_requests_of_other_bodies_take_no_samples(receive, make_request, body):
    service = Service.objects.create(code=f"x-{body}", name_id="Lain", body=body)
    with pytest.raises(ValidationError):
        receive(request=make_request("in_progress", service=service))


def test_an_evaluator_hands_in_samples_only_for_certification_requests(
    receive, testing_request, evaluator, desk
):
    with pytest.raises(PermissionDenied):
        receive(request=testing_request, by=evaluator)
    assert not testing_request.lab_samples.exists()


def test_the_desk_or_the_owner_never_receive(receive, certification_request, desk, owner):
    for person in (desk, owner):
        with pytest.raises(PermissionDenied):
            receive(request=certification_request, by=person)


def test_given_parameters_decide_the_analyses(receive, certification_request, lab_reference):
    sample = receive(
        request=certification_request,
        methods=(),
        parameters=[lab_reference["look"], lab_reference["change"]],
    )
    assert {a.parameter.code for a in sample.analyses.all()} == {
        "ciri_visual",
        "luntur_cuci_perubahan",
    }
    assert set(sample.methods.all()) == {lab_reference["visual"], lab_reference["washing"]}


def test_an_edition_is_found_by_its_code_and_lists_its_active_parameters(lab_reference):
    version = queries.standard_version("SNI 8302:2016/Amd.1:2019")
    assert version == lab_reference["version"]
    assert queries.standard_version("SNI 8302") is None
    assert [p.code for p in queries.parameters_for(version)] == [
        "ciri_visual",
        "luntur_cuci_perubahan",
        "luntur_cuci_penodaan",
    ]
    lab_reference["staining"].is_active = False
    lab_reference["staining"].save()
    assert "luntur_cuci_penodaan" not in [p.code for p in queries.parameters_for(version)]


def test_the_report_of_a_certification_request_is_attached_without_moving_it(
    receive,
    certification_request,
    analyst,
    supervisor,
    instrument,
    signatory,
    django_capture_on_commit_callbacks,
):
    sample = receive(request=certification_request)
    verify_all(
        sample,
        analyst=analyst,
        supervisor=supervisor,
        instrument=instrument,
        capture=django_capture_on_commit_callbacks,
        signatory=signatory,
    )
    report = TestReport.objects.get(request=certification_request)
    assert report.pdf
    certification_request.refresh_from_db()
    assert certification_request.status == "in_progress"
    document = certification_request.documents.get(kind="result", slot="shu")
    assert document.title.endswith(report.number)


@pytest.mark.parametrize(
    "body, moves", [(Body.LAB, True), (Body.LSPRO, False), (Body.LSIH, False), (Body.LPH, False)]
)
def test_only_a_testing_request_of_the_lab_is_moved_by_its_report(make_request, body, moves):
    service = Service.objects.create(code=f"s-{body}", name_id="Layanan", body=body)
    assert services.report_moves_request(make_request(service=service)) is moves


def test_a_sample_tested_after_the_report_gives_a_report_naming_it(
    receive,
    certification_request,
    analyst,
    supervisor,
    instrument,
    signatory,
    django_capture_on_commit_callbacks,
):
    people = {
        "analyst": analyst,
        "supervisor": supervisor,
        "instrument": instrument,
        "capture": django_capture_on_commit_callbacks,
        "signatory": signatory,
    }
    verify_all(receive(request=certification_request), **people)
    second = receive(request=certification_request)
    verify_all(second, **people)
    first, latest = TestReport.objects.filter(request=certification_request).order_by("pk")
    first.refresh_from_db()
    assert first.status == ReportStatus.SUPERSEDED
    assert latest.supersedes == first
    assert latest.correction_reason == f"Ditambahkan hasil contoh {second.code}."
    assert {s["code"] for s in latest.content["samples"]} == {
        s.code for s in certification_request.lab_samples.all()
    }


def test_the_lab_lists_and_opens_a_certification_request_with_samples(
    client, analyst, receive, certification_request, make_request
):
    client.force_login(analyst)
    assert certification_request.number not in client.get("/lab/permohonan/").text
    receive(request=certification_request)
    assert certification_request.number in client.get("/lab/permohonan/").text
    page = client.get(f"/lab/permohonan/{certification_request.pk}/")
    assert page.status_code == 200 and "Terima contoh" in page.text
    consulting = Service.objects.create(code="konsultansi", name_id="Konsultansi", body="DESK")
    assert client.get(f"/lab/permohonan/{make_request(service=consulting).pk}/").status_code == 404
