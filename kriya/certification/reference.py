"""Seed the certification schemes and their requirements from reference.yaml.

What the yaml gives is used as given: `certificate_validity` (years, and `verified:
false` → the validity stays marked "belum dikonfirmasi"), `batik_techniques` (the
standard and label colour per technique), `workflows.batikmark_requirements` and the
steps of `workflows.sppt_sni`, `workflows.batikmark` and `workflows.halal_regular`.
What ISO/IEC 17067 fixes for the SPPT SNI types (type 1b: a lot, no surveillance;
types 3 and 5: surveillance with factory sampling and an audit) is seeded as
confirmed. Everything else a scheme needs (a few application documents, the
surveillance of Batikmark and green industry) is seeded *unconfirmed* for an
administrator to check; nothing is presented as authoritative that the sources do not
say.

Loading is idempotent and never overwrites what an administrator edited: an existing
scheme (by code) and an existing requirement (by scheme and code) are kept unless
`update=True`. A scheme is linked to the service of the same code when the service
catalogue has it (run again after `load_services` to link).
"""

from __future__ import annotations

from django.db import transaction

from kriya.core import audit
from kriya.core.reference import load_reference
from kriya.desk.models import Body, Service

from .models import CertificationBody, Requirement, RequirementKind, Scheme

SPPT_VALIDITY_NOTE = "Masa berlaku 4 tahun, survailen paling sedikit setahun sekali."


def slug(code: str) -> str:
    """The services catalogue's slot code for a requirement (same rule as load_services)."""
    return code.lower().replace("_", "-")[:60]


# (code, kind, name_id, name_en, verified, note)
R = RequirementKind
DOC_NAMES = {
    "merek_terdaftar_atau_bukti_permohonan_DJKI": (
        "Sertifikat merek terdaftar atau bukti permohonan merek di DJKI",
        "Registered trademark certificate or DJKI application receipt",
    ),
    "KTP": ("KTP pemilik usaha", "Owner's identity card (KTP)"),
    "NIB": ("Nomor Induk Berusaha (NIB)", "Business identity number (NIB)"),
    "NPWP": ("NPWP", "Tax number (NPWP)"),
    "contoh_merek": ("Contoh merek/label", "Sample of the trademark/label"),
    "lulus_uji_mengkeret": (
        "Lulus uji perubahan dimensi (mengkeret)",
        "Passes the dimensional change (shrinkage) test",
    ),
    "lulus_uji_luntur_gosokan_dan_pencucian": (
        "Lulus uji tahan luntur warna terhadap gosokan dan pencucian",
        "Passes colour fastness to rubbing and washing",
    ),
}
TEST_REQUIREMENTS = {"lulus_uji_mengkeret", "lulus_uji_luntur_gosokan_dan_pencucian"}


def _batikmark_requirements(data: dict) -> list[tuple]:
    rows = []
    for code in (data.get("workflows") or {}).get("batikmark_requirements") or []:
        name_id, name_en = DOC_NAMES.get(code, (code.replace("_", " "), ""))
        kind = R.TEST if code in TEST_REQUIREMENTS else R.DOCUMENT
        rows.append((slug(code), kind, name_id, name_en, True, "Permenperin 74/M-IND/PER/9/2007"))
    if "pengambilan_contoh_di_lokasi" in (data.get("workflows") or {}).get("batikmark", []):
        rows.append(
            (
                "pengambilan-contoh-di-lokasi",
                R.AUDIT,
                "Pengambilan contoh di lokasi produksi",
                "Sampling at the production site",
                True,
                "Alur layanan Batikmark balai",
            )
        )
    return rows


UNCONFIRMED_DOC = "Belum dikonfirmasi dari sumber resmi; periksa sebelum dipakai."


