"""Private signing keys at rest: Fernet (AES-128-CBC + HMAC-SHA256, from
`cryptography`) under a key derived with HKDF-SHA256 from KRIYA_SIGNING_KEY_SECRET,
or from SECRET_KEY when that is unset.

A database dump alone therefore does not reveal a signing key. If the secret is
lost or changed, the stored private keys cannot be opened: rotate (manage.py
signing_keys --rotate) and carry on — public keys stay published, so every document
already issued keeps verifying.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet() -> Fernet:
    secret = settings.KRIYA_SIGNING_KEY_SECRET or settings.SECRET_KEY
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"kriya.verify", info=b"signing-key-at-rest"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _fernet().encrypt(raw).decode("ascii")


def unseal(token: str, *, kid: str = "") -> Ed25519PrivateKey:
    try:
        raw = _fernet().decrypt(token.encode("ascii"))
    except InvalidToken:
        raise ImproperlyConfigured(
            f"Cannot decrypt signing key {kid}: KRIYA_SIGNING_KEY_SECRET (or SECRET_KEY) "
            "differs from the one it was stored with. Restore it, or run "
            "`manage.py signing_keys --rotate` to sign with a new key."
        ) from None
    return Ed25519PrivateKey.from_private_bytes(raw)
