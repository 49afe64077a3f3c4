"""A Batikmark request from evaluation to an issued, registered certificate."""

from kriya.certification import services
from kriya.certification.models import CertificateStatus, EvaluationStatus, Outcome
from kriya.desk.models import DocumentKind
from kriya.desk.models import Status as RequestStatus
from kriya.verify.queries import check


def test_a_batikmark_request_is_evaluated_decided_and_certified(
    flow, evaluator, decision_maker, products, business
):
    evaluation = flow.start()
    assert evaluation.status == EvaluationStatus.REVIEW
    assert evaluation.request.status == RequestStatus.IN_PROGRESS
    flow.review(evaluation)
    assert evaluation.status == EvaluationStatus.EVALUATION
    services.recommend(evaluation=evaluation, outcome=Outcome.GRANT, note="", by=evaluator)
    assert evaluation.status == EvaluationStatus.RECOMMENDED

    certificate = services.decide(evaluation=evaluation, outcome=Outcome.GRANT, by=decision_maker)

    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.GRANTED
    assert certificate.status == CertificateStatus.ACTIVE
    assert certificate.number.startswith("LSPro/BM/0001/")
    assert certificate.holder_nib == business.nib
    assert certificate.technique == "tulis" and certificate.label_colour[0] == "gold"
    assert set(certificate.products.all()) == {products["tulis"], products["tulis2"]}
    assert certificate.standard == "SNI 8302:2016/Amd.1:2019"
    assert (certificate.valid_until - certificate.issued_on).days in (1094, 1095)
    assert certificate.pdf.name
    request = evaluation.request
    request.refresh_from_db()
    assert request.status == RequestStatus.RESULT_READY
    assert request.documents.filter(kind=DocumentKind.RESULT).count() == 1
    outcome = check(certificate.number)
    assert outcome.found[0].verdict == "valid"
