"""Training's open dataset for `kriya.insights` at /data/ (docs/insights.md): people
trained per district of residence, month and gender, with the number of batches they
were trained in. Definitions as the indicator `peserta_dilatih` (`indicators.py`);
people recorded without a village are left out (they have no district)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kriya.core.figures import REGION_COLUMNS, Column, Dataset, month_text, register_dataset

from .indicators import trained

DISTRICT = "participant__village__parent"


def _rows():
    qs = (
        trained(None, date(1, 1, 1), date(9999, 12, 31))
        .filter(participant__village__isnull=False)
        .annotate(month=TruncMonth("batch__starts_on"))
        .values(
            f"{DISTRICT}__parent_id",
            f"{DISTRICT}__parent__name",
            f"{DISTRICT}_id",
            f"{DISTRICT}__name",
            "month",
            "participant__gender",
        )
        .annotate(batches=Count("batch", distinct=True), n=Count("id"))
        .order_by(f"{DISTRICT}__parent_id", f"{DISTRICT}_id", "month", "participant__gender")
    )
    for r in qs.iterator(chunk_size=2000):
        yield (
            r[f"{DISTRICT}__parent_id"],
            r[f"{DISTRICT}__parent__name"],
            r[f"{DISTRICT}_id"],
            r[f"{DISTRICT}__name"],
            month_text(r["month"]),
            r["participant__gender"],
            r["batches"],
            r["n"],
        )


def _modified():
    from .models import Enrolment

    value = Enrolment.objects.aggregate(m=Max("updated_at"))["m"]
    return timezone.localtime(value).date() if value else None


register_dataset(
    Dataset(
        slug="pelatihan-per-kecamatan-bulan",
        title="Pelatihan dan peserta per kecamatan, bulan dan jenis kelamin",
        description=(
            "Jumlah orang yang dilatih (memegang kursi pada angkatan yang sudah berlangsung) "
            "per kecamatan domisili, bulan mulai angkatan dan jenis kelamin, dengan jumlah "
            "angkatan pelatihan yang mereka ikuti."
        ),
        columns=(
            *REGION_COLUMNS,
            Column("jenis_kelamin", "Jenis kelamin", "string", "female, male"),
            Column("jumlah_angkatan", "Jumlah angkatan pelatihan", "integer"),
            Column("jumlah", "Jumlah peserta", "integer", "Orang; kosong bila 1–4"),
        ),
        rows=_rows,
        modified=_modified,
        keywords=("pelatihan", "peserta", "sdm", "ikm"),
        theme="pendidikan",
        order=40,
    )
)
