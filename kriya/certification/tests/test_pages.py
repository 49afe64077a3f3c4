"""Every certification page with its personas: the allowed ones, a persona of another
business or regency or role, and anonymous visitors (sent to sign in, except on the
public pages)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.certification import services
from kriya.certification.models import AuditKind, FindingGrade, Outcome

ALLOWED, HIDDEN, FORBIDDEN, LOGIN = 200, 404, 403, 302


@pytest.fixture
def world(
    flow,
    schemes,
    make_request,
    products,
    evaluator,
    second_evaluator,
    decision_maker,
    desk,
    owner,
    stranger,
    other_business,
    officer,
    other_officer,
    staff,
):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5")
    evaluation = certificate.evaluation
    open_evaluation = flow.review(flow.start(items=[products["tulis2"]]))
    audit = services.plan_audit(
        evaluation=open_evaluation,
        kind=AuditKind.SITE_VISIT,
        planned_on=timezone.localdate(),
        lead_auditor=evaluator,
        by=evaluator,
    )
    finding = services.raise_finding(
        audit_row=audit,
        grade=FindingGrade.MINOR,
        description="Label kurang",
        deadline=timezone.localdate() + timedelta(days=10),
        by=evaluator,
    )
    sampling = services.record_sampling(
        evaluation=open_evaluation,
        description="Kain",
        place="factory",
        taken_on=timezone.localdate(),
        by=evaluator,
    )
    recommended = flow.recommended(items=[products["tulis"]])
    batikmark = flow.certificate(decision_maker, items=[products["cap"]])
    batch = services.order_labels(certificate=batikmark, quantity=1, by=owner)
    services.issue_labels(batch=batch, by=desk)
    halal = services.record_halal_certificate(
        business=certificate.business,
        products=[products["tulis"]],
        number="SH2026-55",
        issued_on=timezone.localdate(),
        by=owner,
    )
    ready = make_request("batikmark", [products["tulis"]])
    return {
        "users": {
            "owner": owner,
            "stranger": stranger,
            "evaluator": evaluator,
            "second_evaluator": second_evaluator,
            "decision_maker": decision_maker,
            "desk": desk,
            "officer": officer,
            "other_officer": other_officer,
        },
        "certificate": certificate,
        "evaluation": evaluation,
        "open": open_evaluation,
        "audit": audit,
        "sampling": sampling,
        "action": finding.corrective_action,
        "recommended": recommended,
        "batch": batch,
        "surveillance": certificate.surveillances.get(),
        "halal": halal,
        "ready": ready,
        "business": certificate.business,
        "requirement": open_evaluation.scheme.requirements.first(),
        "serial": batch.labels.get().serial,
    }


def pages(w):
    """(url, {persona: status}, anonymous status)."""
    c, s = w["certificate"], w["surveillance"]
    agency = {"evaluator": ALLOWED, "decision_maker": ALLOWED, "desk": ALLOWED}
    return [
        ("/sertifikasi/", {"owner": ALLOWED, "stranger": ALLOWED, **agency}, LOGIN),
        ("/sertifikasi/evaluasi/", {**agency, "owner": FORBIDDEN, "officer": FORBIDDEN}, LOGIN),
        ("/sertifikasi/keputusan/", {**agency, "owner": FORBIDDEN}, LOGIN),
        (
            f"/sertifikasi/permohonan/{w['ready'].pk}/evaluasi/",
            {
                "evaluator": ALLOWED,
                "decision_maker": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['open'].pk}/",
            {**agency, "owner": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['open'].pk}/persyaratan/{w['requirement'].pk}/",
            {
                "evaluator": ALLOWED,
                "second_evaluator": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['open'].pk}/audit/",
            {
                "evaluator": ALLOWED,
                "second_evaluator": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['open'].pk}/contoh/",
            {
                "evaluator": ALLOWED,
                "decision_maker": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['open'].pk}/rekomendasi/",
            {
                "evaluator": ALLOWED,
                "decision_maker": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['recommended'].pk}/keputusan/",
            {
                "decision_maker": ALLOWED,
                "evaluator": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/evaluasi/{w['evaluation'].pk}/fatwa/",
            {"desk": ALLOWED, "evaluator": FORBIDDEN, "owner": FORBIDDEN, "stranger": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/contoh/{w['sampling'].pk}/lab/",
            {
                "evaluator": ALLOWED,
                "second_evaluator": FORBIDDEN,
                "owner": HIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/audit/{w['audit'].pk}/",
            {**agency, "owner": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/audit/{w['audit'].pk}/tindakan/conduct/",
            {
                "evaluator": ALLOWED,
                "second_evaluator": ALLOWED,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/audit/{w['audit'].pk}/temuan/",
            {"evaluator": ALLOWED, "desk": FORBIDDEN, "owner": FORBIDDEN, "stranger": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/tindakan-perbaikan/{w['action'].pk}/",
            {"owner": ALLOWED, "evaluator": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        ("/sertifikasi/sertifikat/", {"owner": ALLOWED, "stranger": ALLOWED, **agency}, LOGIN),
        (
            f"/sertifikasi/sertifikat/{c.pk}/",
            {
                **agency,
                "owner": ALLOWED,
                "officer": ALLOWED,
                "other_officer": HIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/sertifikat/{c.pk}/pdf/",
            {"owner": ALLOWED, "desk": ALLOWED, "officer": FORBIDDEN, "stranger": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/sertifikat/{c.pk}/status/suspend/",
            {
                "decision_maker": ALLOWED,
                "evaluator": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            f"/sertifikasi/sertifikat/{w['batch'].certificate_id}/label/",
            {"owner": ALLOWED, "desk": FORBIDDEN, "stranger": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/label/{w['batch'].pk}/",
            {"owner": ALLOWED, "desk": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/label/{w['batch'].pk}/lembar.pdf",
            {"owner": ALLOWED, "desk": ALLOWED, "stranger": HIDDEN},
            LOGIN,
        ),
        ("/sertifikasi/survailen/", {**agency, "owner": FORBIDDEN, "officer": FORBIDDEN}, LOGIN),
        (
            f"/sertifikasi/survailen/{s.pk}/",
            {**agency, "owner": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/survailen/{s.pk}/tindakan/cancel/",
            {
                "decision_maker": ALLOWED,
                "evaluator": FORBIDDEN,
                "owner": FORBIDDEN,
                "stranger": HIDDEN,
            },
            LOGIN,
        ),
        (
            "/sertifikasi/halal/",
            {"owner": ALLOWED, "desk": ALLOWED, "officer": FORBIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/halal/usaha/{w['business'].pk}/baru/",
            {"owner": ALLOWED, "stranger": HIDDEN, "desk": FORBIDDEN, "other_officer": HIDDEN},
            LOGIN,
        ),
        (
            f"/sertifikasi/halal/{w['halal'].pk}/",
            {"owner": ALLOWED, "desk": ALLOWED, "stranger": HIDDEN, "officer": HIDDEN},
            LOGIN,
        ),
        ("/sertifikasi/direktori/", {"owner": ALLOWED, "stranger": ALLOWED}, ALLOWED),
        ("/sertifikasi/skema/", {"owner": ALLOWED}, ALLOWED),
        (f"/sertifikasi/label/cek/{w['serial']}/", {"stranger": ALLOWED}, ALLOWED),
    ]


def test_every_page_answers_each_persona(client, world):
    failures = []
    for url, expected, anonymous in pages(world):
        client.logout()
        got = client.get(url).status_code
        if got != anonymous:
            failures.append((url, "anonymous", anonymous, got))
        for persona, status in expected.items():
            client.force_login(world["users"][persona])
            got = client.get(url).status_code
            if got != status:
                failures.append((url, persona, status, got))
    assert failures == []


def test_pages_show_holders_only_their_own_certificates(client, world, stranger):
    client.force_login(stranger)
    page = client.get("/sertifikasi/sertifikat/")
    assert world["certificate"].number not in page.content.decode()


def test_an_evaluator_walks_the_evaluation_through_the_pages(
    client, schemes, make_request, products, evaluator, decision_maker, owner
):
    request = make_request("batikmark", [products["tulis"]])
    client.force_login(evaluator)
    start = client.post(
        f"/sertifikasi/permohonan/{request.pk}/evaluasi/",
        {"scheme": schemes["batikmark"].pk, "products": [products["tulis"].pk]},
    )
    assert start.status_code == 302
    evaluation = request.certification_evaluation
    for requirement in evaluation.scheme.requirements.all():
        response = client.post(
            f"/sertifikasi/evaluasi/{evaluation.pk}/persyaratan/{requirement.pk}/",
            {"verdict": "conform"},
        )
        assert response.status_code == 302
    client.post(f"/sertifikasi/evaluasi/{evaluation.pk}/tindakan/complete_review/")
    response = client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/rekomendasi/", {"outcome": "grant", "note": ""}
    )
    assert response.status_code == 302
    client.force_login(decision_maker)
    response = client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/keputusan/", {"outcome": "grant", "reason": ""}
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.certificate.number.startswith("LSPro/BM/")


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client, flow, evaluator):
    evaluation = flow.start()
    requirement = evaluation.scheme.requirements.first()
    client.force_login(evaluator)
    response = client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/persyaratan/{requirement.pk}/",
        {"verdict": "nonconform", "note": ""},
    )
    assert response.status_code == 200
    assert "Jelaskan ketidaksesuaiannya." in response.content.decode()
    assert not evaluation.requirement_checks.exists()


def test_a_refusal_from_the_page_needs_its_reason(client, flow, decision_maker):
    evaluation = flow.recommended()
    client.force_login(decision_maker)
    response = client.post(
        f"/sertifikasi/evaluasi/{evaluation.pk}/keputusan/", {"outcome": Outcome.REFUSE}
    )
    assert response.status_code == 200
    assert "Alasan wajib diisi." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == "recommended"
