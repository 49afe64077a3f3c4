"""issue_document: the register entry, its signed payload, and the rules it keeps."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from kriya.core.models import AuditEvent
from kriya.verify.models import DocumentStatus, IssuedDocument
from kriya.verify.offline import Verdict
from kriya.verify.payload import extract
from kriya.verify.queries import check
from kriya.verify.services import issue_document, set_document_status


def verdict_of(document):
    return check(document.payload).found[0].verdict


def test_an_issued_document_carries_a_payload_with_its_facts(issue, settings):
    settings.KRIYA_PUBLIC_URL = "https://kriya.test"
    document = issue(number="LSPRO/BM/0001/2026", expires_on=None)
    found = check(document.payload).found[0]
    assert found.verdict is Verdict.VALID
    claims = found.result.claims
    assert (claims.doc_type, claims.number) == ("certificate", "LSPRO/BM/0001/2026")
    assert (claims.holder_nib, claims.holder_name) == ("9120000000001", "Batik Sekar Jagad")
    assert claims.scheme == "Batikmark — batik tulis"
    assert claims.issued_on == date(2026, 1, 5) and claims.expires_on is None
    assert (claims.status_list, claims.status_index) == (
        document.status_list_id,
        document.status_index,
    )
    assert claims.url == "https://kriya.test/verifikasi/certificate/LSPRO/BM/0001/2026/"
    assert claims.issuer == "https://kriya.test"
    assert found.document == document


def test_the_qr_text_is_the_page_url_with_the_payload(issue, settings):
    settings.KRIYA_PUBLIC_URL = "https://kriya.test"
    document = issue()
    assert document.qr_text.startswith("https://kriya.test/verifikasi/?q=KRY1:")
    assert extract(document.qr_text) == document.payload


def test_issuing_is_audited(issue, decision_maker):
    document = issue(by=decision_maker)
    event = AuditEvent.objects.get(verb="document.issued")
    assert event.actor == decision_maker
    assert event.object_id == str(document.pk)
    assert event.data["number"] == document.number
    assert event.data["kid"] == document.signed_with.kid


def test_a_number_is_unique_per_type_only(issue):
    issue(number="KRY/0001")
    issue(number="KRY/0001", doc_type="test_report")
    with pytest.raises(ValidationError) as error:
        issue(number="KRY/0001")
    assert "number" in error.value.message_dict
    assert IssuedDocument.objects.count() == 2


@pytest.mark.parametrize(
    "field, change",
    [
        ("doc_type", {"doc_type": "passport"}),
        ("number", {"number": "  "}),
        ("holder_nib", {"holder_nib": "12345"}),
        ("holder_name", {"holder_name": ""}),
        ("scheme", {"scheme": ""}),
        ("expires_on", {"issued_on": date(2026, 2, 1), "expires_on": date(2026, 1, 31)}),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_saved(issue, field, change):
    with pytest.raises(ValidationError) as error:
        issue(**change)
    assert field in error.value.message_dict
    assert not IssuedDocument.objects.exists()
    assert not AuditEvent.objects.filter(verb="document.issued").exists()


def test_the_source_object_is_linked(issue, decision_maker):
    document = issue(source=decision_maker)
    document.refresh_from_db()
    assert document.source_type == ContentType.objects.get_for_model(decision_maker)
    assert document.source == decision_maker


def test_superseding_issues_the_successor_and_marks_the_old_one(issue, make_user, agency, member):
    from kriya.accounts.models import Role

    analyst = member(make_user("analis@agency.test"), agency, Role.ANALYST)
    old = issue(doc_type="test_report", number="SHU/0001")
    new = issue(
        doc_type="test_report", number="SHU/0002", supersedes=old, reason="Koreksi", by=analyst
    )
    old.refresh_from_db()
    assert old.status == DocumentStatus.SUPERSEDED
    assert old.superseded_by == new
    assert old.status_reason == "Koreksi"
    assert verdict_of(old) is Verdict.SUPERSEDED
    assert verdict_of(new) is Verdict.VALID
    event = AuditEvent.objects.get(verb="document.supersede")
    assert event.data["reason"] == "Koreksi" and event.data["superseded_by"] == "SHU/0002"


def test_superseding_needs_a_reason_and_the_same_type(issue):
    old = issue(number="A/1")
    with pytest.raises(ValidationError):
        issue(number="A/2", supersedes=old)
    with pytest.raises(ValidationError):
        issue(doc_type="test_report", number="A/3", supersedes=old, reason="x")
    old.refresh_from_db()
    assert old.status == DocumentStatus.ACTIVE
    assert IssuedDocument.objects.count() == 1


def test_a_label_shares_its_certificates_status_entry_and_follows_it(issue):
    certificate = issue(number="LSPRO/BM/0001/2026")
    label = issue(
        doc_type="batikmark_label", number="BM-000001", parent=certificate, expires_on=None
    )
    assert (label.status_list, label.status_index) == (
        certificate.status_list,
        certificate.status_index,
    )
    assert label.expires_on == certificate.expires_on
    found = check(label.payload).found[0]
    assert found.result.claims.ref == "LSPRO/BM/0001/2026"
    assert found.verdict is Verdict.VALID
    set_document_status(document=certificate, action="suspend", reason="Surveilans", by=None)
    assert verdict_of(label) is Verdict.SUSPENDED
    label.refresh_from_db()
    assert label.effective_status == DocumentStatus.SUSPENDED


def test_a_label_has_no_lifecycle_of_its_own(issue):
    from kriya.verify.workflow import DOCUMENT_LIFECYCLE

    label = issue(doc_type="batikmark_label", number="BM-1", parent=issue())
    assert DOCUMENT_LIFECYCLE.available(label, None) == []


def test_issue_document_is_callable_with_only_the_documented_arguments(db):
    document = issue_document(
        doc_type="test_report",
        number="SHU/2026/0001",
        holder_nib="",
        holder_name="Perorangan",
        scheme="SNI 8302:2016/Amd.1:2019",
        scope="",
        issued_on=date(2026, 3, 1),
        by=None,
    )
    assert verdict_of(document) is Verdict.VALID
