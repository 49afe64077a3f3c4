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

Later apps add datasets with `register(Dataset(...))` in their `opendata.py`.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max
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
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_ID = "cc-by"
LICENCE_TITLE = "Creative Commons Attribution 4.0 (CC BY 4.0)"
REGION_CODES = "Kode dan data wilayah administrasi pemerintahan (Kepmendagri), edisi 2025"
FORMATS = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def table(dataset: Dataset) -> tuple[list[str], list[list]]:
    """The header and the rows as published: suppressed counts empty, with a note column."""
    header = [c.name for c in dataset.columns]
    index = header.index(dataset.count_column) if dataset.suppressed else None
    with_count = [header.index(name) for name in dataset.suppressed_with_count]
    rows = []
    for row in dataset.rows():
        row = [_plain(v) for v in row]
        if index is not None:
            original = row[index]
            row[index] = suppress(original)
            if row[index] is None:
                for other in with_count:
                    row[other] = None
            row.append(SUPPRESSED_NOTE if row[index] is None and original else "")
        rows.append(row)
    if index is not None:
        header.append("keterangan")
    return header, rows


def _plain(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_csv(dataset: Dataset) -> str:
    header, rows = table(dataset)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def as_json(dataset: Dataset, base_url: str) -> str:
    header, rows = table(dataset)
    return json.dumps(
        {
            "metadata": metadata(dataset, base_url),
            "data": [dict(zip(header, row, strict=True)) for row in rows],
        },
        ensure_ascii=False,
        indent=1,
    )


def as_xlsx(dataset: Dataset, base_url: str) -> bytes:
    from openpyxl import Workbook

    header, rows = table(dataset)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    meta = book.create_sheet("metadata")
    for key, value in metadata(dataset, base_url).items():
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        meta.append([key, value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Metadata, the DCAT catalogue and CKAN ------------------------------------------------


def publisher() -> dict:
    return {
        "name": settings.KRIYA_AGENCY_FULL_NAME or settings.KRIYA_AGENCY_NAME,
        "email": settings.KRIYA_AGENCY_EMAIL,
        "url": settings.KRIYA_AGENCY_WEBSITE,
    }


def _modified(dataset: Dataset) -> date:
    return dataset.modified() or timezone.localdate()


def distribution_url(base_url: str, dataset: Dataset, fmt: str) -> str:
    return f"{base_url}/data/{dataset.slug}.{fmt}"


def metadata(dataset: Dataset, base_url: str) -> dict:
    return {
        "judul": dataset.title,
        "deskripsi": dataset.description,
        "produsen_data": publisher()["name"],
        "kontak": publisher()["email"],
        "lisensi": LICENCE_TITLE,
        "lisensi_url": LICENCE_URL,
        "frekuensi": dataset.frequency,
        "diperbarui": _modified(dataset).isoformat(),
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
        "halaman": f"{base_url}/data/{dataset.slug}/",
    }


def catalogue(base_url: str) -> dict:
    """The DCAT-AP catalogue as JSON-LD."""
    pub = publisher()
    datasets = []
    for d in all_datasets():
        modified = _modified(d).isoformat()
        datasets.append(
            {
                "@id": f"{base_url}/data/{d.slug}/",
                "@type": "dcat:Dataset",
                "dct:identifier": d.slug,
                "dct:title": {"@value": d.title, "@language": "id"},
                "dct:description": {"@value": d.description, "@language": "id"},
                "dct:publisher": {"@id": f"{base_url}/#penerbit"},
                "dct:modified": {"@value": modified, "@type": "xsd:date"},
                "dct:accrualPeriodicity": {
                    "@id": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
                },
                "dct:spatial": {"@id": f"{base_url}/wilayah/", "dct:title": REGION_CODES},
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:endDate": {"@value": modified, "@type": "xsd:date"},
                },
                "dct:license": {"@id": LICENCE_URL},
                "dcat:keyword": list(d.keywords),
                "dcat:theme": d.theme,
                "dcat:landingPage": {"@id": f"{base_url}/data/{d.slug}/"},
                "dcat:distribution": [
                    {
                        "@id": distribution_url(base_url, d, fmt),
                        "@type": "dcat:Distribution",
                        "dct:title": f"{d.title} ({fmt.upper()})",
                        "dct:format": fmt.upper(),
                        "dcat:mediaType": media,
                        "dcat:accessURL": {"@id": distribution_url(base_url, d, fmt)},
                        "dcat:downloadURL": {"@id": distribution_url(base_url, d, fmt)},
                        "dct:license": {"@id": LICENCE_URL},
                        "dct:modified": {"@value": modified, "@type": "xsd:date"},
                    }
                    for fmt, media in FORMATS.items()
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "dcat:keyword": {"@container": "@set"},
        },
        "@id": f"{base_url}/data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": f"Data terbuka {settings.KRIYA_SITE_NAME}", "@language": "id"},
        "dct:description": {
            "@value": "Data agregat usaha kerajinan dan batik, sertifikasi dan layanan balai.",
            "@language": "id",
        },
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/IND"},
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": f"{base_url}/data/"},
        "dct:publisher": {
            "@id": f"{base_url}/#penerbit",
            "@type": "foaf:Organization",
            "foaf:name": pub["name"],
            "foaf:mbox": pub["email"],
        },
        "dcat:dataset": datasets,
    }


def ckan_package(dataset: Dataset, base_url: str) -> dict:
    modified = _modified(dataset).isoformat()
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
        "url": f"{base_url}/data/{dataset.slug}/",
        "state": "active",
        "type": "dataset",
        "private": False,
        "tags": [{"name": k} for k in dataset.keywords],
        "extras": [
            {"key": "frequency", "value": dataset.frequency},
            {"key": "spatial_codes", "value": REGION_CODES},
        ],
        "num_resources": len(FORMATS),
        "resources": [
            {
                "id": f"{dataset.slug}-{fmt}",
                "package_id": dataset.slug,
                "name": f"{dataset.title} ({fmt.upper()})",
                "format": fmt.upper(),
                "mimetype": media,
                "url": distribution_url(base_url, dataset, fmt),
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


def _business_modified():
    from kriya.registry.models import Business

    value = Business.objects.aggregate(m=Max("updated_at"))["m"]
    return timezone.localtime(value).date() if value else None


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
        modified=_business_modified,
        keywords=("umkm", "ikm", "kerajinan", "batik", "usaha"),
        kinds=("business",),
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


def _certificate_modified():
    from kriya.certification.models import Certificate

    value = Certificate.objects.aggregate(m=Max("updated_at"))["m"]
    return timezone.localtime(value).date() if value else None


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
        modified=_certificate_modified,
        keywords=("sertifikasi", "sni", "batikmark"),
        kinds=("certificate",),
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
        modified=_certificate_modified,
        keywords=("sertifikasi", "direktori", "produk"),
        frequency="harian",
        suppressed=False,
        kinds=("certificate", "business"),
        order=30,
    )
)