def _sppt_requirements(kind_type: str) -> list[tuple]:
    rows = [
        ("surat-permohonan", R.DOCUMENT, "Surat permohonan sertifikasi", "Application letter"),
        ("nib", R.DOCUMENT, "Nomor Induk Berusaha (NIB)", "Business identity number (NIB)"),
        (
            "merek-terdaftar-atau-bukti-permohonan-djki",
            R.DOCUMENT,
            "Sertifikat merek terdaftar atau bukti permohonan merek di DJKI",
            "Registered trademark certificate or DJKI application receipt",
        ),
    ]
    rows = [(*r, False, UNCONFIRMED_DOC) for r in rows]
    if kind_type == "5":
        rows.append(
            (
                "dokumen-sistem-mutu",
                R.DOCUMENT,
                "Dokumen sistem manajemen mutu (manual mutu, prosedur)",
                "Quality management system documents",
                True,
                "ISO/IEC 17067 tipe 5: penilaian sistem mutu",
            )
        )
    rows.append(
        (
            "uji-sni-produk",
            R.TEST,
            "Contoh lulus uji sesuai SNI produk",
            "Samples pass the tests of the product's SNI",
            True,
            "Alur SPPT SNI balai: uji laboratorium",
        )
    )
    if kind_type == "1b":
        rows.append(
            (
                "pengambilan-contoh-lot",
                R.AUDIT,
                "Pengambilan contoh dari lot/partai yang disertifikasi",
                "Sampling from the certified lot",
                True,
                "ISO/IEC 17067 tipe 1b",
            )
        )
    else:
        rows += [
            (
                "audit-tahap-1",
                R.AUDIT,
                "Audit tahap 1",
                "Stage 1 audit",
                True,
                "Alur SPPT SNI balai",
            ),
            (
                "audit-tahap-2-dan-pengambilan-contoh",
                R.AUDIT,
                "Audit tahap 2 dan pengambilan contoh",
                "Stage 2 audit and sampling",
                True,
                "Alur SPPT SNI balai",
            ),
        ]
    return rows


GREEN_REQUIREMENTS = [
    ("surat-permohonan", R.DOCUMENT, "Surat permohonan sertifikasi", "Application letter"),
    ("nib", R.DOCUMENT, "Nomor Induk Berusaha (NIB)", "Business identity number (NIB)"),
    (
        "data-bahan-energi-air-limbah",
        R.DOCUMENT,
        "Data penggunaan bahan baku, energi, air dan pengelolaan limbah",
        "Data on raw material, energy and water use and waste management",
    ),
    (
        "verifikasi-lapangan",
        R.AUDIT,
        "Verifikasi lapangan terhadap SIH 13134:2023",
        "On-site verification against SIH 13134:2023",
    ),
]

HALAL_REQUIREMENTS = [
    ("sttd", R.DOCUMENT, "STTD (Surat Tanda Terima Dokumen) dari BPJPH", "BPJPH document receipt (STTD)", True, "Alur halal reguler BPJPH"),
    ("daftar-bahan", R.DOCUMENT, "Daftar bahan dan produk", "List of materials and products", False, UNCONFIRMED_DOC),
    ("diagram-alir-proses", R.DOCUMENT, "Diagram alir proses produksi", "Production process flow chart", False, UNCONFIRMED_DOC),
    ("audit-lph", R.AUDIT, "Audit LPH di lokasi produksi", "LPH audit at the production site", True, "Alur halal reguler BPJPH"),
]  # fmt: skip


