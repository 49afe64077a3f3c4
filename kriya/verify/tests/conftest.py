from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kriya.accounts.models import Role
from kriya.verify.keyring import key_id
from kriya.verify.payload import Claims

TODAY = date(2026, 6, 1)


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
        "issuer": "https://kriya.test",
    }
    fields.update(overrides)
    return Claims(**fields)


class Signer:
    """A throw-away key for offline tests."""

    def __init__(self):
        self.private = Ed25519PrivateKey.generate()
        self.public = self.private.public_key()
        self.kid = key_id(self.public)

    @property
    def keys(self):
        return {self.kid: self.public}


@pytest.fixture
def signer():
    return Signer()


@pytest.fixture
def admin_user(make_user, agency, member):
    return member(
        make_user("admin@agency.test", full_name="Ani", is_staff=True), agency, Role.ADMINISTRATOR
    )


@pytest.fixture
def decision_maker(make_user, agency, member):
    return member(make_user("pemutus@agency.test", full_name="Putu"), agency, Role.DECISION_MAKER)


@pytest.fixture
def issue(db):
    """issue(**fields) → an IssuedDocument, with sensible defaults, by the system."""
    from kriya.verify.services import issue_document

    counter = iter(range(1, 10_000))

    def make(**overrides):
        fields = {
            "doc_type": "certificate",
            "number": f"LSPRO/BM/{next(counter):04d}/2026",
            "holder_nib": "9120000000001",
            "holder_name": "Batik Sekar Jagad",
            "scheme": "Batikmark — batik tulis",
            "scope": "Kain batik tulis motif Manggur",
            "issued_on": date(2026, 1, 5),
            "expires_on": date(2029, 1, 4),
            "by": None,
        }
        fields.update(overrides)
        return issue_document(**fields)

    return make
