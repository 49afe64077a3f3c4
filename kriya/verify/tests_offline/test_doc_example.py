"""The verification example in docs/verify.md runs as written on a real payload."""

import re
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature

from kriya.verify import payload
from kriya.verify.keyring import load_keys

from .conftest import FixedSigner, make_claims

DOC = Path(__file__).resolve().parents[3] / "docs" / "verify.md"


def example_code() -> str:
    section = DOC.read_text(encoding="utf-8").split("### Verifying without Kriya's code", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


@pytest.fixture
def read_kriya_payload():
    namespace = {}
    exec(compile(example_code(), str(DOC), "exec"), namespace)  # noqa: S102 (our own doc)
    return namespace["read_kriya_payload"]


@pytest.fixture
def public_key(committed):
    entry = {"kid": committed["kid"], "kty": "OKP", "crv": "Ed25519", "x": committed["x"]}
    return load_keys({"keys": [entry]})[committed["kid"]]


def test_the_example_is_at_most_ten_lines_of_code():
    lines = [line for line in example_code().splitlines() if line.strip()]

    assert len(lines) <= 10


def test_the_example_reads_a_genuine_payload(read_kriya_payload, public_key, committed):
    document = read_kriya_payload(committed["payload"], public_key)

    assert document["t"] == "certificate"
    assert document["n"] == committed["claims"]["number"]
    assert document["h"] == committed["claims"]["holder_name"]


def test_the_example_refuses_an_altered_payload(read_kriya_payload, public_key, committed):
    # Other claims under the same key id, signed by another key: the signature fails.
    other = payload.sign(make_claims(number="X/1"), FixedSigner(bytes(32)).private, "k")

    with pytest.raises(InvalidSignature):
        read_kriya_payload(other, public_key)
