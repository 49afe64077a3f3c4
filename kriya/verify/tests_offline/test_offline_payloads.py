"""The offline verifier under whichever cbor2 is installed (CI: the lowest and newest)."""

import zlib
from dataclasses import replace

import base45
import cbor2
import pytest

from kriya.verify import payload, statuslist
from kriya.verify.keyring import load_keys
from kriya.verify.offline import Verdict, verify
from kriya.verify.statuslist import Code, StatusList

from .conftest import NOW, SIGNED_AT, TODAY, keys_document, make_claims


def cose_parts(text):
    return cbor2.loads(zlib.decompress(base45.b45decode(text[len(payload.PREFIX) :]))).value


def reseal(parts) -> str:
    cose = cbor2.dumps(cbor2.CBORTag(payload.COSE_SIGN1_TAG, list(parts)))
    return payload.PREFIX + base45.b45encode(zlib.compress(cose, 9)).decode("ascii")


def test_the_committed_payload_is_valid_with_the_published_key(committed):
    keys = load_keys({"keys": [{"kid": committed["kid"], "kty": "OKP", "crv": "Ed25519",
                                "x": committed["x"], "status": "active"}]})  # fmt: skip

    result = verify(committed["payload"], keys, today=TODAY, now=NOW)

    assert result.verdict == Verdict.VALID
    assert result.claims.as_dict() == {
        **committed["claims"],
        "signed_at": "2026-01-05T08:00:00Z",
    }


def test_signing_the_same_claims_again_gives_the_committed_text(signer, committed):
    text = payload.sign(make_claims(), signer.private, signer.kid, issued_at=SIGNED_AT)

    assert text == committed["payload"]


def test_a_fresh_payload_round_trips_to_valid(fresh_signer):
    claims = make_claims(ref="LSPRO/BM/0000/2026", expires_on=None)
    text = payload.sign(claims, fresh_signer.private, fresh_signer.kid)

    result = verify(text, fresh_signer.keys, today=TODAY, now=NOW)

    assert result.verdict == Verdict.VALID
    assert result.claims == claims


def test_the_decoder_hands_back_sequences_and_mappings_the_verifier_reads(committed):
    parts = cose_parts(committed["payload"])
    envelope = payload.open_envelope(committed["payload"])

    assert len(parts) == 4
    assert envelope.kid == committed["kid"]
    assert payload.read_claims(envelope).number == committed["claims"]["number"]


@pytest.mark.parametrize("key", ["n", "h", "e", "si", "u"])
def test_changing_a_claim_after_signing_breaks_the_signature(signer, committed, key):
    protected, unprotected, body, signature = cose_parts(committed["payload"])
    cwt = {k: dict(v) if k == payload.KRIYA_CLAIM else v for k, v in cbor2.loads(body).items()}
    cwt[payload.KRIYA_CLAIM][key] = 8 if key == "si" else "2099-12-31" if key == "e" else "X"
    forged = reseal([protected, unprotected, cbor2.dumps(cwt), signature])

    assert verify(forged, signer.keys, today=TODAY, now=NOW).verdict == Verdict.SIGNATURE_INVALID


def test_a_flipped_signature_bit_is_caught(signer, committed):
    protected, unprotected, body, signature = cose_parts(committed["payload"])
    forged = reseal([protected, unprotected, body, bytes([signature[0] ^ 1]) + signature[1:]])

    assert verify(forged, signer.keys, today=TODAY, now=NOW).verdict == Verdict.SIGNATURE_INVALID


def test_a_payload_from_another_key_is_of_an_unknown_key(signer, fresh_signer):
    text = payload.sign(make_claims(), fresh_signer.private, fresh_signer.kid)

    assert verify(text, signer.keys, today=TODAY, now=NOW).verdict == Verdict.UNKNOWN_KEY


@pytest.mark.parametrize(
    "parts",
    [
        pytest.param("four", id="text-instead-of-array"),
        pytest.param(b"four", id="bytes-instead-of-array"),
        pytest.param({0: b"", 1: {}, 2: b"", 3: b""}, id="map-instead-of-array"),
        pytest.param([b"", {}, b""], id="three-elements"),
        pytest.param([b"", [], b"", b""], id="array-as-unprotected-header"),
        pytest.param(["", {}, b"", b""], id="text-as-protected-header"),
    ],
)
def test_a_malformed_cose_structure_is_refused(parts):
    cose = cbor2.dumps(cbor2.CBORTag(payload.COSE_SIGN1_TAG, parts))

    with pytest.raises(payload.PayloadError):
        payload.open_cose(cose)


def test_a_protected_header_that_is_no_map_is_refused():
    cose = cbor2.dumps(cbor2.CBORTag(payload.COSE_SIGN1_TAG, [cbor2.dumps([1]), {}, b"", b""]))

    with pytest.raises(payload.PayloadError, match="protected header"):
        payload.open_cose(cose)


@pytest.mark.parametrize("cwt", [[1, 2], {1: "x"}, {payload.KRIYA_CLAIM: ["t", "n"]}])
def test_claims_that_are_no_kriya_map_are_refused(cwt):
    with pytest.raises(payload.PayloadError):
        payload.claims_from_cwt(cbor2.loads(cbor2.dumps(cwt)))


def test_a_signed_status_list_is_read_and_decides_the_verdict(signer, committed):
    status_list = StatusList.build(1, {7: Code.SUSPENDED})
    token = statuslist.sign(
        status_list,
        signer.private,
        signer.kid,
        issuer="https://kriya.test",
        url="https://kriya.test/verifikasi/status/1.cwt",
        issued_at=NOW.replace(hour=7),
        expires_at=NOW.replace(hour=9),
        ttl=3600,
    )
    keys = load_keys(keys_document(signer))

    result = verify(committed["payload"], keys, [token], today=TODAY, now=NOW)

    assert result.verdict == Verdict.SUSPENDED
    assert result.status_checked


def test_an_altered_signed_status_list_is_not_trusted(signer, committed):
    token = statuslist.sign(
        StatusList.build(1, {}),
        signer.private,
        signer.kid,
        issuer="https://kriya.test",
        url="https://kriya.test/verifikasi/status/1.cwt",
        issued_at=NOW.replace(hour=7),
        expires_at=NOW.replace(hour=9),
        ttl=3600,
    )
    protected, unprotected, body, signature = cbor2.loads(token).value
    claims = dict(cbor2.loads(body))
    claims[statuslist.STATUS_CLAIM] = {**claims[statuslist.STATUS_CLAIM], "n": 2}
    forged = cbor2.dumps(
        cbor2.CBORTag(
            payload.COSE_SIGN1_TAG, [protected, unprotected, cbor2.dumps(claims), signature]
        )
    )

    result = verify(committed["payload"], signer.keys, [forged], today=TODAY, now=NOW)

    assert result.verdict == Verdict.STATUS_LIST_INVALID


def test_claims_compare_without_issuer_and_signing_time():
    assert replace(make_claims(), issuer="x", signed_at=1) == make_claims()