def scheme_rows(data: dict) -> list[dict]:
    """The schemes as field dicts (with a `requirements` list), from the yaml."""
    validity = data.get("certificate_validity") or {}
    techniques = data.get("batik_techniques") or {}
    technique_standards = {
        code: row["sni"]
        for code, row in techniques.items()
        if row.get("sni") and code != "printing"
    }

    def years(key):
        row = validity.get(key) or {}
        return row.get("years"), row.get("verified", True) is not False, row.get("note", "")

    sppt_years, sppt_ok, _n = years("sppt_sni")
    bm_years, bm_ok, _n = years("batikmark")
    green_years, green_ok, _n = years("industri_hijau")
    halal_years, halal_ok, halal_note = years("halal")

    rows = []
    for position, (kind_type, name_en_type) in enumerate(
        [("1b", "type 1b"), ("3", "type 3"), ("5", "type 5")]
    ):
        lot = kind_type == "1b"
        rows.append(
            {
                "code": f"sppt-sni-{kind_type}",
                "kind": "sppt_sni",
                "certification_type": kind_type,
                "name_id": f"SPPT SNI tipe {kind_type}",
                "name_en": f"SPPT SNI {name_en_type}",
                "description_id": (
                    "Sertifikat Produk Penggunaan Tanda SNI. "
                    + (
                        "Tipe 1b: pengujian contoh dari satu lot; sertifikat untuk lot itu, "
                        "tanpa survailen."
                        if lot
                        else "Tipe 3: pengujian dan penilaian proses produksi; survailen "
                        "dengan contoh dari lokasi produksi dan audit."
                        if kind_type == "3"
                        else "Tipe 5: pengujian, penilaian proses produksi dan sistem mutu; "
                        "survailen dengan contoh dari lokasi produksi dan/atau pasar dan audit."
                    )
                ),
                "service_code": "sppt_sni",
                "body": "LSPRO",
                "standard": "SNI produk sesuai lingkup",
                "technique_standards": technique_standards,
                "issues_certificate": True,
                "number_format": "LSPro/SNI-{type}/{seq:04d}/{year}",
                "validity_years": sppt_years,
                "validity_verified": sppt_ok,
                "validity_note": SPPT_VALIDITY_NOTE,
                "surveillance_months": None if lot else 12,
                "surveillance_audit": not lot,
                "surveillance_sampling": not lot,
                "surveillance_verified": True,
                "surveillance_note": (
                    "ISO/IEC 17067 tipe 1b: tanpa survailen."
                    if lot
                    else "Paling sedikit setahun sekali."
                ),
                "source": "ISO/IEC 17067",
                "position": position,
                "requirements": _sppt_requirements(kind_type),
            }
        )
    rows.append(
        {
            "code": "batikmark",
            "kind": "batikmark",
            "certification_type": "",
            "name_id": "Batikmark 'batik INDONESIA'",
            "name_en": "Batikmark 'batik INDONESIA'",
            "description_id": (
                "Tanda batik INDONESIA: label emas untuk batik tulis, putih untuk batik cap, "
                "perak untuk batik kombinasi. Tiruan batik/printing tidak dapat memperoleh "
                "Batikmark."
            ),
            "service_code": "batikmark",
            "body": "LSPRO",
            "standard": "SNI 0239:2019",
            "technique_standards": technique_standards,
            "issues_certificate": True,
            "number_format": "LSPro/BM/{seq:04d}/{year}",
            "validity_years": bm_years,
            "validity_verified": bm_ok,
            "validity_note": "" if bm_ok else "Masa berlaku 3 tahun belum dikonfirmasi.",
            "surveillance_months": None,
            "surveillance_audit": False,
            "surveillance_sampling": False,
            "surveillance_verified": False,
            "surveillance_note": "Frekuensi survailen tidak disebut sumber publik; isi bila sudah ditetapkan.",
            "source": "Permenperin 74/M-IND/PER/9/2007",
            "position": 3,
            "requirements": _batikmark_requirements(data),
        }
    )
    rows.append(
        {
            "code": "industri-hijau",
            "kind": "industri_hijau",
            "certification_type": "",
            "name_id": "Sertifikasi Industri Hijau (SIH 13134:2023 Industri Batik)",
            "name_en": "Green industry certification (SIH 13134:2023 batik industry)",
            "description_id": "Standar Industri Hijau untuk industri batik (Permenperin 10/2023).",
            "service_code": "industri_hijau",
            "body": "LSIH",
            "standard": "SIH 13134:2023",
            "technique_standards": {},
            "issues_certificate": True,
            "number_format": "LSIH/SIH/{seq:04d}/{year}",
            "validity_years": green_years,
            "validity_verified": green_ok,
            "validity_note": "" if green_ok else "Masa berlaku 4 tahun belum dikonfirmasi.",
            "surveillance_months": None,
            "surveillance_audit": False,
            "surveillance_sampling": False,
            "surveillance_verified": False,
            "surveillance_note": "Frekuensi survailen belum dikonfirmasi (Permenperin 39/2018).",
            "source": "Permenperin 39/2018; Permenperin 10/2023",
            "position": 4,
            "requirements": [(*r, False, UNCONFIRMED_DOC) for r in GREEN_REQUIREMENTS],
        }
    )
    rows.append(
        {
            "code": "pemeriksaan-halal",
            "kind": "halal",
            "certification_type": "",
            "name_id": "Pemeriksaan halal oleh LPH (jalur reguler)",
            "name_en": "Halal inspection by the LPH (regular route)",
            "description_id": (
                "LPH balai memeriksa dan menyusun laporan hasil pemeriksaan. Fatwa ditetapkan "
                "MUI/Komite Fatwa dan sertifikat halal (SH) diterbitkan BPJPH; Kriya mencatat "
                "hasil dan nomornya."
            ),
            "service_code": "pemeriksaan_halal",
            "body": "LPH",
            "standard": "UU 33/2014 jo. UU 6/2023; PP 42/2024",
            "technique_standards": {},
            "issues_certificate": False,
            "number_format": "LPH/LHP/{seq:04d}/{year}",
            "validity_years": halal_years,
            "validity_verified": halal_ok,
            "validity_note": "Sertifikat halal berlaku selama komposisi dan proses tidak berubah.",
            "surveillance_months": None,
            "surveillance_audit": False,
            "surveillance_sampling": False,
            "surveillance_verified": True,
            "surveillance_note": "Tidak ada survailen oleh LPH.",
            "source": "UU 33/2014 jo. UU 6/2023; PP 42/2024",
            "position": 5,
            "requirements": HALAL_REQUIREMENTS,
        }
    )
    return rows


