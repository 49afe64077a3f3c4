""" "Beranda saya" for certification: the evaluator's evaluations, the decision maker's
files — only those they may decide (impartiality, ISO/IEC 17065 7.6.2) — and the
holder's certificates with their expiry; another business sees none of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.certification import queries, services
from kriya.certification.models import Audit, AuditKind, Outcome
from kriya.certification.workflow import is_independent_decision_maker

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get("/beranda/")
    assert response.status_code == 200
    return response


def panel(response, title):
    return next(p for s in response.context["sections"] for p in s.panels if p.title == title)


def test_evaluator_sees_their_evaluations(client, flow, evaluator, second_evaluator):
    evaluation = flow.start()
    html = home(client, evaluator).content.decode()
    assert f"/sertifikasi/evaluasi/{evaluation.pk}/" in html
    response = home(client, second_evaluator)
    assert panel(response, "Evaluasi yang ditugaskan kepada saya").count == 0


def test_decision_maker_is_offered_only_files_they_may_decide(
    client, flow, staff, evaluator, decision_maker
):
    auditor = staff(Role.DECISION_MAKER, "auditor")
    free = flow.recommended()
    audited = flow.recommended()
    Audit.objects.create(
        evaluation=audited,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=auditor,
        created_by=evaluator,
        status="conducted",
    )
    response = home(client, auditor)
    decisions = panel(response, "Menunggu keputusan Anda")
    assert [e.pk for e in decisions.context["rows"]] == [free.pk]
    assert decisions.context["excluded"] == 1
    assert f"/sertifikasi/evaluasi/{audited.pk}/" not in response.content.decode()
    # The independent decision maker is offered both.
    response = home(client, decision_maker)
    assert panel(response, "Menunggu keputusan Anda").count == 2


def test_the_home_and_the_workflow_agree_on_who_may_decide(flow, staff, evaluator, agency, member):
    """Each way of taking part in an evaluation: the queue agrees with the rule."""
    people = {
        name: staff(Role.DECISION_MAKER, name)
        for name in ("bebas", "auditor", "pembuat", "temuan", "pemeriksa", "sampel", "eks")
    }
    member(evaluator, agency, Role.DECISION_MAKER)
    people["evaluator"] = evaluator
    evaluation = flow.recommended()
    audit = Audit.objects.create(
        evaluation=evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=people["auditor"],
        created_by=people["pembuat"],
        status="conducted",
    )
    audit.findings.create(grade="observation", description="Catatan", raised_by=people["temuan"])
    first_check = evaluation.requirement_checks.order_by("pk").first()
    evaluation.requirement_checks.filter(pk=first_check.pk).update(checked_by=people["pemeriksa"])
    from kriya.certification.models import EvaluatorAssignment, Sampling

    EvaluatorAssignment.objects.create(
        evaluation=evaluation,
        evaluator=people["eks"],
        assigned_by=evaluator,
        assigned_at=timezone.now(),
        ended_at=timezone.now(),
    )
    Sampling.objects.create(
        evaluation=evaluation,
        product=evaluation.products.first(),
        taken_by=people["sampel"],
        taken_on=timezone.localdate(),
        description="Kain batik tulis",
        place="factory",
    )
    for name, user in people.items():
        offered = evaluation in queries.awaiting_decision_by(user)
        assert offered == is_independent_decision_maker(user, evaluation), name
    assert evaluation in queries.awaiting_decision_by(people["bebas"])
    for name in ("auditor", "pembuat", "temuan", "pemeriksa", "sampel", "eks", "evaluator"):
        assert evaluation not in queries.awaiting_decision_by(people[name]), name


def test_holder_sees_certificates_and_expiry_and_another_business_does_not(
    client, flow, decision_maker, owner, stranger, other_business
):
    certificate = flow.certificate(decision_maker)
    response = home(client, owner)
    html = response.content.decode()
    assert certificate.number in html
    assert "berlaku sampai" in html
    assert panel(response, "Sertifikat saya").count == 1
    html = home(client, stranger).content.decode()
    assert certificate.number not in html


def test_decision_maker_home_queries_do_not_grow(client, flow, decision_maker):
    flow.recommended()
    client.force_login(decision_maker)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/beranda/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(4):
        flow.recommended()
    assert count() == before


def test_holder_home_queries_do_not_grow(client, flow, decision_maker, owner):
    flow.certificate(decision_maker)
    client.force_login(owner)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/beranda/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        flow.certificate(decision_maker)
    assert count() == before


def test_refused_decision_leaves_the_queue(client, flow, decision_maker):
    evaluation = flow.recommended()
    services.decide(
        evaluation=evaluation, outcome=Outcome.REFUSE, reason="Tidak memenuhi", by=decision_maker
    )
    assert not queries.awaiting_decision_by(decision_maker).exists()


def test_evaluator_home_queries_do_not_grow(client, flow, evaluator, make_request, products):
    flow.start()
    make_request("batikmark", [products["tulis"]])
    client.force_login(evaluator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/beranda/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(3):
        flow.start()
        make_request("batikmark", [products["tulis"]])
    assert count() == before


def test_decision_queue_puts_the_files_one_may_decide_first_and_marks_the_rest(
    client, flow, staff, evaluator
):
    auditor = staff(Role.DECISION_MAKER, "auditor")
    audited = flow.recommended()
    free = flow.recommended()
    Audit.objects.create(
        evaluation=audited,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=auditor,
        created_by=evaluator,
        status="conducted",
    )
    client.force_login(auditor)
    response = client.get("/sertifikasi/keputusan/")
    rows = response.context["evaluations"]
    assert [(e.pk, e.may_decide) for e in rows] == [(free.pk, True), (audited.pk, False)]
    html = response.content.decode()
    assert "1 berkas dapat Anda putuskan." in html
    assert "Tidak — Anda ikut dalam evaluasinya" in html
    # An evaluator sees the queue without the decision column.
    client.force_login(evaluator)
    html = client.get("/sertifikasi/keputusan/").content.decode()
    assert "Keputusan oleh Anda" not in html
