"""Events' open dataset for `kriya.insights` at /data/ (docs/insights.md): the turnover
exhibitors reported per district of the event and month of the sales. Definitions as the
indicator `omzet_acara` (`indicators.py`). The count is of exhibitors who reported; when
it is suppressed (1–4) their turnover is published empty too, since a sum over so few
would single a business out."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from kriya.core.figures import REGION_COLUMNS, Column, Dataset, month_text, register_dataset

from .indicators import sales

EVENT = "application__event"


def _rows():
    qs = (
        sales(None, date(1, 1, 1), date(9999, 12, 31))
        .annotate(month=TruncMonth("day__date"))
        .values(
            f"{EVENT}__regency_id",
            f"{EVENT}__regency__name",
            f"{EVENT}__district_id",
            f"{EVENT}__district__name",
            "month",
        )
        .annotate(
            events=Count(EVENT, distinct=True),
            n=Count("application", distinct=True),
            turnover=Sum("turnover"),
            transactions=Sum("transactions"),
        )
        .order_by(f"{EVENT}__regency_id", f"{EVENT}__district_id", "month")
    )
    for r in qs.iterator(chunk_size=2000):
        yield (
            r[f"{EVENT}__regency_id"],
            r[f"{EVENT}__regency__name"],
            r[f"{EVENT}__district_id"],
            r[f"{EVENT}__district__name"],
            month_text(r["month"]),
            r["events"],
            r["n"],
            r["turnover"],
            r["transactions"],
        )


register_dataset(
    Dataset(
        slug="omzet-acara-per-kecamatan-bulan",
        title="Omzet acara dan pameran per kecamatan dan bulan",
        description=(
            "Omzet (perputaran ekonomi) yang dilaporkan peserta pameran pada acara yang sudah "
            "berlangsung, per kecamatan tempat acara dan bulan penjualan: laporan terkini "
            "tiap peserta per hari; hari yang belum dilaporkan tidak dihitung."
        ),
        columns=(
            *REGION_COLUMNS,
            Column("jumlah_acara", "Jumlah acara", "integer"),
            Column(
                "jumlah", "Jumlah peserta pameran yang melapor", "integer", "Usaha; kosong bila 1–4"
            ),
            Column("omzet", "Omzet (rupiah)", "integer", "Kosong bila jumlah peserta 1–4"),
            Column("transaksi", "Jumlah transaksi", "integer", "Kosong bila jumlah peserta 1–4"),
        ),
        rows=_rows,
        keywords=("acara", "pameran", "omzet", "perputaran ekonomi", "umkm"),
        order=50,
        suppressed_with_count=("omzet", "transaksi"),
    )
)
