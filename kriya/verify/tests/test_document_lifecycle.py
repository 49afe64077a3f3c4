"""The document lifecycle: every move from every status, by every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.verify.models import DocumentStatus as S
from kriya.verify.offline import Verdict
from kriya.verify.queries import check
from kriya.verify.services import set_document_status
from kriya.verify.workflow import DOCUMENT_LIFECYCLE

SOURCES = {
    "suspend": {S.ACTIVE},
    "reinstate": {S.SUSPENDED},
    "withdraw": {S.ACTIVE, S.SUSPENDED},
    "supersede": {S.ACTIVE, S.SUSPENDED},
}
CERTIFICATION = {"decision_maker", "head", "administrator", "system"}
LAB = {"supervisor", "head", "administrator", "system"}
WHO_MAY = {
    "certificate": dict.fromkeys(SOURCES, CERTIFICATION),
    "batikmark_label": dict.fromkeys(SOURCES, CERTIFICATION),
    "test_report": {**dict.fromkeys(SOURCES, LAB), "supersede": LAB | {"analyst"}},
}
PERSONAS = [
    "system",
    "anonymous",
    "owner",
    "desk",
    "analyst",
    "supervisor",
    "evaluator",
    "decision_maker",
    "head",
    "administrator",
]


@pytest.fixture
def people(make_user, agency, member):
    business = Organisation.objects.create(name="Batik Sekar", kind=OrganisationKind.BUSINESS)
    found = {"system": None, "anonymous": AnonymousUser()}
    for role in PERSONAS[2:]:
        org = business if role == "owner" else agency
        found[role] = member(make_user(f"{role}@kriya.test"), org, Role(role))
    return found


def in_status(issue, doc_type, status):
    document = issue(doc_type=doc_type, number=f"{doc_type}/{status}")
    path = {S.SUSPENDED: ["suspend"], S.WITHDRAWN: ["withdraw"], S.SUPERSEDED: ["supersede"]}
    for action in path.get(status, []):
        DOCUMENT_LIFECYCLE.transition(document, action=action, by=None, reason="setup")
    return document


@pytest.mark.parametrize("doc_type", sorted(WHO_MAY))
def test_every_move_from_every_status_by_every_role(issue, people, doc_type):
    for status in S:
        document = in_status(issue, doc_type, status)
        for action, sources in SOURCES.items():
            for persona in PERSONAS:
                expected = status in sources and persona in WHO_MAY[doc_type][action]
                allowed = DOCUMENT_LIFECYCLE.can(document, people[persona], action)
                assert allowed == expected, (doc_type, status, action, persona)


@pytest.mark.parametrize(
    "action, start, end, verdict",
    [
        ("suspend", S.ACTIVE, S.SUSPENDED, Verdict.SUSPENDED),
        ("reinstate", S.SUSPENDED, S.ACTIVE, Verdict.VALID),
        ("withdraw", S.ACTIVE, S.WITHDRAWN, Verdict.WITHDRAWN),
        ("withdraw", S.SUSPENDED, S.WITHDRAWN, Verdict.WITHDRAWN),
    ],
)
def test_each_status_change_is_recorded_with_its_reason_and_published(
    issue, people, action, start, end, verdict
):
    document = in_status(issue, "certificate", start)
    by = people["decision_maker"]
    set_document_status(document=document, action=action, reason="Hasil surveilans", by=by)
    document.refresh_from_db()
    assert document.status == end
    assert document.status_reason == "Hasil surveilans" and document.status_changed_at
    event = AuditEvent.objects.get(verb=f"document.{action}", actor=by)
    assert event.data == {"from": start, "to": end, "reason": "Hasil surveilans"}
    assert check(document.payload).found[0].verdict is verdict


def test_a_status_change_needs_a_reason(issue):
    document = issue()
    with pytest.raises(ValidationError):
        set_document_status(document=document, action="suspend", reason=" ", by=None)
    document.refresh_from_db()
    assert document.status == S.ACTIVE


def test_a_role_without_the_right_changes_nothing(issue, people):
    document = issue()
    with pytest.raises(PermissionDenied):
        set_document_status(document=document, action="withdraw", reason="x", by=people["desk"])
    document.refresh_from_db()
    assert document.status == S.ACTIVE
    assert not AuditEvent.objects.filter(verb="document.withdraw").exists()


def test_withdrawn_is_final(issue):
    document = in_status(issue, "certificate", S.WITHDRAWN)
    with pytest.raises(InvalidTransition):
        set_document_status(document=document, action="reinstate", reason="x", by=None)


def test_superseding_is_not_a_plain_status_change(issue):
    with pytest.raises(ValueError):
        set_document_status(document=issue(), action="supersede", reason="x", by=None)


def test_the_lifecycle_diagram_lists_every_move():
    diagram = DOCUMENT_LIFECYCLE.mermaid()
    for line in [
        "active --> suspended: suspend",
        "suspended --> active: reinstate",
        "active --> withdrawn: withdraw",
        "suspended --> withdrawn: withdraw",
        "active --> superseded: supersede",
        "suspended --> superseded: supersede",
    ]:
        assert line in diagram
