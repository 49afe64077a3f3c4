"""One table over every move of the analysis lifecycle: each allowed and each forbidden
move, by role. The same table drives the buttons (`ANALYSIS.available`)."""

import pytest

from kriya.lab.models import Analysis, AnalysisStatus, Result, Verification
from kriya.lab.workflow import ANALYSIS, REPORT

pytestmark = pytest.mark.django_db

S = AnalysisStatus
PEOPLE = [
    "assigned",
    "other_analyst",
    "entrant_supervisor",
    "supervisor",
    "desk",
    "owner",
    "nobody",
]

# (status, action) → who may make the move. "entrant_supervisor" is a supervisor who is
# the assigned analyst and entered the current result; "supervisor" entered nothing.
ALLOWED = {
    (S.UNASSIGNED, "assign"): {"supervisor", "entrant_supervisor"},
    (S.UNASSIGNED, "cancel"): {"supervisor", "entrant_supervisor"},
    (S.ASSIGNED, "reassign"): {"supervisor", "entrant_supervisor"},
    (S.ASSIGNED, "submit"): {"assigned", "entrant_supervisor"},  # whoever is assigned
    (S.ASSIGNED, "cancel"): {"supervisor", "entrant_supervisor"},
    (S.TO_VERIFY, "verify_final"): {"supervisor"},
    (S.TO_VERIFY, "verify"): set(),  # one verification is enough here (see test below)
    (S.TO_VERIFY, "retest"): {"assigned", "supervisor", "entrant_supervisor"},
    (S.VERIFIED, "correct"): {"assigned", "supervisor", "entrant_supervisor"},
}
ACTIONS = sorted({m.action for m in ANALYSIS.moves})


@pytest.fixture
def people(analyst, other_analyst, supervisor, second_supervisor, desk, owner, member, agency):
    from kriya.accounts.models import Role

    member(second_supervisor, agency, Role.ANALYST)
    return {
        "assigned": analyst,
        "other_analyst": other_analyst,
        "entrant_supervisor": second_supervisor,
        "supervisor": supervisor,
        "desk": desk,
        "owner": owner,
        "nobody": None,
    }


def build(status, *, analyst, entrant, sample, parameter):
    analysis = Analysis.objects.create(
        sample=sample, parameter=parameter, analyst=analyst, due_date=sample.retain_until
    )
    if status in (S.TO_VERIFY, S.VERIFIED):
        result = Result.objects.create(
            analysis=analysis,
            value_number=4,
            measured_on=sample.retain_until,
            limit_text="≥ 4",
            verdict="within",
            entered_by=entrant,
        )
        analysis.current_result = result
    Analysis.objects.filter(pk=analysis.pk).update(
        status=status, current_result=analysis.current_result
    )
    analysis.refresh_from_db()
    return analysis


@pytest.mark.parametrize("status", list(S))
def test_every_move_by_every_role(status, people, receive, lab_reference):
    sample = receive(methods=[lab_reference["visual"]])
    sample.analyses.all().delete()
    for who in PEOPLE:
        # The analysis is assigned to the entrant supervisor when judging them, so that
        # "entrant" and "assigned" coincide for that row, as in real life.
        assigned_to = (
            people["entrant_supervisor"] if who == "entrant_supervisor" else people["assigned"]
        )
        analysis = build(
            status,
            analyst=None if status == S.UNASSIGNED else assigned_to,
            entrant=assigned_to,
            sample=sample,
            parameter=lab_reference["look"],
        )
        for action in ACTIONS:
            expected = who in ALLOWED.get((status, action), set())
            assert ANALYSIS.can(analysis, people[who], action) is expected, (status, action, who)
        analysis.delete() if status in (S.UNASSIGNED, S.ASSIGNED, S.CANCELLED) else _drop(analysis)


def _drop(analysis):
    Analysis.objects.filter(pk=analysis.pk).update(current_result=None)
    Result.objects.filter(analysis=analysis).delete()
    Analysis.objects.filter(pk=analysis.pk).delete()


def test_with_two_verifications_the_first_is_partial_and_the_second_final(
    people, receive, lab_reference
):
    lab_reference["visual"].required_verifications = 2
    lab_reference["visual"].save()
    sample = receive(methods=[lab_reference["visual"]])
    sample.analyses.all().delete()
    analysis = build(
        S.TO_VERIFY,
        analyst=people["assigned"],
        entrant=people["assigned"],
        sample=sample,
        parameter=lab_reference["look"],
    )
    supervisor = people["supervisor"]
    assert ANALYSIS.can(analysis, supervisor, "verify")
    assert not ANALYSIS.can(analysis, supervisor, "verify_final")
    Verification.objects.create(result=analysis.current_result, verified_by=supervisor)
    assert not ANALYSIS.can(analysis, supervisor, "verify")  # not twice
    assert not ANALYSIS.can(analysis, supervisor, "verify_final")
    other = people["entrant_supervisor"]
    assert ANALYSIS.can(analysis, other, "verify_final")
    assert [m.action for m in ANALYSIS.available(analysis, other)] == ["verify_final", "retest"]


def test_only_the_system_supersedes_a_report():
    from kriya.lab.models import ReportStatus, TestReport

    report = TestReport(status=ReportStatus.ISSUED)
    assert REPORT.can(report, None, "supersede")
    assert not REPORT.can(report, object(), "supersede")
    assert REPORT.find(ReportStatus.SUPERSEDED, "supersede") is None
