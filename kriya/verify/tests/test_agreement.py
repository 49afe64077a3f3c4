"""The server page and the offline command line agree on every verdict.

The command line gets only what any verifier can download: the published keys and
signed status lists, fetched here from the public endpoints. The two verdicts about
the verifier's own status list (tampered, expired) exist only offline: there the
page keeps giving the document's true verdict."""

import json
import time
from datetime import timedelta
from urllib.parse import urlencode

import cbor2
import pytest
from django.utils import timezone

from kriya.core import pagecache
from kriya.verify import keystore, payload, services, statuslist
from kriya.verify.models import IssuedDocument, SigningKey, StatusList
from kriya.verify.offline import OFFLINE_ONLY, Verdict

from .conftest import Signer, make_claims
from .test_cli import run
from .test_payload_tampering import open_parts


def tampered(text):
    protected, _, body, signature = open_parts(text)
    cwt = cbor2.loads(body)
    cwt[payload.KRIYA_CLAIM]["h"] = "Usaha Lain"
    return payload.seal(protected, cbor2.dumps(cwt), signature)


def issue_signed_an_hour_ago(issue, monkeypatch, **fields):
    an_hour_ago = time.time() - 3600
    with monkeypatch.context() as clock:
        clock.setattr(payload.time, "time", lambda: an_hour_ago)
        return issue(**fields)


