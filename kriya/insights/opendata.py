"""Open data: aggregated, de-identified datasets with their metadata, in CSV, JSON and
XLSX, a DCAT-AP catalogue (JSON-LD) and the read-only CKAN action API subset that
harvesters use.

Satu Data Indonesia (Perpres 39/2019) asks for four things, and each dataset carries
them: a data standard (each column's name, meaning, type and unit), metadata (title,
producer, period, frequency, licence, modified), interoperability (open formats, UTF-8,
one header line, the same columns in every format) and reference codes (regions by
their Kepmendagri codes). Licence: CC BY 4.0.

Small-cell protection: in every aggregated dataset a count from 1 to 4 is published as
empty with the note "<5" (`SUPPRESS_BELOW`), so no single business can be singled out
from a count. The public directory of certified products is already public (ISO/IEC
17065 clause 7.8) and is not aggregated.

The files are not computed per request: the scheduler's job `refresh_open_data`
(`snapshots.py`) writes each dataset's three files to storage and records an
`OpenDataSnapshot` (refresh time, rows, sizes, checksums), which the pages, the
catalogue and the CKAN API read. This module defines what is published (the rows after
suppression, the metadata); `snapshots.py` how it is stored.

Later apps add datasets with `register(Dataset(...))` in their `opendata.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kriya.core.figures import (
    DATASETS,
    REGION_COLUMNS,
    Column,
    Dataset,
    month_text,
    register_dataset,
)

from . import discovery

SUPPRESS_BELOW = 5
SUPPRESSED_NOTE = "<5"
NOTE_COLUMN = "keterangan"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_ID = "cc-by"
LICENCE_TITLE = "Creative Commons Attribution 4.0 (CC BY 4.0)"
REGION_CODES = "Kode dan data wilayah administrasi pemerintahan (Kepmendagri), edisi 2025"
FORMATS = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The EU's frequency vocabulary (DCAT-AP `dct:accrualPeriodicity`).
FREQUENCIES = {
    "harian": "DAILY",
    "bulanan": "MONTHLY",
    "semesteran": "ANNUAL_2",
    "tahunan": "ANNUAL",
}
FREQUENCY_URL = "http://publications.europa.eu/resource/authority/frequency/"


REGISTRY = DATASETS
register = register_dataset


def discover() -> None:
    discovery.discover("opendata")


def all_datasets() -> list[Dataset]:
    discover()
    return sorted(REGISTRY.values(), key=lambda d: (d.order, d.slug))


def get(slug: str) -> Dataset | None:
    discover()
    return REGISTRY.get(slug)


# --- Suppression and rows ----------------------------------------------------------------


def suppress(value):
    """A count of 1–4 becomes None (published empty, with the note "<5")."""
    if isinstance(value, int) and 0 < value < SUPPRESS_BELOW:
        return None
    return value


def header(dataset: Dataset) -> list[str]:
    """The published columns: the dataset's, and the note column when suppressed."""
    names = [c.name for c in dataset.columns]
    return [*names, NOTE_COLUMN] if dataset.suppressed else names


def published_rows(dataset: Dataset) -> Iterator[list]:
    """The rows as published, one at a time (the dataset's query is streamed): dates as
    ISO 8601, suppressed counts empty, and the note "<5" where a count was hidden."""
    names = [c.name for c in dataset.columns]
    index = names.index(dataset.count_column) if dataset.suppressed else None
    with_count = [names.index(name) for name in dataset.suppressed_with_count]
    each = [names.index(name) for name in dataset.suppressed_each]
    for row in dataset.rows():
        row = [_plain(v) for v in row]
        if index is not None:
            original = row[index]
            hidden = bool(original) and suppress(original) is None
            if hidden:
                row[index] = None
                for other in (*with_count, *each):
                    row[other] = None
            else:
                for other in each:
                    # Neither those counted nor the rest of the row's count may be 1–4.
                    value = row[other]
                    if value and (suppress(value) is None or suppress(original - value) is None):
                        row[other] = None
                        hidden = True
            row.append(SUPPRESSED_NOTE if hidden else "")
        yield row


