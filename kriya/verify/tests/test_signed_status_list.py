"""The signed status list (COSE_Sign1 over a CWT with iat, exp and ttl), offline."""

import zlib
from datetime import UTC, datetime, timedelta

import base45
import cbor2
import pytest

from kriya.verify import payload, statuslist
from kriya.verify.offline import Verdict, verify
from kriya.verify.statuslist import Code, StatusList, StatusListError, open_signed

from .conftest import TODAY, Signer, make_claims

SIGNED = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)


def sign(signer, codes=None, *, number=1, issued_at=SIGNED, validity=timedelta(days=1)):
    return statuslist.sign(
        StatusList.build(number, codes or {}),
        signer.private,
        signer.kid,
        issuer="https://kriya.test",
        url=f"https://kriya.test/verifikasi/status/{number}.cwt",
        issued_at=issued_at,
        expires_at=issued_at + validity,
        ttl=300,
    )


def altered(token, change):
    cose = cbor2.loads(token)
    parts = list(cose.value)  # cbor2 6 decodes a tag's array as a tuple
    claims = cbor2.loads(parts[2])
    change(claims)
    parts[2] = cbor2.dumps(claims)
    return cbor2.dumps(cbor2.CBORTag(cose.tag, parts))


@pytest.fixture
def document(signer):
    return payload.sign(make_claims(status_list=1, status_index=7), signer.private, signer.kid)


def test_a_signed_list_opens_with_its_times_and_statuses(signer):
    opened = open_signed(sign(signer, {7: Code.WITHDRAWN}), signer.keys)
    assert opened.number == 1
    assert opened.status(7) is Code.WITHDRAWN and opened.status(6) is Code.ACTIVE
    assert opened.valid_from == SIGNED
    assert opened.valid_until == SIGNED + timedelta(days=1)
    assert opened.ttl == 300 and opened.kid == signer.kid


def test_a_mostly_active_signed_list_stays_small(signer):
    token = sign(signer, {i: Code.SUSPENDED for i in range(0, 65536, 997)})
    assert len(token) < 2000


def test_the_verifier_uses_a_signed_list_for_the_status(signer, document):
    now = SIGNED + timedelta(hours=1)
    result = verify(document, signer.keys, [sign(signer, {7: Code.SUSPENDED})], TODAY, now)
    assert result.verdict is Verdict.SUSPENDED and result.status_checked


def test_an_altered_status_is_status_list_invalid(signer, document):
    def reinstate(claims):
        claims[statuslist.STATUS_CLAIM]["lst"] = statuslist.gzip.compress(
            StatusList.build(1, {}).bits, mtime=0
        )

    token = altered(sign(signer, {7: Code.WITHDRAWN}), reinstate)
    with pytest.raises(StatusListError, match="altered"):
        open_signed(token, signer.keys)
    result = verify(document, signer.keys, [token], TODAY, SIGNED + timedelta(hours=1))
    assert result.verdict is Verdict.STATUS_LIST_INVALID
    assert not result.status_checked


def test_a_prolonged_expiry_is_status_list_invalid(signer, document):
    def prolong(claims):
        claims[statuslist.CWT_EXP] += 365 * 86400

    token = altered(sign(signer), prolong)
    result = verify(document, signer.keys, [token], TODAY, SIGNED + timedelta(days=3))
    assert result.verdict is Verdict.STATUS_LIST_INVALID


@pytest.mark.parametrize("garbage", [b"", b"not cbor", cbor2.dumps({"list": 1}), b"\xd2\x84"])
def test_garbage_given_as_a_status_list_is_status_list_invalid(signer, document, garbage):
    assert verify(document, signer.keys, [garbage], TODAY).verdict is Verdict.STATUS_LIST_INVALID


def test_a_list_signed_by_an_unknown_key_is_status_list_invalid(signer, document):
    token = sign(Signer())
    result = verify(document, signer.keys, [token], TODAY, SIGNED)
    assert result.verdict is Verdict.STATUS_LIST_INVALID
    assert "not in the keys file" in result.detail


def test_a_list_signed_by_a_revoked_key_after_its_compromise_is_status_list_invalid(
    signer, document
):
    issuer = Signer()
    keys = {**signer.keys, **issuer.keys}
    token = sign(issuer)
    revoked_before = {issuer.kid: SIGNED - timedelta(hours=1)}
    revoked_after = {issuer.kid: SIGNED + timedelta(hours=1)}
    now = SIGNED + timedelta(hours=2)
    refused = verify(document, keys, [token], TODAY, now, revoked=revoked_before)
    assert refused.verdict is Verdict.STATUS_LIST_INVALID
    assert verify(document, keys, [token], TODAY, now, revoked=revoked_after).is_valid


def test_a_document_payload_does_not_pass_for_a_status_list(signer, document):
    envelope = payload.open_envelope(document)
    raw = cbor2.dumps(
        cbor2.CBORTag(18, [envelope.protected, {}, envelope.payload, envelope.signature])
    )
    with pytest.raises(StatusListError, match="not a signed Kriya status list"):
        open_signed(raw, signer.keys)


def test_a_status_list_does_not_pass_for_a_document(signer):
    token = sign(signer)
    text = payload.PREFIX + base45.b45encode(zlib.compress(token)).decode()
    assert verify(text, signer.keys, today=TODAY).verdict is Verdict.NOT_REGISTERED


def test_an_expired_list_is_status_list_expired_and_a_fresh_one_is_not(signer, document):
    token = sign(signer)
    fresh = verify(document, signer.keys, [token], TODAY, SIGNED + timedelta(hours=23))
    expired = verify(document, signer.keys, [token], TODAY, SIGNED + timedelta(hours=25))
    assert fresh.verdict is Verdict.VALID
    assert expired.verdict is Verdict.STATUS_LIST_EXPIRED and expired.status_stale


def test_only_the_documents_own_list_has_to_be_current(signer, document):
    other = sign(signer, number=2, issued_at=SIGNED - timedelta(days=5))
    now = SIGNED + timedelta(hours=1)
    assert verify(document, signer.keys, [sign(signer), other], TODAY, now).is_valid
