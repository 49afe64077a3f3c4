"""The NIK at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) under a key
derived with HKDF-SHA256 from KRIYA_SIGNING_KEY_SECRET, or SECRET_KEY when that is unset
— the same construction as the signing keys in `kriya.verify.keystore`, with its own
`info` so the two keys differ. A database dump alone does not reveal a NIK.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    secret = getattr(settings, "KRIYA_SIGNING_KEY_SECRET", "") or settings.SECRET_KEY
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"kriya.training", info=b"participant-nik"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode("ascii") if value else ""


def unseal(token: str) -> str:
    """The plain value, or "" when there is none or it cannot be opened (changed secret)."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return ""


def mask(nik: str) -> str:
    """`3513••••••••0001`: the regency code and the last four digits only."""
    if not nik:
        return ""
    return nik[:4] + "•" * max(len(nik) - 8, 0) + nik[-4:]
