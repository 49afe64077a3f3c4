"""The certification API: a whole evaluation through it, and every endpoint with its
personas (allowed, another business or role, anonymous)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kriya.api.models import ApiToken
from kriya.certification import services
from kriya.certification.models import AuditKind, FindingGrade

from .conftest import pdf_upload

API = "/api/v1/certification"


def bearer(user):
    raw, prefix, key_hash = ApiToken.generate()
    ApiToken.objects.create(name="uji", user=user, prefix=prefix, key_hash=key_hash)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_an_evaluation_runs_through_the_api_from_start_to_certificate(
    client, schemes, make_request, products, evaluator, decision_maker, owner
):
    request = make_request("batikmark", [products["tulis"], products["tulis2"]])
    as_evaluator = bearer(evaluator)
    started = client.post(
        f"{API}/requests/{request.pk}/evaluation",
        {"scheme": "batikmark"},
        content_type="application/json",
        **as_evaluator,
    )
    assert started.status_code == 201, started.content
    evaluation_id = started.json()["id"]
    for requirement in started.json()["requirements"]:
        response = client.post(
            f"{API}/evaluations/{evaluation_id}/checks",
            {"requirement": requirement["requirement"], "verdict": "conform"},
            content_type="application/json",
            **as_evaluator,
        )
        assert response.status_code == 200, response.content
    assert (
        client.post(f"{API}/evaluations/{evaluation_id}/complete-review", **as_evaluator).json()[
            "status"
        ]
        == "evaluation"
    )
    reduced = client.post(
        f"{API}/evaluations/{evaluation_id}/recommendation",
        {"outcome": "grant_reduced", "note": "", "products": [products["tulis"].pk]},
        content_type="application/json",
        **as_evaluator,
    )
    assert reduced.status_code == 422
    assert reduced.json()["error"]["details"][0]["field"] == "note"
    recommended = client.post(
        f"{API}/evaluations/{evaluation_id}/recommendation",
        {"outcome": "grant"},
        content_type="application/json",
        **as_evaluator,
    )
    assert recommended.json()["status"] == "recommended"
    decided = client.post(
        f"{API}/evaluations/{evaluation_id}/decision",
        {"outcome": "grant"},
        content_type="application/json",
        **bearer(decision_maker),
    )
    assert decided.status_code == 200, decided.content
    number = decided.json()["certificate"]
    mine = client.get(f"{API}/certificates", **bearer(owner)).json()
    assert [c["number"] for c in mine] == [number]
    again = client.post(
        f"{API}/evaluations/{evaluation_id}/decision",
        {"outcome": "grant"},
        content_type="application/json",
        **bearer(decision_maker),
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"


@pytest.fixture
def world(flow, decision_maker, evaluator, owner, desk, products, make_request):
    certificate = flow.certificate(decision_maker, scheme="sppt-sni-5", items=[products["cap"]])
    batikmark = flow.certificate(decision_maker)
    evaluation = flow.review(flow.start(items=[products["tulis2"]]))
    audit = services.plan_audit(
        evaluation=evaluation,
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
    batch = services.order_labels(certificate=batikmark, quantity=2, by=owner)
    sampling = services.record_sampling(
        evaluation=evaluation,
        description="Kain",
        place="factory",
        taken_on=timezone.localdate(),
        by=evaluator,
    )
    halal = services.record_halal_certificate(
        business=certificate.business,
        products=[products["tulis"]],
        number="SH2026-9",
        issued_on=timezone.localdate(),
        by=owner,
    )
    return {
        "certificate": certificate,
        "batikmark": batikmark,
        "evaluation": evaluation,
        "audit": audit,
        "action": finding.corrective_action,
        "batch": batch,
        "sampling": sampling,
        "halal": halal,
        "surveillance": certificate.surveillances.get(),
        "ready": make_request("batikmark", [products["tulis"]]),
        "business": certificate.business,
        "product": products["tulis"],
    }


def endpoints(w):
    """(method, path, body, {persona: status}); anonymous always gets 401 unless public."""
    e, c = w["evaluation"], w["certificate"]
    today = timezone.localdate().isoformat()
    return [
        ("get", "/evaluations", None, {"owner": 200, "evaluator": 200}),
        ("get", f"/evaluations/{e.pk}", None, {"owner": 200, "evaluator": 200, "stranger": 404}),
        (
            "post",
            f"/requests/{w['ready'].pk}/evaluation",
            {"scheme": "batikmark"},
            {"decision_maker": 403, "owner": 403, "stranger": 404, "evaluator": 201},
        ),
        (
            "post",
            f"/evaluations/{e.pk}/checks",
            {"requirement": "ktp", "verdict": "conform"},
            {"second_evaluator": 403, "owner": 403, "stranger": 404, "evaluator": 200},
        ),
        (
            "post",
            f"/evaluations/{e.pk}/audits",
            {"kind": "stage_2", "planned_on": today},
            {"owner": 403, "stranger": 404, "evaluator": 201},
        ),
        (
            "post",
            f"/evaluations/{e.pk}/samplings",
            {"description": "Kain", "place": "factory", "taken_on": today},
            {"owner": 403, "stranger": 404, "evaluator": 201},
        ),
        (
            "post",
            f"/samplings/{w['sampling'].pk}/lab-sample",
            {"code": "CU-1999-00001"},
            {"owner": 404, "stranger": 404, "second_evaluator": 403, "evaluator": 422},
        ),
        (
            "post",
            f"/audits/{w['audit'].pk}/findings",
            {"grade": "observation", "description": "Rapi"},
            {"owner": 403, "stranger": 404, "evaluator": 201},
        ),
        (
            "get",
            f"/corrective-actions/{w['action'].pk}",
            None,
            {"owner": 200, "evaluator": 200, "stranger": 404},
        ),
        (
            "post",
            f"/corrective-actions/{w['action'].pk}/review",
            {"accept": True},
            {"owner": 409, "stranger": 404},
        ),
        (
            "post",
            f"/evaluations/{e.pk}/recommendation",
            {"outcome": "refuse", "note": "x"},
            {"decision_maker": 403, "owner": 403, "stranger": 404},
        ),
        (
            "post",
            f"/evaluations/{e.pk}/decision",
            {"outcome": "grant"},
            {"evaluator": 403, "owner": 403, "stranger": 404},
        ),
        ("get", "/certificates", None, {"owner": 200, "stranger": 200, "officer": 200}),
        (
            "get",
            f"/certificates/{c.pk}",
            None,
            {"owner": 200, "officer": 200, "other_officer": 404, "stranger": 404},
        ),
        (
            "post",
            f"/certificates/{c.pk}/status",
            {"action": "suspend", "reason": "Survailen"},
            {"evaluator": 403, "owner": 403, "stranger": 404, "decision_maker": 200},
        ),
        (
            "post",
            f"/certificates/{w['batikmark'].pk}/label-batches",
            {"quantity": 1},
            {"desk": 403, "stranger": 404, "owner": 201},
        ),
        (
            "post",
            f"/label-batches/{w['batch'].pk}",
            {"action": "issue"},
            {"owner": 403, "stranger": 404, "desk": 200},
        ),
        ("get", "/surveillances", None, {"owner": 403, "evaluator": 200}),
        (
            "post",
            f"/surveillances/{w['surveillance'].pk}",
            {"action": "start"},
            {"owner": 403, "stranger": 404, "evaluator": 200},
        ),
        ("get", "/halal", None, {"owner": 200, "desk": 200}),
        (
            "post",
            "/halal",
            {
                "business": w["business"].pk,
                "products": [w["product"].pk],
                "number": "SH2026-10",
                "issued_on": today,
            },
            {"stranger": 404, "desk": 403, "owner": 201},
        ),
        (
            "post",
            f"/halal/{w['halal'].pk}/check",
            {"accept": True},
            {"owner": 403, "stranger": 404, "desk": 200},
        ),
    ]


def test_every_endpoint_answers_each_persona(
    client,
    world,
    owner,
    stranger,
    evaluator,
    second_evaluator,
    decision_maker,
    desk,
    officer,
    other_officer,
):
    users = {
        "owner": owner,
        "stranger": stranger,
        "evaluator": evaluator,
        "second_evaluator": second_evaluator,
        "decision_maker": decision_maker,
        "desk": desk,
        "officer": officer,
        "other_officer": other_officer,
    }
    tokens = {name: bearer(user) for name, user in users.items()}
    failures = []
    for method, path, body, expected in endpoints(world):
        send = getattr(client, method)
        kwargs = {"content_type": "application/json"} if body is not None else {}
        anonymous = send(API + path, body, **kwargs) if body is not None else send(API + path)
        if anonymous.status_code != 401:
            failures.append((path, "anonymous", 401, anonymous.status_code))
        # Refusals first, the allowed persona (which changes state) last.
        for persona, status in sorted(expected.items(), key=lambda kv: kv[1] < 300):
            if body is not None:
                response = send(API + path, body, **kwargs, **tokens[persona])
            else:
                response = send(API + path, **tokens[persona])
            if response.status_code != status:
                failures.append((path, persona, status, response.status_code))
            elif status >= 400:
                assert "error" in response.json()
    assert failures == []


def test_the_holder_submits_a_corrective_action_with_evidence(client, world, owner):
    action = world["action"]
    response = client.post(
        f"{API}/corrective-actions/{action.pk}/submit",
        {"cause": "Lupa", "action_taken": "Label dicetak ulang", "files": [pdf_upload()]},
        **bearer(owner),
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["evidence"] == ["bukti.pdf"]


def test_public_endpoints_need_no_sign_in(client, world):
    assert client.get(f"{API}/schemes").status_code == 200
    directory = client.get(f"{API}/directory").json()
    assert directory["count"] == 2
    assert client.get(f"{API}/labels/BM-2000-000001").status_code == 404
