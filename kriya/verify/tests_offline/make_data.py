"""Regenerate data/certificate.json: `python -m kriya.verify.tests_offline.make_data`.

The committed payload was made once by the app's own signing code (`payload.sign`)
with the test-only key, under cbor2 5; the tests check that every supported cbor2
reads it and that signing again gives the same text.
"""

import json
from importlib.metadata import version

from kriya.verify import payload
from kriya.verify.keyring import b64url, raw_public

from .conftest import DATA, SIGNED_AT, FixedSigner, make_claims


def main():
    signer = FixedSigner()
    claims = make_claims()
    text = payload.sign(claims, signer.private, signer.kid, issued_at=SIGNED_AT)
    data = {
        "comment": "Signed by kriya.verify.payload.sign with a test-only key; see make_data.py",
        "cbor2": version("cbor2"),
        "kid": signer.kid,
        "x": b64url(raw_public(signer.public)),
        "payload": text,
        "claims": {**claims.as_dict(), "signed_at": SIGNED_AT},
    }
    (DATA / "certificate.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
