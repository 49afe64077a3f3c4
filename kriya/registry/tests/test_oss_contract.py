"""The contract every OSS adapter passes (kriya/registry/adapters/oss.py). A real adapter
is added to ADAPTERS with the NIBs its test account knows; the fake runs here always."""

import re

import pytest

from kriya.registry.adapters import oss

# (factory, a NIB it knows, a NIB it does not know)
ADAPTERS = [pytest.param(oss.FakeOss, "9120000000001", oss.FakeOss.UNKNOWN, id="fake")]


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_a_known_nib_gives_the_registered_business(factory, known, unknown):
    record = factory().lookup(known)
    assert isinstance(record, oss.OssRecord)
    assert record.nib == known and record.name.strip()
    assert record.kbli and all(re.fullmatch(r"[0-9]{5}", code) for code in record.kbli)
    assert isinstance(record.address, str)
    assert record.risk_level in oss.RISK_LEVELS


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_an_unknown_nib_is_not_found_not_an_error(factory, known, unknown):
    with pytest.raises(oss.OssNotFound):
        factory().lookup(unknown)


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_the_connection_check_is_a_harmless_read(factory, known, unknown):
    assert factory().check() is None


def test_the_fake_fails_like_an_unreachable_oss():
    with pytest.raises(oss.OssError):
        oss.FakeOss().lookup(oss.FakeOss.BROKEN)


def test_off_by_default(settings):
    settings.KRIYA_OSS_ADAPTER = ""
    assert oss.get_adapter() is None
    settings.KRIYA_OSS_ADAPTER = "kriya.registry.adapters.oss.FakeOss"
    assert isinstance(oss.get_adapter(), oss.FakeOss)
