"""Findings and corrective actions: deadlines, evidence checked by content and kept
privately, the evaluator's acceptance or return."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kriya.certification import services
from kriya.certification.models import (
    AuditKind,
    CorrectiveAction,
    CorrectiveActionStatus,
    CorrectiveEvidence,
    FindingGrade,
)

from .conftest import pdf_upload, png_upload


@pytest.fixture
def audit(flow, evaluator):
    evaluation = flow.review(flow.start())
    return services.plan_audit(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=evaluator,
        by=evaluator,
    )


@pytest.fixture
def action(audit, evaluator):
    finding = services.raise_finding(
        audit_row=audit,
        grade=FindingGrade.MAJOR,
        description="Tidak ada catatan resep pewarnaan",
        deadline=timezone.localdate() + timedelta(days=14),
        by=evaluator,
    )
    return finding.corrective_action


def test_an_observation_opens_no_corrective_action_and_a_nonconformity_needs_a_deadline(
    audit, evaluator
):
    observation = services.raise_finding(
        audit_row=audit, grade=FindingGrade.OBSERVATION, description="Rapi", by=evaluator
    )
    assert not CorrectiveAction.objects.filter(finding=observation).exists()
    with pytest.raises(ValidationError) as error:
        services.raise_finding(
            audit_row=audit, grade=FindingGrade.MINOR, description="Kurang", by=evaluator
        )
    assert "deadline" in error.value.message_dict


def test_the_holder_is_told_of_a_nonconformity(
    audit, evaluator, notices, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.raise_finding(
            audit_row=audit,
            grade=FindingGrade.MINOR,
            description="Kurang",
            deadline=timezone.localdate() + timedelta(days=5),
            by=evaluator,
        )
    assert ("finding.raised", audit.business, "holder") in notices


def test_the_holder_submits_evidence_that_is_checked_and_kept_privately(action, owner):
    services.submit_corrective_action(
        action=action,
        cause="Resep tidak dicatat",
        action_taken="Buku resep dibuat",
        files=[pdf_upload("buku.pdf"), png_upload("foto.png")],
        by=owner,
    )
    assert action.status == CorrectiveActionStatus.SUBMITTED
    evidence = list(action.evidence.all())
    assert [e.original_name for e in evidence] == ["buku.pdf", "foto.png"]
    assert all(
        "buku" not in e.file.name and e.file.name.startswith("sertifikasi/bukti/") for e in evidence
    )


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_saved(action, owner):
    html = SimpleUploadedFile("bukti.pdf", b"<html><script>x</script></html>", "application/pdf")
    with pytest.raises(ValidationError) as error:
        services.submit_corrective_action(
            action=action, cause="a", action_taken="b", files=[html], by=owner
        )
    assert "files" in error.value.message_dict
    action.refresh_from_db()
    assert action.status == CorrectiveActionStatus.OPEN
    assert not CorrectiveEvidence.objects.exists()


def test_evidence_is_required(action, owner):
    with pytest.raises(ValidationError) as error:
        services.submit_corrective_action(action=action, cause="a", action_taken="b", by=owner)
    assert "files" in error.value.message_dict


def test_another_business_cannot_submit(action, stranger):
    with pytest.raises(PermissionDenied):
        services.submit_corrective_action(
            action=action, cause="a", action_taken="b", files=[pdf_upload()], by=stranger
        )


def test_a_returned_correction_needs_a_reason_and_can_be_submitted_again(action, owner, evaluator):
    services.submit_corrective_action(
        action=action, cause="a", action_taken="b", files=[pdf_upload()], by=owner
    )
    with pytest.raises(ValidationError):
        services.review_corrective_action(action=action, accept=False, note="", by=evaluator)
    services.review_corrective_action(
        action=action, accept=False, note="Foto buku resep belum ada", by=evaluator
    )
    assert action.status == CorrectiveActionStatus.OPEN
    assert action.review_note == "Foto buku resep belum ada"
    services.submit_corrective_action(
        action=action, cause="a", action_taken="b + foto", files=[png_upload()], by=owner
    )
    services.review_corrective_action(action=action, accept=True, by=evaluator)
    assert action.status == CorrectiveActionStatus.ACCEPTED
    assert action.evidence.count() == 2


def test_a_correction_past_its_deadline_is_overdue(action):
    today = timezone.localdate()
    assert not action.is_overdue(today)
    assert action.is_overdue(action.deadline + timedelta(days=1))
    assert CorrectiveAction.objects.overdue(action.deadline + timedelta(days=1)).get() == action


def test_evidence_downloads_only_for_the_holder_and_agency(client, action, owner, stranger, desk):
    services.submit_corrective_action(
        action=action, cause="a", action_taken="b", files=[pdf_upload()], by=owner
    )
    evidence = action.evidence.get()
    url = f"/sertifikasi/bukti/{evidence.pk}/unduh/"
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    client.force_login(desk)
    assert client.get(url).status_code == 200
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