def seed_schemes(*, data: dict | None = None, update: bool = False, by=None) -> dict:
    """Create the schemes of reference.yaml; return counts {"created", "updated", "kept",
    "linked"}. Links each scheme without a service to the service of its code."""
    data = data if data is not None else load_reference()
    counts = {"created": 0, "updated": 0, "kept": 0, "linked": 0}
    with transaction.atomic():
        for row in scheme_rows(data):
            row = dict(row)
            requirements = row.pop("requirements")
            service_code = row.pop("service_code")
            scheme = Scheme.objects.filter(code=row["code"]).first()
            if scheme is None or update:
                scheme, created = Scheme.objects.update_or_create(code=row["code"], defaults=row)
                counts["created" if created else "updated"] += 1
            else:
                counts["kept"] += 1
            if scheme.service_id is None:
                service = Service.objects.filter(code=service_code).first()
                if service is not None:
                    scheme.service = service
                    scheme.save(update_fields=["service", "updated_at"])
                    counts["linked"] += 1
            for position, (code, kind, name_id, name_en, verified, note) in enumerate(requirements):
                exists = Requirement.objects.filter(scheme=scheme, code=code).exists()
                if exists and not update:
                    continue
                Requirement.objects.update_or_create(
                    scheme=scheme,
                    code=code,
                    defaults={
                        "kind": kind,
                        "name_id": name_id,
                        "name_en": name_en,
                        "is_verified": verified,
                        "note": note,
                        "position": position,
                    },
                )
        audit.record(actor=by, verb="certification.schemes_seeded", data=counts)
    return counts


def seed_bodies(*, data: dict | None = None, update: bool = False, by=None) -> dict:
    """Create the certification bodies named in reference.yaml (`first_deployment.agency.
    bodies`, those the desk knows): name, the agency's address, and the accreditation
    number where the yaml gives one. An existing body is kept unless `update`.
    Signatories and the accreditation mark are not in the yaml: an administrator enters
    them."""
    data = data if data is not None else load_reference()
    agency = (data.get("first_deployment") or {}).get("agency") or {}
    counts = {"created": 0, "updated": 0, "kept": 0}
    with transaction.atomic():
        for row in agency.get("bodies") or []:
            if row.get("code") not in Body.values:
                continue
            exists = CertificationBody.objects.filter(code=row["code"]).exists()
            if exists and not update:
                counts["kept"] += 1
                continue
            _, created = CertificationBody.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row.get("name") or row["code"],
                    "address": agency.get("address") or "",
                    "accreditation_number": row.get("accreditation") or "",
                },
            )
            counts["created" if created else "updated"] += 1
        audit.record(actor=by, verb="certification.bodies_seeded", data=counts)
    return counts
