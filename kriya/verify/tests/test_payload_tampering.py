"""Any change to what was signed is caught: every claim, the header, the signature."""

import zlib

import base45
import cbor2
import pytest

from kriya.verify import payload
from kriya.verify.offline import Verdict, verify

from .conftest import TODAY, Signer, make_claims

CHANGED = {
    "t": "test_report",
    "n": "LSPRO/BM/9999/2026",
    "nib": "9120000000999",
    "h": "Batik Palsu",
    "s": "Batikmark — batik cap",
    "sc": "Semua produk",
    "i": "2025-01-01",
    "e": "2099-12-31",
    "sl": 2,
    "si": 8,
    "u": "https://phishing.test/verifikasi/",
    "r": "LSPRO/BM/0000/2026",
}


def open_parts(text):
    cose = cbor2.loads(zlib.decompress(base45.b45decode(text[len(payload.PREFIX) :])))
    return cose.value


def test_every_claim_is_covered_by_the_tampering_table():
    assert set(CHANGED) == set(payload.CLAIM_KEYS.values())


@pytest.mark.parametrize("key", sorted(CHANGED))
def test_changing_a_claim_breaks_the_signature(signer, key):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    protected, _, body, signature = open_parts(text)
    cwt = cbor2.loads(body)
    cwt[payload.KRIYA_CLAIM][key] = CHANGED[key]
    forged = payload.seal(protected, cbor2.dumps(cwt), signature)
    result = verify(forged, signer.keys, today=TODAY)
    assert result.verdict is Verdict.SIGNATURE_INVALID
    assert result.claims is None


@pytest.mark.parametrize("claim", [payload.CWT_ISS, payload.CWT_IAT])
def test_changing_a_registered_cwt_claim_breaks_the_signature(signer, claim):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    protected, _, body, signature = open_parts(text)
    cwt = cbor2.loads(body)
    cwt[claim] = "https://phishing.test" if claim == payload.CWT_ISS else 1
    forged = payload.seal(protected, cbor2.dumps(cwt), signature)
    assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_removing_the_expiry_breaks_the_signature(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    protected, _, body, signature = open_parts(text)
    cwt = cbor2.loads(body)
    del cwt[payload.KRIYA_CLAIM]["e"]
    forged = payload.seal(protected, cbor2.dumps(cwt), signature)
    assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_a_flipped_signature_bit_is_caught(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    protected, _, body, signature = open_parts(text)
    for position in (0, 31, 63):
        broken = bytearray(signature)
        broken[position] ^= 0x01
        forged = payload.seal(protected, body, bytes(broken))
        assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_a_signature_moved_to_another_documents_claims_is_caught(signer):
    first = open_parts(payload.sign(make_claims(), signer.private, signer.kid))
    second = open_parts(payload.sign(make_claims(number="X/2"), signer.private, signer.kid))
    forged = payload.seal(first[0], second[2], first[3])
    assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_pointing_the_kid_at_another_known_key_is_caught(signer):
    other = Signer()
    text = payload.sign(make_claims(), signer.private, signer.kid)
    _, _, body, signature = open_parts(text)
    protected = cbor2.dumps({1: -8, 4: other.kid.encode()})
    forged = payload.seal(protected, body, signature)
    keys = {**signer.keys, **other.keys}
    assert verify(forged, keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_another_algorithm_in_the_header_is_refused(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    _, _, body, signature = open_parts(text)
    protected = cbor2.dumps({1: -7, 4: signer.kid.encode()})  # ES256
    forged = payload.seal(protected, body, signature)
    assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_a_claim_signed_by_an_outsider_under_our_kid_is_caught(signer):
    outsider = Signer()
    forged = payload.sign(make_claims(), outsider.private, signer.kid)
    assert verify(forged, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_changed_characters_in_the_text_never_verify_as_other_claims(signer):
    text = payload.sign(make_claims(), signer.private, signer.kid)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    for position in range(len(payload.PREFIX), len(text), 5):
        replacement = alphabet[(alphabet.index(text[position]) + 1) % len(alphabet)]
        changed = text[:position] + replacement + text[position + 1 :]
        result = verify(changed, signer.keys, today=TODAY)
        if result.verdict is not Verdict.SIGNATURE_INVALID:
            # Only bits the decoder ignores may change (deflate padding): same claims.
            assert result.verdict is Verdict.VALID and result.claims == make_claims()
