"""One money format and one date format, in both languages (docs/content.md)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from kriya.core.formatting import rupiah, tanggal, waktu

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", f"Rp{NBSP}245.000"), ("en", f"Rp{NBSP}245,000")],
)
def test_money_is_rp_a_space_and_the_languages_thousands(language, expected):
    with translation.override(language):
        assert rupiah(245000) == expected
        assert rupiah("245000") == expected


def test_money_never_in_the_old_forms():
    text = rupiah(500000)
    assert text != "Rp500.000" and not text.startswith("Rp5") and text.endswith("500.000")
    assert rupiah(12_500_000) == f"Rp{NBSP}12.500.000"
    assert rupiah(0) == f"Rp{NBSP}0"
    assert rupiah(None) == "" and rupiah(None, empty="—") == "—"


@pytest.mark.parametrize(
    ("language", "expected"), [("id", "2 Desember 2026"), ("en", "2 December 2026")]
)
def test_a_date_is_day_month_name_year(language, expected):
    with translation.override(language):
        assert tanggal(dt.date(2026, 12, 2)) == expected
        assert tanggal("2026-12-02") == expected  # as stored in audit data
        rendered = Template("{{ d|date }}|{{ d|tanggal }}").render(
            Context({"d": dt.date(2026, 12, 2)})
        )
        assert rendered == f"{expected}|{expected}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "2 Desember 2026, 14.30 WIB"), ("en", "2 December 2026, 14:30 WIB")],
)
def test_a_date_time_is_in_jakarta_time_with_wib(language, expected):
    moment = dt.datetime(2026, 12, 2, 7, 30, tzinfo=dt.UTC)  # 14.30 in Jakarta
    with translation.override(language):
        assert waktu(moment) == expected
        rendered = Template('{{ m|date:"DATETIME_FORMAT" }}|{{ m|waktu }}').render(
            Context({"m": moment})
        )
        assert rendered == f"{expected}|{expected}"


def test_no_iso_date_or_abbreviated_month():
    with translation.override("id"):
        text = tanggal(dt.date(2026, 12, 2))
    assert "2026-12-02" not in text and "Des " not in text and not text.startswith("02")


def test_the_apps_money_filters_all_use_the_one_format():
    from kriya.desk.templatetags.desk_tags import rupiah as desk
    from kriya.registry.templatetags.registry import rupiah as registry
    from kriya.showcase.templatetags.showcase import rupiah as showcase

    assert desk(150000) == registry(150000) == showcase(150000) == f"Rp{NBSP}150.000"
    assert Template("{{ n|rupiah }}").render(Context({"n": 150000})) == f"Rp{NBSP}150.000"
