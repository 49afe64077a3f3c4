"""The semester report of a regency's small industries in the SIINas layout, filled from
Kriya's registry (item 5 of issue 18, in part: the prefilled report; the business's
semester confirmation form is not built). The layout is editable reference data in
`data/siinas_semester.yaml`, every column marked unverified until confirmed."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import yaml

from kriya.desk.survey import Period

LAYOUT = Path(__file__).with_name("data") / "siinas_semester.yaml"


@cache
def layout() -> dict:
    with open(LAYOUT, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def columns() -> list[dict]:
    return layout()["columns"]


def businesses(regency: str):
    from django.db.models import Prefetch

    from kriya.registry.models import Business, BusinessStatus, Product

    return (
        Business.objects.filter(regency_id=regency, status=BusinessStatus.VERIFIED)
        .select_related("district", "regency")
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name")))
        .order_by("district__name", "name")
    )


def _value(source: str, business, period: Period):
    if source == "empty":
        return None
    owner, _dot, name = source.partition(".")
    if owner == "report":
        return period.key if name == "period" else None
    if name == "workforce_men":
        return max(0, business.workforce_total - business.workforce_women)
    if name == "products":
        return "; ".join(p.name for p in business.products.all())
    if name == "kbli":
        return ", ".join(str(k) for k in business.kbli or [])
    if name == "legal_form":
        return business.get_legal_form_display()
    if name in ("district", "regency"):
        return getattr(business, name).name
    return getattr(business, name)


def rows(regency: str, period: Period):
    cols = columns()
    for business in businesses(regency).iterator(chunk_size=500):
        yield [_value(c["source"], business, period) for c in cols]


def xlsx(regency: str, period: Period) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("laporan")
    sheet.append([c["header"] for c in columns()])
    for row in rows(regency, period):
        sheet.append(row)
    notes = book.create_sheet("catatan")
    notes.append(["kolom", "judul", "sumber", "terkonfirmasi"])
    for c in columns():
        notes.append([c["key"], c["header"], c["source"], "ya" if c["verified"] else "belum"])
    notes.append([])
    notes.append(["sumber tata letak", layout()["source_note"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
