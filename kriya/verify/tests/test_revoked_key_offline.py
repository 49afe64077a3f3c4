"""A revoked key, offline: what it signed from its compromise on is refused, what it
signed before still verifies, and the keys file says which keys are revoked."""

from datetime import UTC, datetime

import pytest

from kriya.verify import payload
from kriya.verify.keyring import key_entry, load_revocations
from kriya.verify.offline import Verdict, verify
from kriya.verify.statuslist import Code, StatusList

from .conftest import TODAY, make_claims

COMPROMISED = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def signed_at(signer, moment, **claims):
    return payload.sign(
        make_claims(**claims), signer.private, signer.kid, issued_at=int(moment.timestamp())
    )


def test_a_document_signed_before_the_compromise_still_verifies_and_says_so(signer):
    text = signed_at(signer, datetime(2026, 4, 30, tzinfo=UTC))
    result = verify(text, signer.keys, today=TODAY, revoked={signer.kid: COMPROMISED})
    assert result.verdict is Verdict.VALID
    assert result.key_revoked_since == COMPROMISED
    assert result.claims.number == "LSPRO/BM/0001/2026"


@pytest.mark.parametrize("moment", [COMPROMISED, datetime(2026, 5, 20, tzinfo=UTC)])
def test_a_document_signed_at_or_after_the_compromise_is_key_revoked(signer, moment):
    text = signed_at(signer, moment)
    result = verify(text, signer.keys, today=TODAY, revoked={signer.kid: COMPROMISED})
    assert result.verdict is Verdict.KEY_REVOKED
    assert result.claims is None  # whoever holds the key could have written anything


def test_key_revoked_outranks_the_status_list_and_the_date(signer):
    text = signed_at(signer, datetime(2026, 5, 2, tzinfo=UTC), expires_on=TODAY.replace(year=2025))
    lists = [StatusList.build(1, {7: Code.WITHDRAWN})]
    result = verify(text, signer.keys, lists, today=TODAY, revoked={signer.kid: COMPROMISED})
    assert result.verdict is Verdict.KEY_REVOKED


def test_a_payload_without_a_signing_time_from_a_revoked_key_is_refused(signer):
    import cbor2

    claims = payload.claims_to_cwt(make_claims(), issued_at=0)
    del claims[payload.CWT_IAT]
    protected = cbor2.dumps(
        {payload.HEADER_ALG: payload.ALG_EDDSA, payload.HEADER_KID: signer.kid.encode()}
    )
    body = cbor2.dumps(claims)
    text = payload.seal(
        protected, body, signer.private.sign(payload.sig_structure(protected, body))
    )
    assert verify(text, signer.keys, today=TODAY).verdict is Verdict.VALID
    revoked = {signer.kid: COMPROMISED}
    assert verify(text, signer.keys, today=TODAY, revoked=revoked).verdict is Verdict.KEY_REVOKED


def test_other_keys_are_not_affected_by_a_revocation(signer):
    from .conftest import Signer

    other = Signer()
    text = signed_at(signer, datetime(2026, 5, 20, tzinfo=UTC))
    keys = {**signer.keys, **other.keys}
    assert verify(text, keys, today=TODAY, revoked={other.kid: COMPROMISED}).is_valid


def test_the_keys_file_names_the_revoked_keys_and_since_when(signer):
    from .conftest import Signer

    active = Signer()
    document = {
        "keys": [
            key_entry(kid=active.kid, public_key=active.public, status="active"),
            key_entry(
                kid=signer.kid,
                public_key=signer.public,
                status="revoked",
                revoked="2026-05-03T10:00:00+00:00",
                compromised="2026-05-01T15:00:00+07:00",
            ),
        ]
    }
    assert load_revocations(document) == {signer.kid: COMPROMISED}


def test_a_revoked_key_without_a_readable_time_is_distrusted_for_everything(signer):
    entry = key_entry(kid=signer.kid, public_key=signer.public, status="revoked")
    revoked = load_revocations({"keys": [entry]})
    text = signed_at(signer, datetime(2020, 1, 1, tzinfo=UTC))
    assert verify(text, signer.keys, today=TODAY, revoked=revoked).verdict is Verdict.KEY_REVOKED
