"""Size classes of PP 7/2021 art. 35 (values mirror reference.yaml `umkm_classes`).

Capital (excluding land and buildings) is the criterion for a new business; annual
sales for an existing one. Kriya uses annual sales when they are known and capital
otherwise.
"""

from .models import SizeClass

# (class, capital at most, annual sales at most), in integer rupiah.
THRESHOLDS = [
    (SizeClass.MIKRO, 1_000_000_000, 2_000_000_000),
    (SizeClass.KECIL, 5_000_000_000, 15_000_000_000),
    (SizeClass.MENENGAH, 10_000_000_000, 50_000_000_000),
]


def size_class(*, capital: int | None, annual_sales: int | None) -> str:
    """The PP 7/2021 class, or "" when neither figure is known."""
    if annual_sales is not None:
        index, value = 2, annual_sales
    elif capital is not None:
        index, value = 1, capital
    else:
        return ""
    for row in THRESHOLDS:
        if value <= row[index]:
            return row[0]
    return SizeClass.BESAR
