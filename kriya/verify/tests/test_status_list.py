"""The bitstring status list: bit layout, encoding, and the published JSON."""

import base64
import gzip
import json

import pytest

from kriya.verify.statuslist import LENGTH, Code, StatusList, pack, read


def test_entries_are_two_bits_from_the_left_most_bit():
    bits = pack({0: Code.SUSPENDED, 1: Code.WITHDRAWN, 3: Code.SUPERSEDED, 4: 1}, length=8)
    assert bits == bytes([0b01_10_00_11, 0b01_00_00_00])
    assert [read(bits, i) for i in range(8)] == [1, 2, 0, 3, 1, 0, 0, 0]


def test_a_list_has_the_w3c_minimum_of_131072_bits():
    assert LENGTH * 2 == 131072
    assert len(StatusList.build(1, {}).bits) == 16384


def test_json_round_trips_and_uses_gzip_base64url_with_multibase_prefix():
    built = StatusList.build(3, {0: Code.WITHDRAWN, 65535: Code.SUSPENDED, 42: Code.SUPERSEDED})
    document = json.loads(
        json.dumps(built.to_json(url="https://kriya.test/verifikasi/status/3.json"))
    )
    assert document["type"] == "BitstringStatusList"
    assert document["statusPurpose"] == "message"
    assert document["statusSize"] == 2
    assert [m["message"] for m in document["statusMessage"]] == [
        "active",
        "suspended",
        "withdrawn",
        "superseded",
    ]
    encoded = document["encodedList"]
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == built.bits
    parsed = StatusList.from_json(document)
    assert parsed.number == 3
    assert parsed.status(0) is Code.WITHDRAWN
    assert parsed.status(65535) is Code.SUSPENDED
    assert parsed.status(42) is Code.SUPERSEDED
    assert parsed.status(41) is Code.ACTIVE


def test_a_mostly_active_list_compresses_to_a_few_hundred_bytes():
    encoded = StatusList.build(1, {i: Code.SUSPENDED for i in range(0, 65536, 997)}).to_json()[
        "encodedList"
    ]
    assert len(encoded) < 2000


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(IndexError):
        StatusList.build(1, {}).status(LENGTH)
    with pytest.raises(IndexError):
        pack({LENGTH: 1})


@pytest.mark.parametrize(
    "change",
    [
        {"type": "Other"},
        {"statusSize": 1},
        {"length": 12},
        {"encodedList": "zABC"},
        {"encodedList": StatusList.build(1, {}, length=64).to_json()["encodedList"]},
    ],
)
def test_a_list_that_is_not_ours_or_does_not_add_up_is_refused(change):
    document = {**StatusList.build(1, {}).to_json(), **change}
    with pytest.raises(ValueError):
        StatusList.from_json(document)
