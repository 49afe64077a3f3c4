"""Certificates and labels together with kriya.verify: the payload printed into the
QR round-trips to the same facts offline; a revoked (withdrawn) and a suspended
certificate get the same verdict offline — from the published keys and signed status
list only — and on the server's /verifikasi/ page."""

import json

import pytest
from django.utils import timezone

from kriya.certification import register, services
from kriya.verify import payload
from kriya.verify.keyring import load_keys, load_revocations
from kriya.verify.models import StatusList
from kriya.verify.offline import verify
from kriya.verify.tests.test_cli import run


def published(client):
    """What any verifier downloads: the keys (and revocations) and every signed status list."""
    keys_document = client.get("/.well-known/kriya-keys.json").content
    lists = [
        client.get(f"/verifikasi/status/{n}.cwt").content
        for n in StatusList.objects.values_list("pk", flat=True)
    ]
    return load_keys(keys_document), lists, load_revocations(keys_document)


def test_a_certificate_payload_round_trips_to_its_facts(client, flow, decision_maker):
    certificate = flow.certificate(decision_maker)
    document = register.document_of(certificate)
    qr_text = document.qr_text
    assert payload.extract(qr_text) == document.payload
    assert document.payload.startswith("KRY1:")
    keys, lists, revoked = published(client)
    result = verify(qr_text, keys, lists, today=timezone.localdate(), revoked=revoked)
    assert result.verdict == "valid" and result.status_checked
    claims = result.claims
    assert claims.doc_type == "certificate"
    assert claims.number == certificate.number
    assert claims.holder_nib == certificate.holder_nib
    assert claims.holder_name == certificate.holder_name
    assert claims.scheme == "Batikmark — batik tulis (SNI 8302:2016/Amd.1:2019)"
    assert "label emas" in claims.scope
    assert claims.scope.endswith("; merek IDM000123456")
    assert claims.issued_on == certificate.issued_on
    assert claims.expires_on == certificate.valid_until


@pytest.mark.parametrize(
    ("action", "verdict"), [("withdraw", "withdrawn"), ("suspend", "suspended")]
)
def test_a_revoked_or_suspended_certificate_is_judged_alike_offline_and_on_the_server(
    client, flow, decision_maker, action, verdict
):
    certificate = flow.certificate(decision_maker)
    services.change_certificate_status(
        certificate=certificate, action=action, reason="Alasan", by=decision_maker
    )
    text = register.document_of(certificate).qr_text
    keys, lists, revoked = published(client)
    offline = verify(text, keys, lists, today=timezone.localdate(), revoked=revoked)
    page = client.get("/verifikasi/", {"q": text})
    assert offline.verdict == verdict
    assert [r["verdict"] for r in page.context["results"]] == [verdict]
    by_number = client.get("/verifikasi/", {"q": certificate.number})
    assert [r["verdict"] for r in by_number.context["results"]] == [verdict]


def test_the_command_line_verifier_agrees_with_the_page_on_certificates_and_labels(
    client, tmp_path, flow, decision_maker, owner, desk, products
):
    valid = flow.certificate(decision_maker)
    batch = services.order_labels(certificate=valid, quantity=1, by=owner)
    services.issue_labels(batch=batch, by=desk)
    label = register.label_document(batch.labels.get().serial)
    suspended = flow.certificate(decision_maker, items=[products["cap"]])
    services.change_certificate_status(
        certificate=suspended, action="suspend", reason="x", by=decision_maker
    )
    keys = tmp_path / "keys.json"
    keys.write_bytes(client.get("/.well-known/kriya-keys.json").content)
    status = tmp_path / "status-1.cwt"
    status.write_bytes(client.get("/verifikasi/status/1.cwt").content)
    cases = {
        register.document_of(valid).qr_text: "valid",
        label.payload: "valid",
        register.document_of(suspended).payload: "suspended",
    }
    for text, expected in cases.items():
        page = client.get("/verifikasi/", {"q": text})
        done = run(text, "--keys", str(keys), "--status", str(status), "--json")
        assert json.loads(done.stdout)["verdict"] == expected
        assert [r["verdict"] for r in page.context["results"]] == [expected]


def test_a_tampered_certificate_payload_fails_its_signature(client, flow, decision_maker):
    import cbor2

    from kriya.verify.tests.test_payload_tampering import open_parts

    certificate = flow.certificate(decision_maker)
    protected, _unprotected, body, signature = open_parts(register.document_of(certificate).payload)
    cwt = cbor2.loads(body)
    cwt[payload.KRIYA_CLAIM]["e"] = "2099-12-31"
    forged = payload.seal(protected, cbor2.dumps(cwt), signature)
    keys, lists, revoked = published(client)
    assert verify(forged, keys, lists, revoked=revoked).verdict == "signature_invalid"
    page = client.get("/verifikasi/", {"q": forged})
    assert [r["verdict"] for r in page.context["results"]] == ["signature_invalid"]


def test_a_certificate_signed_before_a_key_rotation_still_verifies(client, flow, decision_maker):
    from kriya.verify.services import rotate_signing_key

    before = flow.certificate(decision_maker)
    rotate_signing_key(by=None)
    after = flow.certificate(decision_maker)
    old, new = register.document_of(before), register.document_of(after)
    assert old.signed_with_id != new.signed_with_id
    keys, lists, revoked = published(client)
    for document in (old, new):
        assert verify(document.qr_text, keys, lists, revoked=revoked).verdict == "valid"
        page = client.get("/verifikasi/", {"q": document.qr_text})
        assert [r["verdict"] for r in page.context["results"]] == ["valid"]
