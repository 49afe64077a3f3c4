"""The whole request path through the services, end to end."""

import datetime

from django.utils import timezone

from kriya.desk import services
from kriya.desk.models import DocumentKind, Status


def test_a_testing_request_goes_from_filing_to_completion(
    owner, desk, analyst, business, testing_service, pdf
):
    request, created = services.create_request(
        business=business,
        service=testing_service,
        by=owner,
        items=[{"name": "Kain batik tulis motif anggur", "quantity": 1}],
        documents={"surat_permohonan": pdf()},
        submit=True,
    )
    assert created and request.status == Status.SUBMITTED
    assert request.standard_days == 5 and request.clock_running_since is not None
    services.transition_request(request=request, action="review", by=desk)
    services.transition_request(request=request, action="accept", by=desk)
    tariff = testing_service.tariff_items.get()
    bill = services.issue_bill(
        request=request,
        lines=[{"tariff_item": tariff.pk, "quantity": 3}],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        billing_code="820260101234567",
        by=desk,
    )
    assert bill.total == 450_000 and request.status == Status.AWAITING_PAYMENT
    assert request.clock_running_since is None
    services.upload_payment_proof(
        request=request, file=pdf("bukti.pdf"), by=owner, paid_on=timezone.localdate()
    )
    services.confirm_payment(request=request, by=desk)
    assert request.status == Status.PAID
    services.start_work(request=request, by=analyst)
    document = services.attach_result_document(
        request=request, file=pdf("shu.pdf").read(), name="SHU-001.pdf", by=analyst
    )
    services.mark_result_ready(request=request, by=analyst, document=document)
    services.complete_request(request=request, by=desk)
    assert request.status == Status.COMPLETED
    assert request.documents.filter(kind=DocumentKind.RESULT).count() == 1
