"""The contract every BPJPH adapter passes (kriya/certification/adapters/bpjph.py). A real
adapter is added to ADAPTERS with numbers its test account knows."""

from datetime import date

import pytest

from kriya.certification.adapters import bpjph

# (factory, a number it knows, a number it does not know)
ADAPTERS = [pytest.param(bpjph.FakeBpjph, "SH2026-0001", bpjph.FakeBpjph.UNKNOWN, id="fake")]


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_a_known_number_gives_holder_products_and_issue_date(factory, known, unknown):
    record = factory().lookup(known)
    assert isinstance(record, bpjph.HalalRecord)
    assert record.number == known and record.holder_name.strip()
    assert record.holder_nib == "" or (len(record.holder_nib) == 13 and record.holder_nib.isdigit())
    assert record.products and all(p.strip() for p in record.products)
    assert isinstance(record.issued_on, date)


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_an_unknown_number_is_not_found(factory, known, unknown):
    with pytest.raises(bpjph.BpjphNotFound):
        factory().lookup(unknown)


@pytest.mark.parametrize(("factory", "known", "unknown"), ADAPTERS)
def test_the_connection_check_is_a_harmless_read(factory, known, unknown):
    assert factory().check() is None


def test_off_by_default(settings):
    settings.KRIYA_BPJPH_ADAPTER = ""
    assert bpjph.get_adapter() is None