def table(dataset: Dataset) -> tuple[list[str], list[list]]:
    """The header and every published row, in memory (tests, small datasets)."""
    return header(dataset), list(published_rows(dataset))


def _plain(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- Metadata, the DCAT catalogue and CKAN ------------------------------------------------
# `snapshot` below is the dataset's `OpenDataSnapshot` (its refresh time, rows, files).


def publisher() -> dict:
    return {
        "name": settings.KRIYA_AGENCY_FULL_NAME or settings.KRIYA_AGENCY_NAME,
        "email": settings.KRIYA_AGENCY_EMAIL,
        "url": settings.KRIYA_AGENCY_WEBSITE,
    }


def base_url() -> str:
    """Links in the files and the catalogue are absolute, on the public address."""
    return settings.KRIYA_PUBLIC_URL


def distribution_url(base: str, dataset: Dataset, fmt: str) -> str:
    return f"{base}/data/{dataset.slug}.{fmt}"


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def metadata(dataset: Dataset, base: str, modified: datetime) -> dict:
    """The metadata written into the JSON and XLSX files (Satu Data)."""
    return {
        "judul": dataset.title,
        "deskripsi": dataset.description,
        "produsen_data": publisher()["name"],
        "kontak": publisher()["email"],
        "lisensi": LICENCE_TITLE,
        "lisensi_url": LICENCE_URL,
        "frekuensi": dataset.frequency,
        "diperbarui": _local(modified),
        "kode_wilayah": REGION_CODES,
        "perlindungan_sel_kecil": (
            f"jumlah 1–{SUPPRESS_BELOW - 1} dikosongkan dengan keterangan {SUPPRESSED_NOTE}"
            if dataset.suppressed
            else "tidak berlaku (data publik, bukan agregat)"
        ),
        "standar_data": [
            {"kolom": c.name, "judul": c.title, "tipe": c.type, "definisi": c.description}
            for c in dataset.columns
        ],
        "format": sorted(FORMATS),
        "halaman": f"{base}/data/{dataset.slug}/",
    }


def _xsd_datetime(moment: datetime) -> dict:
    return {"@value": _local(moment), "@type": "xsd:dateTime"}


def _xsd_date(day: date) -> dict:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _temporal(snapshot) -> dict:
    period = {"@type": "dct:PeriodOfTime"}
    if snapshot.period_start:
        period["dcat:startDate"] = _xsd_date(snapshot.period_start)
    period["dcat:endDate"] = _xsd_date(
        snapshot.period_end or timezone.localtime(snapshot.modified_at).date()
    )
    return period


def _dcat_dataset(d: Dataset, snapshot, base: str) -> dict:
    return {
        "@id": f"{base}/data/{d.slug}/",
        "@type": "dcat:Dataset",
        "dct:identifier": d.slug,
        "dct:title": {"@value": d.title, "@language": "id"},
        "dct:description": {"@value": d.description, "@language": "id"},
        "dct:publisher": {"@id": f"{base}/#penerbit"},
        "dct:modified": _xsd_datetime(snapshot.modified_at),
        "dct:accrualPeriodicity": {"@id": FREQUENCY_URL + FREQUENCIES.get(d.frequency, "MONTHLY")},
        "dct:spatial": {"@id": f"{base}/wilayah/", "dct:title": REGION_CODES},
        "dct:temporal": _temporal(snapshot),
        "dct:license": {"@id": LICENCE_URL},
        "dcat:keyword": list(d.keywords),
        "dcat:theme": d.theme,
        "dcat:landingPage": {"@id": f"{base}/data/{d.slug}/"},
        "dcat:distribution": [
            {
                "@id": distribution_url(base, d, fmt),
                "@type": "dcat:Distribution",
                "dct:title": f"{d.title} ({fmt.upper()})",
                "dct:format": fmt.upper(),
                "dcat:mediaType": media,
                "dcat:accessURL": {"@id": distribution_url(base, d, fmt)},
                "dcat:downloadURL": {"@id": distribution_url(base, d, fmt)},
                "dcat:byteSize": {
                    "@value": str(snapshot.file(fmt)["size"]),
                    "@type": "xsd:nonNegativeInteger",
                },
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                    "spdx:checksumValue": {
                        "@value": snapshot.file(fmt)["sha256"],
                        "@type": "xsd:hexBinary",
                    },
                },
                "dct:license": {"@id": LICENCE_URL},
                "dct:modified": _xsd_datetime(snapshot.modified_at),
            }
            for fmt, media in FORMATS.items()
        ],
    }


