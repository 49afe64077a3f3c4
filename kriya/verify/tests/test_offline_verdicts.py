"""Each verdict of the offline verifier, decided from keys, status lists and the date."""

from datetime import UTC, date, datetime, timedelta

import pytest

from kriya.verify import payload
from kriya.verify.offline import Verdict, verify
from kriya.verify.statuslist import Code, StatusList

from .conftest import TODAY, Signer, make_claims


@pytest.fixture
def text(signer):
    return payload.sign(make_claims(status_list=1, status_index=7), signer.private, signer.kid)


def lists(**codes_by_index):
    return [StatusList.build(1, {int(k[1:]): v for k, v in codes_by_index.items()})]


def test_unknown_key_when_the_kid_is_not_published(text):
    result = verify(text, Signer().keys, today=TODAY)
    assert result.verdict is Verdict.UNKNOWN_KEY
    assert result.claims is None


def test_a_rotated_out_key_still_verifies_its_documents(signer, text):
    successor = Signer()
    keys = {**successor.keys, **signer.keys}  # both published; only the new one signs
    assert verify(text, keys, today=TODAY).verdict is Verdict.VALID


@pytest.mark.parametrize(
    "code, verdict",
    [
        (Code.ACTIVE, Verdict.VALID),
        (Code.SUSPENDED, Verdict.SUSPENDED),
        (Code.WITHDRAWN, Verdict.WITHDRAWN),
        (Code.SUPERSEDED, Verdict.SUPERSEDED),
    ],
)
def test_the_status_list_decides_the_status(signer, text, code, verdict):
    result = verify(text, signer.keys, lists(i7=code), today=TODAY)
    assert result.verdict is verdict
    assert result.status_checked


def test_only_the_documents_own_entry_counts(signer, text):
    result = verify(text, signer.keys, lists(i6=Code.WITHDRAWN, i8=Code.SUSPENDED), today=TODAY)
    assert result.verdict is Verdict.VALID


def test_expired_the_day_after_the_expiry_date(signer):
    text = payload.sign(make_claims(expires_on=date(2026, 6, 1)), signer.private, signer.kid)
    assert verify(text, signer.keys, today=date(2026, 6, 1)).verdict is Verdict.VALID
    assert verify(text, signer.keys, today=date(2026, 6, 2)).verdict is Verdict.EXPIRED


def test_a_withdrawal_outranks_the_expiry(signer):
    text = payload.sign(make_claims(expires_on=date(2026, 1, 31)), signer.private, signer.kid)
    result = verify(text, signer.keys, lists(i7=Code.WITHDRAWN), today=TODAY)
    assert result.verdict is Verdict.WITHDRAWN


def test_without_its_status_list_the_verdict_says_status_was_not_checked(signer, text):
    result = verify(text, signer.keys, [StatusList.build(2, {7: Code.WITHDRAWN})], today=TODAY)
    assert result.verdict is Verdict.VALID
    assert not result.status_checked


def test_a_status_list_past_its_valid_until_is_rejected_as_expired(signer, text):
    issued = datetime(2026, 6, 1, tzinfo=UTC)
    old = StatusList.build(1, {}, valid_from=issued, valid_until=issued + timedelta(days=1))
    fresh = verify(text, signer.keys, [old], today=TODAY, now=issued + timedelta(hours=1))
    stale = verify(text, signer.keys, [old], today=TODAY, now=issued + timedelta(days=2))
    assert fresh.verdict is Verdict.VALID and not fresh.status_stale
    assert stale.verdict is Verdict.STATUS_LIST_EXPIRED and stale.status_stale
    assert not stale.status_checked and stale.claims is not None


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "hello", "LSPRO/BM/0001/2026", "HC1:6BFOXN%TS3DH", "https://example.com/?x=1"],
)
def test_text_without_a_kriya_payload_is_not_registered(signer, garbage):
    assert verify(garbage, signer.keys, today=TODAY).verdict is Verdict.NOT_REGISTERED


@pytest.mark.parametrize(
    "broken",
    ["KRY1:", "KRY1:not base45!", "KRY1:" + "A" * 5000, "KRY1:%69 VD82EK4F.KEA1"],
)
def test_a_damaged_kriya_payload_is_signature_invalid(signer, broken):
    assert verify(broken, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_a_truncated_payload_is_signature_invalid(signer, text):
    assert verify(text[:-10], signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID


def test_surrounding_whitespace_from_a_paste_is_ignored(signer, text):
    assert verify(f"  {text}\n", signer.keys, today=TODAY).verdict is Verdict.VALID


def test_a_zlib_bomb_is_refused(signer):
    import zlib

    import base45

    bomb = "KRY1:" + base45.b45encode(zlib.compress(b"\0" * 1_000_000, 9)).decode()
    assert verify(bomb, signer.keys, today=TODAY).verdict is Verdict.SIGNATURE_INVALID
