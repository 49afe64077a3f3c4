"""PP 7/2021 size classes at their boundaries (annual sales first, capital otherwise)."""

import pytest

from kriya.registry.sizing import size_class

JUTA, MILIAR = 10**6, 10**9


@pytest.mark.parametrize(
    "sales, expected",
    [
        (0, "mikro"),
        (2 * MILIAR, "mikro"),
        (2 * MILIAR + 1, "kecil"),
        (15 * MILIAR, "kecil"),
        (15 * MILIAR + 1, "menengah"),
        (50 * MILIAR, "menengah"),
        (50 * MILIAR + 1, "besar"),
    ],
)
def test_annual_sales_boundaries(sales, expected):
    assert size_class(capital=None, annual_sales=sales) == expected


@pytest.mark.parametrize(
    "capital, expected",
    [
        (500 * JUTA, "mikro"),
        (1 * MILIAR, "mikro"),
        (1 * MILIAR + 1, "kecil"),
        (5 * MILIAR, "kecil"),
        (5 * MILIAR + 1, "menengah"),
        (10 * MILIAR, "menengah"),
        (10 * MILIAR + 1, "besar"),
    ],
)
def test_capital_boundaries_when_sales_are_unknown(capital, expected):
    assert size_class(capital=capital, annual_sales=None) == expected


def test_annual_sales_decide_when_both_are_known():
    assert size_class(capital=6 * MILIAR, annual_sales=1 * MILIAR) == "mikro"


def test_no_figures_no_class():
    assert size_class(capital=None, annual_sales=None) == ""


def test_thresholds_match_reference_yaml(settings):
    import yaml

    from kriya.registry.sizing import THRESHOLDS

    classes = yaml.safe_load(settings.KRIYA_REFERENCE_YAML.read_text())["umkm_classes"]
    for name, capital_max, sales_max in THRESHOLDS:
        assert classes[str(name)] == {"capital_max": capital_max, "sales_max": sales_max}