def catalogue(base: str, snapshots: dict) -> dict:
    """The DCAT-AP catalogue as JSON-LD, from the datasets' snapshots (slug → snapshot):
    no dataset is computed here."""
    pub = publisher()
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "dcat:keyword": {"@container": "@set"},
        },
        "@id": f"{base}/data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Data terbuka {settings.KRIYA_SITE_NAME}", "@language": "id"},
        "dct:description": {
            "@value": "Data agregat usaha kerajinan dan batik, sertifikasi dan layanan balai.",
            "@language": "id",
        },
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": f"{base}/data/"},
        "dct:publisher": {
            "@id": f"{base}/#penerbit",
            "@type": "foaf:Organization",
            "foaf:name": pub["name"],
            "foaf:mbox": pub["email"],
        },
        "dcat:dataset": [
            _dcat_dataset(d, snapshots[d.slug], base) for d in all_datasets() if d.slug in snapshots
        ],
    }


def _ckan_time(moment: datetime) -> str:
    # CKAN's own form: ISO 8601 in UTC without an offset.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()


def ckan_package(dataset: Dataset, snapshot, base: str) -> dict:
    modified = _ckan_time(snapshot.modified_at)
    return {
        "id": dataset.slug,
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "license_id": LICENCE_ID,
        "license_title": LICENCE_TITLE,
        "license_url": LICENCE_URL,
        "metadata_modified": modified,
        "organization": {"name": "kriya", "title": publisher()["name"]},
        "maintainer_email": publisher()["email"],
        "url": f"{base}/data/{dataset.slug}/",
        "state": "active",
        "type": "dataset",
        "private": False,
        "tags": [{"name": k} for k in dataset.keywords],
        "extras": [
            {"key": "frequency", "value": dataset.frequency},
            {"key": "spatial_codes", "value": REGION_CODES},
            {"key": "rows", "value": str(snapshot.rows)},
        ],
        "num_resources": len(FORMATS),
        "resources": [
            {
                "id": f"{dataset.slug}-{fmt}",
                "package_id": dataset.slug,
                "name": f"{dataset.title} ({fmt.upper()})",
                "format": fmt.upper(),
                "mimetype": media,
                "url": distribution_url(base, dataset, fmt),
                "size": snapshot.file(fmt)["size"],
                "hash": "sha256:" + snapshot.file(fmt)["sha256"],
                "last_modified": modified,
            }
            for fmt, media in FORMATS.items()
        ],
    }


# --- The datasets ---------------------------------------------------------------------------


_month = month_text


def _business_rows():
    from kriya.registry.models import Business, BusinessStatus

    qs = (
        Business.objects.exclude(status=BusinessStatus.DRAFT)
        .annotate(month=TruncMonth("created_at"))
        .values(
            "regency_id",
            "regency__name",
            "district_id",
            "district__name",
            "month",
            "sector",
            "size_class",
        )
        .annotate(n=Count("id"))
        .order_by("regency_id", "district_id", "month", "sector", "size_class")
    )
    for r in qs.iterator(chunk_size=2000):
        yield (
            r["regency_id"],
            r["regency__name"],
            r["district_id"],
            r["district__name"],
            _month(r["month"]),
            r["sector"],
            r["size_class"] or "belum_dihitung",
            r["n"],
        )


