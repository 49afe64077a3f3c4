"""The server page and the offline command line agree on every verdict.

The command line gets only what any verifier can download: the published keys and
status lists, fetched here from the public endpoints."""

import json
from datetime import timedelta
from urllib.parse import urlencode

import cbor2
import pytest
from django.utils import timezone

from kriya.verify import payload, services
from kriya.verify.models import StatusList
from kriya.verify.offline import Verdict

from .conftest import Signer, make_claims
from .test_cli import run
from .test_payload_tampering import open_parts


def tampered(text):
    protected, _, body, signature = open_parts(text)
    cwt = cbor2.loads(body)
    cwt[payload.KRIYA_CLAIM]["h"] = "Usaha Lain"
    return payload.seal(protected, cbor2.dumps(cwt), signature)


@pytest.fixture
def inputs(issue):
    today = timezone.localdate()
    retired_key_document = issue(number="C/RETIRED-KEY")
    services.rotate_signing_key(by=None)
    cases = {"valid (retired key)": (retired_key_document.payload, Verdict.VALID)}
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
        path = tmp_path / f"status-{number}.json"
        path.write_bytes(client.get(f"/verifikasi/status/{number}.json").content)
        lists += ["--status", str(path)]
    return ["--keys", str(keys), *lists]


def test_page_and_command_line_agree_on_every_verdict(client, inputs, downloads):
    today = timezone.localdate().isoformat()
    assert {verdict for _, verdict in inputs.values()} == set(Verdict)
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


def test_the_url_fallback_on_the_page_agrees_with_its_qr_offline(client, inputs, downloads):
    """The address printed under a QR needs the register (online); on the page it gets
    the verdict that its QR's payload gets from the command line."""
    today = timezone.localdate().isoformat()
    from kriya.verify.models import IssuedDocument

    for document in IssuedDocument.objects.all():
        page = client.get("/verifikasi/", {"q": document.url})
        offline = json.loads(run(document.payload, *downloads, "--json", "--today", today).stdout)
        assert [r["verdict"] for r in page.context["results"]] == [offline["verdict"]]
