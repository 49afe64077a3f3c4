"""Receiving a sample: code, analyses per requested method, custody, retention."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.core.models import AuditEvent
from kriya.lab import services
from kriya.lab.models import AnalysisStatus, CustodyAction, Sample

from .conftest import days, png_upload

pytestmark = pytest.mark.django_db


def test_receipt_codes_the_sample_and_creates_one_analysis_per_parameter(
    receive, lab_reference, analyst
):
    sample = receive(methods=[lab_reference["washing"], lab_reference["visual"]])
    assert sample.code.startswith("CU-") and sample.code.endswith("-00001")
    parameters = {a.parameter.code for a in sample.analyses.all()}
    assert parameters == {"luntur_cuci_perubahan", "luntur_cuci_penodaan", "ciri_visual"}
    assert set(sample.analyses.values_list("status", flat=True)) == {AnalysisStatus.UNASSIGNED}
    first = sample.custody.get()
    assert (first.action, first.holder, first.location) == (
        CustodyAction.RECEIVED,
        analyst,
        "Lemari A-2",
    )
    assert sample.retain_until == days(60)
    assert AuditEvent.objects.filter(verb="lab.sample_received", object_id=str(sample.pk)).exists()


def test_codes_follow_each_other(receive):
    assert [receive().code[-5:] for _ in range(3)] == ["00001", "00002", "00003"]


def test_analyses_are_due_within_the_method_time_but_never_after_the_request(make_request, receive):
    request = make_request(clock_deadline=days(1))
    sample = receive(request=request)
    assert {a.due_date for a in sample.analyses.all()} == {days(1)}


def test_photos_are_kept_with_the_sample(receive):
    sample = receive(photos=[png_upload()])
    assert sample.photos.count() == 1
    assert sample.photos.get().image.name.startswith("lab/sample/")


@pytest.mark.parametrize("status", ["submitted", "paid", "result_ready", "completed"])
def test_samples_are_received_only_for_requests_in_progress(make_request, receive, status):
    with pytest.raises(ValidationError):
        receive(request=make_request(status))
    assert not Sample.objects.exists()


def test_samples_are_not_received_for_a_service_outside_the_lab(make_request, receive):
    from kriya.desk.models import Service

    consulting = Service.objects.create(code="konsultansi", name_id="Konsultansi", body="DESK")
    with pytest.raises(ValidationError):
        receive(request=make_request(service=consulting))


def test_a_damaged_sample_needs_a_note(receive):
    with pytest.raises(ValidationError) as exc:
        receive(condition="damaged")
    assert "condition_note" in exc.value.message_dict
    sample = receive(condition="damaged", condition_note="Sobek di tepi")
    assert sample.get_condition_display() == "Rusak atau cacat"


def test_nothing_is_half_saved_when_a_field_is_missing(receive):
    with pytest.raises(ValidationError) as exc:
        receive(methods=[], storage_location=" ")
    assert {"methods", "storage_location"} <= set(exc.value.message_dict)
    assert not Sample.objects.exists()


def test_a_fake_photo_is_refused(receive):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.png", b"%PDF-1.4 not an image", "image/png")
    with pytest.raises(ValidationError) as exc:
        receive(photos=[fake])
    assert "photos" in exc.value.message_dict
    assert not Sample.objects.exists()


def test_only_lab_workers_receive_samples(receive, desk, owner):
    for person in (desk, owner):
        with pytest.raises(PermissionDenied):
            receive(by=person)


def test_chain_of_custody_records_hand_overs_and_storage(receive, analyst, other_analyst):
    sample = receive()
    services.record_custody(
        sample=sample, action=CustodyAction.HANDED_OVER, holder=other_analyst, by=analyst
    )
    services.record_custody(
        sample=sample, action=CustodyAction.STORED, location="Ruang contoh B", by=other_analyst
    )
    sample.refresh_from_db()
    assert sample.storage_location == "Ruang contoh B"
    assert [e.action for e in sample.custody.all()] == ["received", "handed_over", "stored"]
    with pytest.raises(ValidationError):
        services.record_custody(sample=sample, action=CustodyAction.HANDED_OVER, by=analyst)


def test_disposal_waits_for_the_retention_date_and_open_analyses(receive, analyst, supervisor):
    sample = receive(retain_until=days(0))
    with pytest.raises(ValidationError):
        services.dispose_sample(sample=sample, disposal="destroyed", by=analyst)
    with pytest.raises(ValidationError):  # analyses still open
        services.dispose_sample(sample=sample, disposal="destroyed", by=analyst, today=days(1))
    for analysis in sample.analyses.all():
        services.cancel_analysis(analysis=analysis, reason="Contoh tidak cukup", by=supervisor)
    services.dispose_sample(
        sample=sample, disposal="returned", note="Diambil pemilik", by=analyst, today=days(1)
    )
    sample.refresh_from_db()
    assert sample.is_disposed and sample.disposal == "returned"
    assert sample.custody.last().action == CustodyAction.RETURNED
    with pytest.raises(ValidationError):
        services.dispose_sample(sample=sample, disposal="destroyed", by=analyst, today=days(2))
