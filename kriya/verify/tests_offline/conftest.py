"""Django-free fixtures for the offline verifier.

Nothing here (or in these tests) imports Django: CI runs this directory in small
virtual environments that hold only cbor2, cryptography, base45 and pytest, once with
the lowest supported cbor2 and once with the newest (see .ci/run). Run it there with
`--confcutdir kriya/verify/tests_offline` so the app's Django conftests are not loaded.
"""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kriya.verify.keyring import key_entry, key_id
from kriya.verify.payload import Claims

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
SIGNED_AT = 1_767_600_000  # 2026-01-05, when the committed payload was signed

# A test-only key, fixed so that a payload signed with it is reproducible (Ed25519 is
# deterministic). It signs nothing outside these tests.
TEST_SEED = bytes(range(32))


def make_claims(**overrides) -> Claims:
    fields = {
        "doc_type": "certificate",
        "number": "LSPRO/BM/0001/2026",
        "holder_nib": "9120000000001",
        "holder_name": "Batik Sekar Jagad",
        "scheme": "Batikmark — batik tulis",
        "scope": "Kain batik tulis motif Manggur, label emas",
        "issued_on": date(2026, 1, 5),
        "expires_on": date(2029, 1, 4),
        "status_list": 1,
        "status_index": 7,
        "url": "https://kriya.test/verifikasi/certificate/LSPRO/BM/0001/2026/",
        "ref": "",
        "issuer": "https://kriya.test",
    }
    fields.update(overrides)
    return Claims(**fields)


class FixedSigner:
    def __init__(self, seed: bytes = TEST_SEED):
        self.private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public = self.private.public_key()
        self.kid = key_id(self.public)

    @property
    def keys(self):
        return {self.kid: self.public}


@pytest.fixture
def signer():
    return FixedSigner()


@pytest.fixture
def fresh_signer():
    return FixedSigner(Ed25519PrivateKey.generate().private_bytes_raw())


@pytest.fixture
def committed():
    """The payload signed once by the app's signing code (cbor2 5) and committed."""
    return json.loads((DATA / "certificate.json").read_text(encoding="utf-8"))


def keys_document(signer) -> dict:
    return {"keys": [key_entry(kid=signer.kid, public_key=signer.public, status="active")]}
