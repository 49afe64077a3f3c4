"""Lab results pulled into the evaluation: a sampling is tied to the lab sample tested
for it (a testing request of the same business), and only verified results within
their limits let a grant through."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import lab_link, services
from kriya.certification.queries import blockers
from kriya.lab import services as lab
from kriya.lab.scales import Scale
from kriya.lab.tests.factories import (
    ParameterFactory,
    SpecificationFactory,
    StandardVersionFactory,
    calibrated_instrument,
)
from kriya.services.models import Service, ServiceRequest


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
