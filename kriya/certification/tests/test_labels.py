"""Batikmark labels: ordered by the holder, issued with serials, each registered with
its own signed QR under the certificate; scanning shows the certificate, technique
and label colour, the holder and that the serial was issued to them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.certification import register, services
from kriya.certification.models import Label, LabelBatchStatus
from kriya.verify.queries import check


@pytest.fixture
def certificate(flow, decision_maker):
    return flow.certificate(decision_maker)


def test_a_holder_orders_and_the_body_issues_serial_numbered_labels(certificate, owner, desk):
    batch = services.order_labels(certificate=certificate, quantity=3, by=owner)
    assert batch.status == LabelBatchStatus.ORDERED
    services.issue_labels(batch=batch, by=desk)
    assert batch.status == LabelBatchStatus.ISSUED
    serials = list(batch.labels.values_list("serial", flat=True))
    year = certificate.issued_on.year
    assert serials == [f"BM-{year}-00000{n}" for n in (1, 2, 3)]
    second = services.order_labels(certificate=certificate, quantity=2, by=owner)
    services.issue_labels(batch=second, by=desk)
    assert list(second.labels.values_list("serial", flat=True)) == [
        f"BM-{year}-000004",
        f"BM-{year}-000005",
    ]
    assert Label.objects.values("serial").distinct().count() == 5


def test_each_label_is_registered_under_its_certificate_with_its_own_payload(
    certificate, owner, desk
):
    batch = services.order_labels(certificate=certificate, quantity=2, by=owner)
    services.issue_labels(batch=batch, by=desk)
    documents = [register.label_document(s) for s in batch.labels.values_list("serial", flat=True)]
    assert all(d.parent == register.document_of(certificate) for d in documents)
    assert documents[0].payload != documents[1].payload
    found = check(documents[0].number).found[0]
    assert found.verdict == "valid"
    claims = found.result.claims
    assert claims.doc_type == "batikmark_label" and claims.ref == certificate.number
    assert claims.holder_name == certificate.holder_name
    assert "emas" in claims.scope and "batik tulis" in claims.scope


def test_suspending_the_certificate_suspends_its_labels(certificate, owner, desk, decision_maker):
    batch = services.order_labels(certificate=certificate, quantity=1, by=owner)
    services.issue_labels(batch=batch, by=desk)
    serial = batch.labels.get().serial
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="Survailen", by=decision_maker
    )
    assert check(serial).found[0].verdict == "suspended"


def test_the_label_page_shows_certificate_technique_colour_and_holder(
    client, certificate, owner, desk
):
    batch = services.order_labels(certificate=certificate, quantity=1, by=owner)
    services.issue_labels(batch=batch, by=desk)
    serial = batch.labels.get().serial
    page = client.get(f"/sertifikasi/label/cek/{serial}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert certificate.number in text and "emas" in text and "tulis" in text
    assert f"diterbitkan untuk {certificate.holder_name}" in text


def test_a_serial_never_issued_is_not_registered(client, certificate):
    page = client.get("/sertifikasi/label/cek/BM-2026-999999/")
    assert page.status_code == 404
    assert "Tidak terdaftar" in page.content.decode()
    assert check("BM-2026-999999").found[0].verdict == "not_registered"
    api = client.get("/api/v1/certification/labels/BM-2026-999999")
    assert api.status_code == 404


def test_a_serial_typed_on_the_verification_page_shows_the_label(client, certificate, owner, desk):
    batch = services.order_labels(certificate=certificate, quantity=1, by=owner)
    services.issue_labels(batch=batch, by=desk)
    serial = batch.labels.get().serial
    for typed in (serial, f" {serial.lower()} ", register.label_document(serial).url):
        page = client.get("/verifikasi/", {"q": typed})
        assert [r["verdict"] for r in page.context["results"]] == ["valid"], typed
        text = page.content.decode()
        assert certificate.number in text and "emas" in text and "batik tulis" in text
        assert f"Label bernomor seri {serial} diterbitkan untuk {certificate.holder_name}" in text
    never = client.get("/verifikasi/", {"q": f"BM-{certificate.issued_on.year}-999999"})
    assert [r["verdict"] for r in never.context["results"]] == ["not_registered"]
    assert "Tidak terdaftar" in never.content.decode()


def test_only_the_holder_orders_labels(certificate, stranger, desk):
    for user in (stranger, desk):
        with pytest.raises(PermissionDenied):
            services.order_labels(certificate=certificate, quantity=1, by=user)


@pytest.mark.parametrize("quantity", [0, -1, 1001, "banyak"])
def test_a_batch_holds_between_1_and_1000_labels(certificate, owner, quantity):
    with pytest.raises(ValidationError):
        services.order_labels(certificate=certificate, quantity=quantity, by=owner)


def test_labels_are_only_for_a_valid_batikmark_certificate(
    flow, certificate, decision_maker, owner, desk, products
):
    batch = services.order_labels(certificate=certificate, quantity=1, by=owner)
    services.change_certificate_status(
        certificate=certificate, action="suspend", reason="x", by=decision_maker
    )
    with pytest.raises(ValidationError):
        services.order_labels(certificate=certificate, quantity=1, by=owner)
    with pytest.raises(ValidationError):
        services.issue_labels(batch=batch, by=desk)
    assert not Label.objects.exists()
    sni = flow.certificate(decision_maker, scheme="sppt-sni-3", items=[products["cap"]])
    with pytest.raises(ValidationError):
        services.order_labels(certificate=sni, quantity=1, by=owner)


def test_a_refusal_needs_its_reason_and_the_holder_may_cancel(certificate, owner, desk):
    batch = services.order_labels(certificate=certificate, quantity=1, by=owner)
    with pytest.raises(ValidationError):
        services.refuse_labels(batch=batch, reason="", by=desk)
    services.refuse_labels(batch=batch, reason="Kuota bulan ini habis", by=desk)
    assert batch.status == LabelBatchStatus.REFUSED
    other = services.order_labels(certificate=certificate, quantity=1, by=owner)
    services.cancel_labels(batch=other, by=owner)
    assert other.status == LabelBatchStatus.CANCELLED
