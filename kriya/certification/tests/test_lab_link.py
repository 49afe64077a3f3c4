"""Lab results pulled into the evaluation. Recording a sampling of an evaluation sends
the sample to the lab: a lab sample on the certification request, judged against the
scheme's standard for the product's technique and tested for that edition's
parameters; its verified results come back into the evaluation, and its test report
is attached to the request without moving it (the decision does). A sampling the lab
cannot take (a surveillance sampling, a standard without a lab edition) is tied by hand
to the lab sample tested for it (a testing request of the same business). Only
verified results within their limits let a grant through."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import lab_link, services
from kriya.certification.models import Outcome
from kriya.certification.queries import blockers
from kriya.desk.models import Service, ServiceRequest
from kriya.lab import services as lab
from kriya.lab.models import CustodyAction, ReportSignatory, Sample, TestReport
from kriya.lab.scales import Scale
from kriya.lab.tests.factories import (
    ParameterFactory,
    SpecificationFactory,
    StandardVersionFactory,
    calibrated_instrument,
)
from kriya.lab.verdicts import LimitKind


@pytest.fixture
def lab_people(staff):
    return staff(Role.ANALYST, "ani"), staff(Role.SUPERVISOR, "sari")


@pytest.fixture
def lab_sample(db, business, owner, lab_people):
    """A sample on a testing request of the holder's business: one grey-scale parameter
    with a minimum of 4."""
    analyst, _supervisor = lab_people
    service = Service.objects.create(code="pengujian", name_id="Pengujian", body="LAB")
    request = ServiceRequest.objects.create(business=business, service=service, filed_by=owner)
    ServiceRequest.objects.filter(pk=request.pk).update(status="in_progress")
    request.refresh_from_db()
    version = StandardVersionFactory(standard__code="SNI 8302", version="2016/Amd.1:2019")
    parameter = ParameterFactory(name="Tahan luntur pencucian", scale=Scale.GREY)
    SpecificationFactory(standard_version=version, parameter=parameter, min_value=4)
    return lab.receive_sample(
        request=request,
        description="Kain batik tulis",
        methods=[parameter.method],
        condition="good",
        storage_location="Rak A1",
        standard_version=version,
        by=analyst,
    )


def _measure(sample, value, lab_people, *, verify=True):
    analyst, supervisor = lab_people
    analysis = sample.analyses.get()
    lab.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
    lab.enter_result(
        analysis=analysis, value=Decimal(value), instrument=calibrated_instrument(), by=analyst
    )
    if verify:
        lab.verify_result(analysis=analysis, by=supervisor)


@pytest.fixture
def lab_reference(db):
    """The lab's editions of SNI 8302 (batik tulis) and SNI 8303 (batik cap): both set a
    grey-scale minimum of 4 for washing; each has a pass/fail characteristic of its own;
    SNI 8302 also lists a parameter that is no longer active."""
    tulis = StandardVersionFactory(standard__code="SNI 8302", version="2016/Amd.1:2019")
    cap = StandardVersionFactory(standard__code="SNI 8303", version="2016/Amd.1:2019")
    washing = ParameterFactory(name="Tahan luntur pencucian", scale=Scale.GREY, position=10)
    look_tulis = ParameterFactory(name="Ciri batik tulis", scale=Scale.PASS_FAIL, position=1)
    look_cap = ParameterFactory(name="Ciri batik cap", scale=Scale.PASS_FAIL, position=1)
    retired = ParameterFactory(name="Parameter lama", is_active=False)
    for version, look in ((tulis, look_tulis), (cap, look_cap)):
        SpecificationFactory(standard_version=version, parameter=washing, min_value=4)
        SpecificationFactory(
            standard_version=version, parameter=look, kind=LimitKind.PASS_FAIL, min_value=None
        )
    SpecificationFactory(standard_version=tulis, parameter=retired)
    return {"tulis": tulis, "cap": cap}


def _measure_all(sample, value, lab_people, capture):
    analyst, supervisor = lab_people
    instrument = calibrated_instrument()
    with capture(execute=True):  # the report's PDF task runs on commit
        for analysis in sample.analyses.all():
            pass_fail = analysis.parameter.scale == Scale.PASS_FAIL
            lab.assign_analysis(analysis=analysis, analyst=analyst, by=supervisor)
            lab.enter_result(
                analysis=analysis,
                value="lulus" if pass_fail else Decimal(value),
                observations="Retakan malam tampak" if pass_fail else "",
                instrument=None if pass_fail else instrument,
                by=analyst,
            )
            lab.verify_result(analysis=analysis, by=supervisor)
        # The verifier is also on the lab's list of authorised signatories.
        ReportSignatory.objects.get_or_create(
            user=supervisor,
            defaults={
                "full_name": str(supervisor),
                "position_id": "Manajer teknis",
                "all_methods": True,
                "active_from": timezone.localdate(),
            },
        )
        lab.authorise_report(request=sample.request, by=supervisor)


def _sample(flow, evaluator, product=None, **extra):
    evaluation = flow.review(flow.start())
    return services.record_sampling(
        evaluation=evaluation,
        description="Kain batik, 2 m",
        place="factory",
        taken_on=timezone.localdate(),
        product=product,
        by=evaluator,
        **extra,
    )


def test_a_sampling_creates_a_lab_sample_on_the_certification_request(
    flow, evaluator, products, lab_reference
):
    sampling = _sample(flow, evaluator, products["tulis"], seal_number="S-17", quantity="2 m")
    sample = Sample.objects.get(code=sampling.lab_sample_code)
    assert sample.request == sampling.evaluation.request
    assert sample.standard_version == lab_reference["tulis"]
    assert [a.parameter.name for a in sample.analyses.order_by("parameter__position")] == [
        "Ciri batik tulis",
        "Tahan luntur pencucian",
    ]
    assert (sample.description, sample.quantity) == ("Kain batik, 2 m (segel S-17)", "2 m")
    received = sample.custody.get()
    assert (received.action, received.holder) == (CustodyAction.RECEIVED, evaluator)


def test_the_lab_sample_records_that_the_agency_took_it_who_when_where_and_why(
    flow, evaluator, products, lab_reference
):
    sampling = _sample(flow, evaluator, products["tulis"])
    sample = Sample.objects.get(code=sampling.lab_sample_code)
    assert sample.sampled_by_agency
    assert sample.sampled_by == str(evaluator)
    assert sample.sampled_on == sampling.taken_on
    assert sample.sampling_place.startswith("Lokasi produksi — ")
    assert "Pengambilan contoh evaluasi sertifikasi" in sample.sampling_plan
    assert sampling.evaluation.request.status == "in_progress"


def test_the_technique_decides_the_standard_of_the_lab_sample(
    flow, evaluator, products, lab_reference
):
    cap = _sample(flow, evaluator, products["cap"])
    assert Sample.objects.get(code=cap.lab_sample_code).standard_version == lab_reference["cap"]
    # No product named: the evaluation's products (both batik tulis) decide.
    unnamed = _sample(flow, evaluator)
    sample = Sample.objects.get(code=unnamed.lab_sample_code)
    assert sample.standard_version == lab_reference["tulis"]


def test_results_flow_in_and_the_report_is_attached_until_the_decision_moves_the_request(
    flow,
    evaluator,
    products,
    lab_reference,
    lab_people,
    decision_maker,
    django_capture_on_commit_callbacks,
):
    sampling = _sample(flow, evaluator, products["tulis"])
    evaluation = sampling.evaluation
    assert [r.verified for r in lab_link.results_for(sampling)] == [False, False]
    assert any("diverifikasi" in b for b in blockers(evaluation))

    sample = Sample.objects.get(code=sampling.lab_sample_code)
    _measure_all(sample, "4.5", lab_people, django_capture_on_commit_callbacks)
    results = lab_link.results_for(sampling)
    assert [(r.parameter, r.verdict, r.verified) for r in results] == [
        ("Ciri batik tulis", "within", True),
        ("Tahan luntur pencucian", "within", True),
    ]
    assert blockers(evaluation) == []

    request = ServiceRequest.objects.get(pk=evaluation.request_id)
    report = TestReport.objects.get(request=request)
    assert request.status == "in_progress"
    shu = request.documents.get(kind="result", slot="shu")
    assert shu.title.endswith(report.number)

    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="Sesuai", by=evaluator)
    services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)
    request.refresh_from_db()
    assert request.status == "result_ready"
    # The test report in Indonesian and English, and the certificate.
    assert request.documents.filter(kind="result").count() == 3


def test_a_result_outside_its_limit_of_a_sent_sample_blocks_the_grant(
    flow, evaluator, products, lab_reference, lab_people, django_capture_on_commit_callbacks
):
    sampling = _sample(flow, evaluator, products["tulis"])
    sample = Sample.objects.get(code=sampling.lab_sample_code)
    _measure_all(sample, "3", lab_people, django_capture_on_commit_callbacks)
    assert any("di luar batas" in b for b in blockers(sampling.evaluation))
    with pytest.raises(ValidationError):
        services.recommend(
            evaluation=sampling.evaluation, outcome=Outcome.GRANT, note="", by=evaluator
        )


def test_a_standard_the_lab_has_no_edition_for_is_not_sent(flow, evaluator, products, db):
    sampling = _sample(flow, evaluator, products["tulis"])
    assert sampling.lab_sample_code == ""
    assert not Sample.objects.exists()


def test_a_surveillance_sampling_is_not_sent_its_request_is_closed(
    flow, evaluator, decision_maker, schemes, lab_reference
):
    scheme = schemes["batikmark"]
    scheme.surveillance_months, scheme.surveillance_sampling = 6, True
    scheme.save()
    certificate = flow.certificate(decision_maker)
    sampling = services.record_sampling(
        surveillance=certificate.surveillances.get(),
        description="Kain dari toko",
        place="market",
        taken_on=timezone.localdate(),
        by=evaluator,
    )
    assert sampling.lab_sample_code == ""
    assert not Sample.objects.exists()


def test_the_sampling_page_says_which_lab_sample_was_created(
    client, flow, evaluator, products, lab_reference
):
    evaluation = flow.review(flow.start())
    client.force_login(evaluator)
    response = client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/contoh/",
        {
            "description": "Kain batik tulis",
            "product": products["tulis"].pk,
            "place": "factory",
            "taken_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    code = evaluation.samplings.get().lab_sample_code
    assert code and f"dikirim ke laboratorium sebagai {code}" in response.content.decode()


# --- Tied by hand: a sample tested on a testing request of the same business ----------


@pytest.fixture
def sampling(flow, evaluator, products):
    evaluation = flow.review(flow.start())
    return services.record_sampling(
        evaluation=evaluation,
        description="Kain batik tulis, 2 m",
        place="factory",
        taken_on=timezone.localdate(),
        product=products["tulis"],
        by=evaluator,
    )


def test_verified_results_within_limits_let_the_grant_through(
    sampling, lab_sample, lab_people, evaluator
):
    services.link_lab_sample(sampling=sampling, code=lab_sample.code.lower(), by=evaluator)
    assert sampling.lab_sample_code == lab_sample.code
    [pending] = lab_link.results_for(sampling)
    assert not pending.verified and pending.verdict == ""
    assert any("diverifikasi" in b for b in blockers(sampling.evaluation))

    _measure(lab_sample, "4.5", lab_people)
    [result] = lab_link.results_for(sampling)
    assert (result.value, result.verdict, result.verified) == ("4-5", "within", True)
    assert blockers(sampling.evaluation) == []


def test_an_unverified_result_blocks_the_grant(sampling, lab_sample, lab_people, evaluator):
    services.link_lab_sample(sampling=sampling, code=lab_sample.code, by=evaluator)
    _measure(lab_sample, "4.5", lab_people, verify=False)
    assert any("diverifikasi" in b for b in blockers(sampling.evaluation))


def test_a_result_outside_its_limit_blocks_the_grant(sampling, lab_sample, lab_people, evaluator):
    services.link_lab_sample(sampling=sampling, code=lab_sample.code, by=evaluator)
    _measure(lab_sample, "3", lab_people)
    assert any("di luar batas" in b for b in blockers(sampling.evaluation))


def test_a_sample_of_another_business_or_an_unknown_code_is_refused(
    sampling, lab_sample, evaluator, other_business
):
    with pytest.raises(ValidationError):
        services.link_lab_sample(sampling=sampling, code="CU-1999-00001", by=evaluator)
    ServiceRequest.objects.filter(pk=lab_sample.request_id).update(business=other_business)
    with pytest.raises(ValidationError):
        services.link_lab_sample(sampling=sampling, code=lab_sample.code, by=evaluator)
    sampling.refresh_from_db()
    assert sampling.lab_sample_code == ""


def test_only_the_evaluator_links_a_lab_sample(sampling, lab_sample, second_evaluator, owner):
    for user in (second_evaluator, owner):
        with pytest.raises(PermissionDenied):
            services.link_lab_sample(sampling=sampling, code=lab_sample.code, by=user)


def test_the_evaluation_page_and_api_show_the_lab_results(
    client, sampling, lab_sample, lab_people, evaluator, owner
):
    client.force_login(evaluator)
    response = client.post(f"/sertifikasi/contoh/{sampling.pk}/lab/", {"code": lab_sample.code})
    assert response.status_code == 302
    _measure(lab_sample, "4.5", lab_people)
    page = client.get(f"/sertifikasi/evaluasi/{sampling.evaluation_id}/")
    assert "Tahan luntur pencucian" in page.content.decode()
    api = client.get(f"/api/v1/certification/evaluations/{sampling.evaluation_id}").json()
    assert api["samplings"][0]["results"][0]["verdict"] == "within"
    client.force_login(owner)
    assert client.get(f"/sertifikasi/contoh/{sampling.pk}/lab/").status_code == 404
    assert (
        client.get(f"/api/v1/certification/evaluations/{sampling.evaluation_id}").json()[
            "samplings"
        ]
        == []
    )
