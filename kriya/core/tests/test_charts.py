"""kriya.core.charts: one object gives the chart's data, its table and its CSV."""

from decimal import Decimal

import pytest

from kriya.core.charts import Chart, Series, format_number


@pytest.mark.parametrize(
    ("value", "options", "text"),
    [
        (1234, {}, "1.234"),
        (1234567, {}, "1.234.567"),
        (0, {}, "0"),
        (12.5, {"decimals": 1}, "12,5"),
        (Decimal("87.5"), {"decimals": 2}, "87,50"),
        (245000, {"style": "rupiah"}, "Rp\u00a0245.000"),
        (12.5, {"decimals": 1, "style": "percent"}, "12,5%"),
        (None, {}, "—"),
        ("B (Baik)", {}, "B (Baik)"),
    ],
)
def test_numbers_are_written_the_indonesian_way(value, options, text):
    assert format_number(value, **options) == text


def chart(**extra):
    fields = {
        "key": "penjualan",
        "title": "Penjualan",
        "label_header": "Bulan",
        "labels": ("Jan", "=Feb"),
        "series": (
            Series("Omzet", (1_250_000, Decimal("2500000"))),
            Series("Pembeli", (3, None), plot=False),
        ),
        "style": "rupiah",
    }
    fields.update(extra)
    return Chart(**fields)


def test_the_table_the_data_and_the_csv_come_from_the_same_values():
    c = chart(footer=("Jumlah", (3_750_000, 3)))
    assert c.header == ["Bulan", "Omzet", "Pembeli"]
    assert c.rows == [
        ("Jan", ["Rp\u00a01.250.000", "Rp\u00a03"]),
        ("=Feb", ["Rp\u00a02.500.000", "—"]),
    ]
    assert c.data["labels"] == ["Jan", "=Feb"]
    assert c.data["datasets"] == [{"label": "Omzet", "data": [1250000, 2500000.0]}]
    assert c.csv_rows() == [
        ["Bulan", "Omzet", "Pembeli"],
        ["Jan", 1250000, 3],
        ["'=Feb", 2500000.0, ""],  # a label never runs as a spreadsheet formula
        ["Jumlah", 3750000, 3],
    ]
    assert c.csv_text().startswith("\ufeffBulan,Omzet,Pembeli\r\n")


def test_a_series_keeps_its_own_format():
    c = chart(series=(Series("Omzet", (1, 2)), Series("Pembeli", (3, 4), style="number")))
    assert c.rows[0] == ("Jan", ["Rp\u00a01", "3"])


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 labels"):
        chart(series=(Series("Omzet", (1,)),))


@pytest.mark.parametrize("key", ["Penjualan", "per bulan", "", "a--b"])
def test_the_key_is_a_slug(key):
    with pytest.raises(ValueError):
        chart(key=key)


def test_the_summary_names_the_largest_value_unless_given():
    assert chart().summary_text == "Tertinggi: =Feb (Rp\u00a02.500.000)."
    assert chart(summary="Naik terus.").summary_text == "Naik terus."
    empty = chart(series=(Series("Omzet", (0, None)),))
    assert empty.is_empty and empty.summary_text == "Belum ada data."
