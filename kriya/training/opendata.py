"""Training's open datasets for `kriya.insights` at /data/ (docs/insights.md): people
trained per district of residence, month and gender, with the number of batches they
were trained in (definitions as the indicator `peserta_dilatih`, `indicators.py`); and
the outcomes people reported in their follow-ups (3, 6, 12 months) per district,
semester of the answer and round (each answer once in its round, `positive_q` as the
funnel). People recorded without a village are left out (they have no district)."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear, TruncMonth

from kriya.core.figures import REGION_COLUMNS, Column, Dataset, month_text, register_dataset

from .indicators import positive_q, trained
from .models import FollowUp, TurnoverChange

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
        keywords=("pelatihan", "peserta", "sdm", "ikm"),
        theme="pendidikan",
        order=40,
    )
)


# --- Outcomes -----------------------------------------------------------------------------

OUTCOME_DISTRICT = "enrolment__participant__village__parent"
OUTCOME_COLUMNS = (
    Column("kode_kabupaten", "Kode kabupaten/kota", "string", "Kode Kepmendagri, mis. 35.13"),
    Column("nama_kabupaten", "Nama kabupaten/kota", "string"),
    Column("kode_kecamatan", "Kode kecamatan", "string", "Kode Kepmendagri, mis. 35.13.01"),
    Column("nama_kecamatan", "Nama kecamatan", "string"),
    Column(
        "semester",
        "Semester jawaban",
        "semester",
        "YYYY-S1 (Januari–Juni) atau YYYY-S2 (Juli–Desember), menurut tanggal jawaban (WIB)",
    ),
    Column("putaran", "Putaran tindak lanjut", "integer", "3, 6 atau 12 bulan sesudah angkatan"),
    Column(
        "jumlah",
        "Jumlah jawaban",
        "integer",
        "Peserta yang menjawab tindak lanjut putaran ini; kosong bila 1–4",
    ),
    Column("memproduksi", "Sekarang memproduksi", "integer", "Jawaban ya; kosong bila 1–4"),
    Column("menjual", "Sekarang menjual", "integer", "Jawaban ya; kosong bila 1–4"),
    Column("mempekerjakan", "Mempekerjakan orang", "integer", "Jawaban ya; kosong bila 1–4"),
    Column("omzet_naik", "Omzet naik sejak pelatihan", "integer", "Jawaban naik; kosong bila 1–4"),
    Column(
        "hasil_positif",
        "Hasil positif",
        "integer",
        "Memproduksi, menjual, mempekerjakan orang atau omzet naik; kosong bila 1–4",
    ),
)
OUTCOME_COUNTS = ("memproduksi", "menjual", "mempekerjakan", "omzet_naik", "hasil_positif")


def _outcome_rows():
    """Follow-ups answered, per district of residence, semester of the answer (WIB) and
    round: each answer once in its round, as the training dashboard's outcome charts."""
    half = Case(When(month__lte=6, then=Value(1)), default=Value(2))
    qs = (
        FollowUp.objects.filter(
            answered_at__isnull=False, enrolment__participant__village__isnull=False
        )
        .annotate(year=ExtractYear("answered_at"), month=ExtractMonth("answered_at"))
        .annotate(half=half)
        .values(
            f"{OUTCOME_DISTRICT}__parent_id",
            f"{OUTCOME_DISTRICT}__parent__name",
            f"{OUTCOME_DISTRICT}_id",
            f"{OUTCOME_DISTRICT}__name",
            "year",
            "half",
            "round",
        )
        .annotate(
            n=Count("id"),
            n_produces=Count("id", filter=Q(produces=True)),
            n_sells=Count("id", filter=Q(sells=True)),
            n_employs=Count("id", filter=Q(employs=True)),
            n_up=Count("id", filter=Q(turnover=TurnoverChange.UP)),
            n_positive=Count("id", filter=positive_q()),
        )
        .order_by(
            f"{OUTCOME_DISTRICT}__parent_id", f"{OUTCOME_DISTRICT}_id", "year", "half", "round"
        )
    )
    for r in qs.iterator(chunk_size=2000):
        yield (
            r[f"{OUTCOME_DISTRICT}__parent_id"],
            r[f"{OUTCOME_DISTRICT}__parent__name"],
            r[f"{OUTCOME_DISTRICT}_id"],
            r[f"{OUTCOME_DISTRICT}__name"],
            f"{r['year']:04d}-S{r['half']}",
            r["round"],
            r["n"],
            r["n_produces"],
            r["n_sells"],
            r["n_employs"],
            r["n_up"],
            r["n_positive"],
        )


register_dataset(
    Dataset(
        slug="hasil-pelatihan-per-kecamatan-semester",
        title="Hasil pelatihan: jawaban tindak lanjut per kecamatan, semester dan putaran",
        description=(
            "Jawaban peserta pelatihan pada tindak lanjut 3, 6 dan 12 bulan sesudah "
            "angkatannya selesai, per kecamatan domisili, semester jawaban dan putaran: "
            "berapa yang menjawab, dan berapa yang sekarang memproduksi, menjual, "
            "mempekerjakan orang, omzetnya naik, atau salah satunya (hasil positif). Setiap "
            "jawaban dihitung sekali dalam putarannya. Jumlah 1–4 dikosongkan, juga jumlah "
            "yang membuat sisa jawaban tinggal 1–4."
        ),
        columns=OUTCOME_COLUMNS,
        rows=_outcome_rows,
        keywords=("pelatihan", "hasil pelatihan", "tindak lanjut", "ikm", "umkm"),
        theme="pendidikan",
        frequency="semesteran",
        order=45,
        suppressed_each=OUTCOME_COUNTS,
    )
)
