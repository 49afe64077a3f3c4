"""Each indicator against hand-built records: counted once, in the right period,
district and regency."""

from datetime import date

import pytest

from kriya.desk.models import Status
from kriya.insights import indicators
from kriya.registry.models import BusinessStatus

pytestmark = pytest.mark.django_db

KAB, KOTA = "35.13", "35.74"
SUKAPURA, PAITON = "35.13.01", "35.13.20"
Q1 = (date(2026, 1, 1), date(2026, 3, 31))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def value(key, regency, period, district=None):
    return indicators.get(key).value(regency, *period, district)


def test_every_indicator_has_a_definition_in_both_languages():
    keys = [i.key for i in indicators.all_indicators()]
    assert len(keys) == len(set(keys))
    for i in indicators.all_indicators():
        assert i.name_id and i.name_en and i.definition_id and i.definition_en and i.unit_id


def test_an_indicator_key_cannot_be_defined_twice():
    first = indicators.get("ikm")
    with pytest.raises(ValueError):
        indicators.register(
            indicators.Indicator(**{**first.__dict__, "name_id": "lain"})  # type: ignore[arg-type]
        )


def test_businesses_registered_and_verified(world):
    make = world["business"]
    make("35.13.01.2001", created=date(2026, 1, 5), verified=date(2026, 4, 2))
    make("35.13.20.2001", created=date(2026, 2, 5), verified=date(2026, 2, 6))
    make("35.13.20.2001", status=BusinessStatus.DRAFT, created=date(2026, 2, 5))
    make("35.13.20.2001", status=BusinessStatus.SUBMITTED, created=date(2026, 5, 5))
    make("35.74.01.1001", created=date(2026, 1, 9), verified=date(2026, 1, 10))
    make("35.13.01.2001", created=date(2025, 12, 31), verified=date(2025, 12, 31))

    assert value("usaha_terdaftar", KAB, Q1) == 2  # the draft and last year's are out
    assert value("usaha_terdaftar", KAB, Q2) == 1
    assert value("usaha_terdaftar", KAB, Q1, PAITON) == 1
    assert value("usaha_terdaftar", KOTA, Q1) == 1
    assert value("usaha_terdaftar", None, YEAR) == 4
    assert value("usaha_terverifikasi", KAB, Q1) == 1
    assert value("usaha_terverifikasi", KAB, Q2, SUKAPURA) == 1
    assert value("usaha_terverifikasi", KAB, YEAR) == 2
    assert value("usaha_terverifikasi", KOTA, YEAR) == 1


def test_businesses_listed_in_the_showcase(world):
    make = world["business"]
    make("35.13.01.2001", published=True)
    make("35.13.01.2001", published=False)
    listed_twice = make("35.13.20.2001", published=True)
    from kriya.registry.models import Product

    Product.objects.create(
        business=listed_twice,
        name="Kain lagi",
        slug="kain-lagi",
        sector="batik",
        price=5000,
        is_published=True,
    )
    make("35.74.01.1001", published=True)
    assert value("usaha_di_etalase", KAB, Q1) == 2  # two products, one business
    assert value("usaha_di_etalase", KAB, Q1, SUKAPURA) == 1
    assert value("usaha_di_etalase", KOTA, Q1) == 1
    assert value("usaha_di_etalase", KAB, Q2) == 0


def test_products_tested_counts_a_corrected_report_once(world, make_report):
    a = world["business"]("35.13.01.2001")
    b = world["business"]("35.74.01.1001")
    first = make_report(a, date(2026, 3, 30))
    make_report(a, date(2026, 4, 3), supersedes=first, request=first.request)  # correction
    make_report(a, date(2026, 5, 1))
    make_report(b, date(2026, 2, 1))
    assert value("produk_diuji", KAB, Q1) == 1
    assert value("produk_diuji", KAB, Q2) == 1
    assert value("produk_diuji", KAB, YEAR) == 2
    assert value("produk_diuji", KAB, YEAR, PAITON) == 0
    assert value("produk_diuji", KOTA, YEAR) == 1


def test_businesses_certified_count_each_business_once(world, make_certificate):
    a = world["business"]("35.13.01.2001")
    b = world["business"]("35.13.20.2001")
    c = world["business"]("35.74.01.1001")
    make_certificate(a, "sni", date(2026, 2, 1))
    make_certificate(a, "sni", date(2026, 3, 1))  # a second product: same business
    make_certificate(a, "batikmark", date(2026, 3, 2))
    make_certificate(b, "sni", date(2026, 4, 1))
    make_certificate(c, "sni", date(2026, 1, 1))
    make_certificate(b, "sni", date(2025, 12, 31))
    assert value("usaha_bersertifikat_sni", KAB, Q1) == 1
    assert value("usaha_bersertifikat_sni", KAB, YEAR) == 2
    assert value("usaha_bersertifikat_sni", KAB, YEAR, PAITON) == 1
    assert value("usaha_bersertifikat_sni", KOTA, YEAR) == 1
    assert value("usaha_bersertifikat_batikmark", KAB, YEAR) == 1
    assert value("usaha_bersertifikat_batikmark", KOTA, YEAR) == 0


def test_requests_completed(world, make_request):
    a = world["business"]("35.13.01.2001")
    b = world["business"]("35.74.01.1001")
    make_request(a, completed=date(2026, 3, 31))
    make_request(a, completed=date(2026, 4, 1))
    make_request(a, status=Status.IN_PROGRESS)
    make_request(b, completed=date(2026, 3, 1))
    assert value("permohonan_selesai", KAB, Q1) == 1
    assert value("permohonan_selesai", KAB, Q2) == 1
    assert value("permohonan_selesai", KOTA, YEAR) == 1
    assert value("permohonan_selesai", None, YEAR) == 3


def test_satisfaction_index(world, make_survey):
    a = world["business"]("35.13.01.2001")
    b = world["business"]("35.74.01.1001")
    make_survey(a, date(2026, 2, 1), score=4)
    make_survey(a, date(2026, 2, 2), score=3)
    make_survey(b, date(2026, 2, 3), score=1)
    assert value("ikm", KAB, Q1) == 87.5
    assert value("ikm", KOTA, Q1) == 25.0
    assert value("ikm", KAB, Q2) is None


def test_records_are_what_the_value_counts(world, make_report):
    a = world["business"]("35.13.01.2001")
    make_report(a, date(2026, 3, 30))
    indicator = indicators.get("produk_diuji")
    records = list(indicator.records(KAB, *YEAR))
    assert len(records) == indicator.value(KAB, *YEAR) == 1
    row = indicator.describe(records[0])
    assert row.title.startswith("SHU-") and "Sukapura" in row.place
