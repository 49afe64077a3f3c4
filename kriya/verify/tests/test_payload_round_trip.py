"""sign → QR text → verify offline gives back exactly what was signed."""

from datetime import date

import cbor2
import segno

from kriya.verify import payload
from kriya.verify.offline import Verdict, verify
from kriya.verify.qr import qr_png, qr_svg
from kriya.verify.statuslist import StatusList

from .conftest import TODAY, make_claims


def test_signed_payload_verifies_offline_with_every_claim_intact(signer):
    claims = make_claims(ref="LSPRO/BM/0000/2026")
    text = payload.sign(claims, signer.private, signer.kid)
    assert text.startswith("KRY1:")
    result = verify(text, signer.keys, [StatusList.build(1, {})], today=TODAY)
    assert result.verdict is Verdict.VALID
    assert result.claims == claims
    assert result.claims.issuer == "https://kriya.test"
    assert result.kid == signer.kid
    assert result.status_checked


def test_the_envelope_is_cose_sign1_with_eddsa_and_the_kid_protected(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid, issued_at=1767225600)
    import zlib

    import base45

    cose = cbor2.loads(zlib.decompress(base45.b45decode(text[5:])))
    assert cose.tag == 18
    protected, unprotected, body, signature = cose.value
    assert cbor2.loads(protected) == {1: -8, 4: signer.kid.encode()}
    assert unprotected == {}
    assert len(signature) == 64
    cwt = cbor2.loads(body)
    assert cwt[1] == "https://kriya.test" and cwt[6] == 1767225600
    assert cwt[payload.KRIYA_CLAIM]["n"] == "LSPRO/BM/0001/2026"
    signer.public.verify(signature, cbor2.dumps(["Signature1", protected, b"", body]))


def test_a_document_without_expiry_round_trips_as_none(signer):
    text = payload.sign(make_claims(expires_on=None), signer.private, signer.kid)
    result = verify(text, signer.keys, today=date(2099, 1, 1))
    assert result.verdict is Verdict.VALID
    assert result.claims.expires_on is None


def test_the_qr_carries_the_verification_url_with_the_payload(signer):
    from urllib.parse import quote

    text = payload.sign(make_claims(), signer.private, signer.kid)
    qr_content = "https://kriya.test/verifikasi/?q=" + quote(text, safe=":/$*")
    assert payload.extract(qr_content) == text
    assert verify(qr_content, signer.keys, today=TODAY).verdict is Verdict.VALID
    symbol = segno.make(qr_content, error="m")
    assert symbol.version <= 25, "small enough to print on a label"


def test_qr_renders_as_svg_and_png(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    assert qr_svg(text).lstrip().startswith("<svg")
    assert qr_png(text).startswith(b"\x89PNG")


def test_the_bare_payload_uses_qr_alphanumeric_mode(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    assert segno.make(text).mode == "alphanumeric"