@pytest.fixture
def inputs(issue, monkeypatch):
    today = timezone.localdate()
    retired_key_document = issue(number="C/RETIRED-KEY")
    services.rotate_signing_key(by=None)
    cases = {"valid (retired key)": (retired_key_document.payload, Verdict.VALID)}
    # The current key leaks half an hour ago: what it signed an hour ago still verifies,
    # what it signed since does not; a new key takes over at once.
    before = issue_signed_an_hour_ago(issue, monkeypatch, number="C/BEFORE-COMPROMISE")
    after = issue(number="C/AFTER-COMPROMISE")
    services.revoke_signing_key(
        key=after.signed_with,
        reason="Laptop hilang",
        compromised_at=timezone.now() - timedelta(minutes=30),
        by=None,
    )
    cases["valid (revoked key, signed before the compromise)"] = (before.payload, Verdict.VALID)
    cases["key_revoked"] = (after.payload, Verdict.KEY_REVOKED)
    valid = issue(number="C/VALID")
    cases["valid"] = (valid.payload, Verdict.VALID)
    cases["valid (scanned url)"] = (valid.qr_text, Verdict.VALID)
    cases["valid (url without scheme)"] = (valid.qr_text.split("://", 1)[1], Verdict.VALID)
    form_url = "https://kriya.id/verifikasi/?" + urlencode({"q": valid.payload})
    cases["valid (url as the form sends it)"] = (form_url, Verdict.VALID)
    for action, verdict in [("suspend", Verdict.SUSPENDED), ("withdraw", Verdict.WITHDRAWN)]:
        document = issue(number=f"C/{verdict}")
        services.set_document_status(document=document, action=action, reason="x", by=None)
        cases[verdict.value] = (document.payload, verdict)
    old = issue(number="C/OLD")
    issue(number="C/NEW", supersedes=old, reason="x")
    cases["superseded"] = (old.payload, Verdict.SUPERSEDED)
    expired = issue(
        number="C/EXPIRED",
        issued_on=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    cases["expired"] = (expired.payload, Verdict.EXPIRED)
    cases["signature_invalid"] = (tampered(valid.payload), Verdict.SIGNATURE_INVALID)
    outsider = Signer()
    cases["unknown_key"] = (
        payload.sign(make_claims(), outsider.private, outsider.kid),
        Verdict.UNKNOWN_KEY,
    )
    cases["not_registered"] = ("bukan kode Kriya", Verdict.NOT_REGISTERED)
    return cases


@pytest.fixture
def downloads(client, tmp_path, inputs):
    keys = tmp_path / "kriya-keys.json"
    keys.write_bytes(client.get("/.well-known/kriya-keys.json").content)
    lists = []
    for number in StatusList.objects.values_list("pk", flat=True):
        path = tmp_path / f"status-{number}.cwt"
        path.write_bytes(client.get(f"/verifikasi/status/{number}.cwt").content)
        lists += ["--status", str(path)]
    return ["--keys", str(keys), *lists]


def test_page_and_command_line_agree_on_every_verdict(client, inputs, downloads):
    today = timezone.localdate().isoformat()
    assert {verdict for _, verdict in inputs.values()} == set(Verdict) - OFFLINE_ONLY
    for name, (text, expected) in inputs.items():
        page = client.get("/verifikasi/", {"q": text})
        page_verdicts = [r["verdict"] for r in page.context["results"]]
        done = run(text, *downloads, "--json", "--today", today)
        offline = json.loads(done.stdout)
        assert page_verdicts == [expected.value], name
        assert offline["verdict"] == expected.value, name
        assert done.returncode == (0 if expected is Verdict.VALID else 1), name
        if offline["claims"]:
            assert offline["status_checked"], name
            assert offline["claims"]["number"] in page.text, name


def test_both_say_a_document_signed_before_the_compromise_is_still_valid(client, inputs, downloads):
    text, _ = inputs["valid (revoked key, signed before the compromise)"]
    page = client.get("/verifikasi/", {"q": text})
    done = run(text, *downloads)
    assert "dicabut sejak" in page.text and "tetap sah" in page.text
    assert done.stdout.startswith("valid:")
    assert "dicabut sejak" in done.stdout and "ditandatangani sebelumnya" in done.stdout


def test_both_refuse_a_document_signed_after_the_compromise(client, inputs, downloads):
    text, _ = inputs["key_revoked"]
    page = client.get("/verifikasi/", {"q": text})
    done = run(text, *downloads)
    assert "Kunci penanda tangan dicabut" in page.text
    assert "C/AFTER-COMPROMISE" not in page.text  # nothing of a suspect payload is shown
    assert done.stdout.startswith("key_revoked: KUNCI PENANDA TANGAN DICABUT")
    assert "C/AFTER-COMPROMISE" not in done.stdout


def test_the_url_fallback_on_the_page_agrees_with_its_qr_offline(client, inputs, downloads):
    """The address printed under a QR needs the register (online); on the page it gets
    the verdict that its QR's payload gets from the command line."""
    today = timezone.localdate().isoformat()
    for document in IssuedDocument.objects.all():
        page = client.get("/verifikasi/", {"q": document.url})
        offline = json.loads(run(document.payload, *downloads, "--json", "--today", today).stdout)
        assert [r["verdict"] for r in page.context["results"]] == [offline["verdict"]]


def server_list_signed(number, *, issued_at, change=None):
    """Status list `number` signed with the server's active key at `issued_at`; with
    `change` (index → code), the list's bits altered after signing (a tampered copy)."""
    key = SigningKey.objects.get(status="active")
    current = services.build_status_list(number)
    token = statuslist.sign(
        current,
        keystore.unseal(key.private_key),
        key.kid,
        issuer="https://kriya.test",
        url=f"https://kriya.test/verifikasi/status/{number}.cwt",
        issued_at=issued_at,
        expires_at=issued_at + services.STATUS_LIST_VALIDITY,
        ttl=300,
    )
    if change is not None:
        cose = cbor2.loads(token)
        protected, unprotected, body, signature = cose.value
        claims = cbor2.loads(body)
        altered = statuslist.StatusList.build(number, change, current.length)
        claims[statuslist.STATUS_CLAIM]["lst"] = statuslist.gzip.compress(altered.bits, mtime=0)
        token = cbor2.dumps(
            cbor2.CBORTag(cose.tag, [protected, unprotected, cbor2.dumps(claims), signature])
        )
    return token


def test_a_tampered_or_expired_status_list_has_its_own_verdict_offline_only(
    client, tmp_path, inputs, downloads
):
    withdrawn = IssuedDocument.objects.get(number="C/withdrawn")
    number = withdrawn.status_list_id
    now = timezone.now().replace(microsecond=0)
    copies = {
        # Someone "reinstates" the withdrawn document in their copy of the list.
        Verdict.STATUS_LIST_INVALID: server_list_signed(number, issued_at=now, change={}),
        Verdict.STATUS_LIST_EXPIRED: server_list_signed(number, issued_at=now - timedelta(days=2)),
    }
    keys = downloads[:2]
    for verdict, token in copies.items():
        path = tmp_path / f"{verdict}.cwt"
        path.write_bytes(token)
        done = run(withdrawn.payload, *keys, "--status", str(path), "--json")
        offline = json.loads(done.stdout)
        assert offline["verdict"] == verdict.value
        assert offline["status_checked"] is False
        assert done.returncode == 1
        pagecache.clear()  # the same page each time: rendered, not served from memory
        page = client.get("/verifikasi/", {"q": withdrawn.payload})
        assert [r["verdict"] for r in page.context["results"]] == ["withdrawn"]