register(
    Dataset(
        slug="usaha-per-kecamatan-bulan",
        title="Usaha kerajinan dan batik per kecamatan, bulan, sektor dan kelas usaha",
        description=(
            "Jumlah usaha yang terdaftar di Kriya (bukan draf), per kecamatan dan bulan "
            "pendaftaran, sektor dan kelas usaha (mikro, kecil, menengah, besar)."
        ),
        columns=(
            *REGION_COLUMNS,
            Column("sektor", "Sektor", "string", "batik, bordir, tenun, anyaman, …"),
            Column("kelas_usaha", "Kelas usaha", "string", "mikro, kecil, menengah, besar"),
            Column("jumlah", "Jumlah usaha", "integer", "Usaha; kosong bila 1–4"),
        ),
        rows=_business_rows,
        keywords=("umkm", "ikm", "kerajinan", "batik", "usaha"),
        order=10,
    )
)


def _certificate_rows():
    from kriya.certification.models import Certificate

    qs = (
        Certificate.objects.annotate(month=TruncMonth("issued_on"))
        .values(
            "business__regency_id",
            "business__regency__name",
            "business__district_id",
            "business__district__name",
            "month",
            "scheme__kind",
        )
        .annotate(n=Count("id"))
        .order_by("business__regency_id", "business__district_id", "month", "scheme__kind")
    )
    for r in qs.iterator(chunk_size=2000):
        yield (
            r["business__regency_id"],
            r["business__regency__name"],
            r["business__district_id"],
            r["business__district__name"],
            _month(r["month"]),
            r["scheme__kind"],
            r["n"],
        )


register(
    Dataset(
        slug="sertifikat-per-skema",
        title="Sertifikat yang diterbitkan per kecamatan, bulan dan skema",
        description=(
            "Jumlah sertifikat yang diterbitkan balai (SPPT SNI, Batikmark, industri hijau), "
            "per kecamatan alamat pemegang, bulan terbit dan skema."
        ),
        columns=(
            *REGION_COLUMNS,
            Column("skema", "Skema sertifikasi", "string", "sppt_sni, batikmark, industri_hijau"),
            Column("jumlah", "Jumlah sertifikat", "integer", "Sertifikat; kosong bila 1–4"),
        ),
        rows=_certificate_rows,
        keywords=("sertifikasi", "sni", "batikmark"),
        order=20,
    )
)


def _directory_rows():
    from kriya.certification.queries import directory

    for c in directory(state="active"):
        products = "; ".join(p.name for p in c.products.all())
        yield (
            c.number,
            c.scheme.name_id,
            c.holder_name,
            c.business.regency_id,
            c.business.regency.name,
            c.business.district_id,
            c.business.district.name,
            products,
            c.issued_on,
            c.valid_until,
        )


register(
    Dataset(
        slug="direktori-produk-bersertifikat",
        title="Direktori produk bersertifikat",
        description=(
            "Sertifikat yang berlaku hari ini dengan pemegang, produk dan wilayahnya, seperti "
            "pada direktori publik balai (ISO/IEC 17065 klausul 7.8)."
        ),
        columns=(
            Column("nomor_sertifikat", "Nomor sertifikat", "string"),
            Column("skema", "Skema", "string"),
            Column("pemegang", "Pemegang sertifikat", "string"),
            Column("kode_kabupaten", "Kode kabupaten/kota", "string", "Kode Kepmendagri"),
            Column("nama_kabupaten", "Nama kabupaten/kota", "string"),
            Column("kode_kecamatan", "Kode kecamatan", "string", "Kode Kepmendagri"),
            Column("nama_kecamatan", "Nama kecamatan", "string"),
            Column("produk", "Produk", "string", "Dipisah titik koma"),
            Column("terbit", "Tanggal terbit", "date", "YYYY-MM-DD"),
            Column("berlaku_sampai", "Berlaku sampai", "date", "YYYY-MM-DD; kosong: tanpa batas"),
        ),
        rows=_directory_rows,
        keywords=("sertifikasi", "direktori", "produk"),
        frequency="harian",
        suppressed=False,
        order=30,
    )
)
