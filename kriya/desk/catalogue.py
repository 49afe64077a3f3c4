"""Seed the service catalogue from reference.yaml (`services`, `workflows`).

The yaml is the only source: a value it does not give stays empty, and what it gives
without confirmation is seeded as unconfirmed ("belum dikonfirmasi") for
administrators to check. Tariffs are not invented: PP 54/2021 was not published per
item, so services get no tariff items (the desk types the bill lines), except where the
yaml gives an example fee, seeded as an unconfirmed tariff item.

Loading is idempotent and never overwrites what an administrator edited: existing
services (by code) are left alone unless `update=True`.
"""

from __future__ import annotations

from django.db import transaction

from kriya.core import audit, pagecache
from kriya.core.reference import load_reference

from .models import Body, Service, ServiceDocument, TariffItem

# Names in both languages for the yaml's codes (the yaml gives one mixed name).
NAMES = {
    "pengujian": ("Pengujian", "Testing"),
    "kalibrasi": ("Kalibrasi di laboratorium atau di lokasi", "Calibration, in the lab or on site"),
    "sppt_sni": ("Sertifikasi produk SPPT SNI", "SPPT SNI product certification"),
    "batikmark": (
        "Sertifikasi Batikmark 'batik INDONESIA'",
        "Batikmark 'batik INDONESIA' certification",
    ),
    "industri_hijau": ("Sertifikasi Industri Hijau", "Green industry certification"),
    "pemeriksaan_halal": (
        "Pemeriksaan halal (audit LPH, jalur reguler)",
        "Halal inspection (LPH audit, regular route)",
    ),
    "sertifikasi_kompetensi": (
        "Sertifikasi kompetensi (BNSP, SKKNI batik)",
        "Competency certification (BNSP, SKKNI batik)",
    ),
    "pelatihan": ("Pelatihan teknis", "Technical training"),
    "pengiriman_instruktur": ("Pengiriman instruktur", "Instructor dispatch"),
    "magang": ("Magang", "Internship"),
    "konsultansi": ("Konsultansi (teknis, desain, HKI)", "Consulting (technical, design, IPR)"),
    "inkubasi": ("Inkubasi bisnis", "Business incubation"),
}

# What each service hands over, where the yaml or the service's own name says it.
OUTPUTS = {
    "pengujian": ("Sertifikat Hasil Uji (SHU)", "Test report (SHU)"),
    "kalibrasi": ("Sertifikat kalibrasi", "Calibration certificate"),
    "sppt_sni": ("Sertifikat SPPT SNI", "SPPT SNI certificate"),
    "batikmark": ("Sertifikat Batikmark", "Batikmark certificate"),
    "industri_hijau": ("Sertifikat Industri Hijau", "Green industry certificate"),
    "pemeriksaan_halal": ("Laporan hasil pemeriksaan halal", "Halal inspection report"),
    "sertifikasi_kompetensi": ("Sertifikat kompetensi", "Competency certificate"),
}

# Document names for the requirement codes of `workflows.batikmark_requirements`.
REQUIREMENT_NAMES = {
    "merek_terdaftar_atau_bukti_permohonan_DJKI": (
        "Sertifikat merek terdaftar atau bukti permohonan merek di DJKI",
        "Registered trademark certificate or DJKI application receipt",
    ),
    "KTP": ("KTP pemilik usaha", "Owner's identity card (KTP)"),
    "NIB": ("Nomor Induk Berusaha (NIB)", "Business identity number (NIB)"),
    "NPWP": ("NPWP", "Tax number (NPWP)"),
    "contoh_merek": ("Contoh merek/label", "Sample of the trademark/label"),
    "lulus_uji_mengkeret": (
        "Bukti lulus uji mengkeret (SHU)",
        "Test report showing the shrinkage test passed",
    ),
    "lulus_uji_luntur_gosokan_dan_pencucian": (
        "Bukti lulus uji tahan luntur warna terhadap gosokan dan pencucian (SHU)",
        "Test report showing colour fastness to rubbing and washing passed",
    ),
}

# What each service is, in plain words for an applicant (the yaml gives only a name).
DESCRIPTIONS = {
    "pengujian": (
        "Uji mutu kain dan produk batik di laboratorium balai, misalnya tahan luntur warna "
        "dan mengkeret. Hasilnya Sertifikat Hasil Uji untuk contoh yang Anda kirim.",
        "Quality testing of batik cloth and products in the agency's laboratory, such as "
        "colour fastness and shrinkage. You receive a test report for the sample you send.",
    ),
    "kalibrasi": (
        "Kalibrasi alat ukur di laboratorium balai atau di tempat Anda.",
        "Calibration of measuring instruments in the agency's laboratory or at your site.",
    ),
    "sppt_sni": (
        "Sertifikasi produk agar boleh memakai tanda SNI: audit, uji contoh, keputusan, "
        "lalu survailen berkala.",
        "Product certification for the SNI mark: audit, sample testing, a decision, then "
        "regular surveillance.",
    ),
    "batikmark": (
        "Sertifikasi Batikmark 'batik INDONESIA' yang menandai batik asli buatan Indonesia.",
        "Batikmark 'batik INDONESIA' certification, marking genuine Indonesian-made batik.",
    ),
    "industri_hijau": (
        "Sertifikasi bagi industri yang berproduksi hemat sumber daya dan ramah lingkungan.",
        "Certification for industries that produce efficiently and with care for the environment.",
    ),
    "pemeriksaan_halal": (
        "Pemeriksaan halal oleh Lembaga Pemeriksa Halal balai untuk sertifikat halal BPJPH.",
        "Halal inspection by the agency's halal inspection body, for a BPJPH halal certificate.",
    ),
    "sertifikasi_kompetensi": (
        "Uji kompetensi pembatik menurut SKKNI batik; sertifikatnya diterbitkan BNSP.",
        "Competency assessment of batik makers by the batik SKKNI; BNSP issues the certificate.",
    ),
    "pelatihan": (
        "Pelatihan teknis membatik dan produksi bagi perajin dan pekerjanya.",
        "Technical training in batik making and production for craftspeople and workers.",
    ),
    "pengiriman_instruktur": (
        "Instruktur balai datang melatih di tempat kelompok atau usaha Anda.",
        "An instructor of the agency trains at your group's or business's place.",
    ),
    "magang": (
        "Magang di balai untuk belajar proses dan mutu produksi batik.",
        "An internship at the agency to learn batik production and quality.",
    ),
    "konsultansi": (
        "Konsultasi teknis, desain dan hak kekayaan intelektual (merek, desain industri).",
        "Technical, design and intellectual-property advice (trademarks, industrial design).",
    ),
    "inkubasi": (
        "Pendampingan usaha baru agar siap tumbuh dan memasarkan produknya.",
        "Support for new businesses to grow and market their products.",
    ),
}

# The yaml's note on a service standard it gives as a range, in plain Indonesian.
STANDARD_NOTES = {
    "1–12 + 2 for the report (other balai's published standard)": (
        "perkiraan 1–12 hari kerja tergantung parameter uji, ditambah 2 hari kerja untuk "
        "laporan hasil uji"
    ),
}

# Services a regency government unit may file in its own name (a decision of Kriya, not
# of the yaml): an in-house training for the regency's craftspeople, an instructor sent
# to its programme, advice (e.g. registering the regency's batik motifs as communal IP).
# Desk services only (the model's constraint): testing and certification are about a
# business's products.
OPEN_TO_REGENCY_UNITS = frozenset({"pelatihan", "pengiriman_instruktur", "konsultansi"})

FEE_NAMES = {
    "type5": ("Sertifikasi SPPT SNI tipe 5", "SPPT SNI certification, type 5"),
    "surveillance": ("Survailen", "Surveillance"),
}

TARIFF_NOTE = "Tarif per item belum dikonfirmasi: PP 54/2021 tidak dipublikasikan per item."


def _slug(code: str) -> str:
    return code.lower().replace("_", "-")[:60]


def seed_catalogue(*, data: dict | None = None, update: bool = False, by=None) -> dict:
    """Create the services of reference.yaml; return counts {"created", "updated", "kept"}."""
    data = data if data is not None else load_reference()
    requirements = (data.get("workflows") or {}).get("batikmark_requirements") or []
    counts = {"created": 0, "updated": 0, "kept": 0}
    with transaction.atomic():
        for position, row in enumerate(data.get("services") or []):
            code = row["code"]
            existing = Service.objects.filter(code=code).first()
            if existing is not None and not update:
                counts["kept"] += 1
                continue
            name_id, name_en = NAMES.get(code, (row["name"], ""))
            output_id, output_en = OUTPUTS.get(code, (row.get("output") or "", ""))
            standard = row.get("service_standard_hk")
            notes = [TARIFF_NOTE]
            standard_days = standard if isinstance(standard, int) else None
            standard_note = "" if isinstance(standard, int) or standard is None else str(standard)
            standard_note = STANDARD_NOTES.get(standard_note, standard_note)
            if standard is None:
                notes.append("Standar pelayanan (hari kerja) belum ditetapkan.")
            elif standard_note:
                notes.append(f"Standar pelayanan belum dikonfirmasi: {standard_note}.")
            if row.get("verified") is False:
                notes.append("Data layanan ditandai belum terverifikasi di sumber.")
            body = row.get("body") if row.get("body") in Body.values else Body.DESK
            fields = {
                "name_id": name_id,
                "name_en": name_en,
                "description_id": DESCRIPTIONS.get(code, ("", ""))[0],
                "description_en": DESCRIPTIONS.get(code, ("", ""))[1],
                "body": body,
                "output_id": output_id,
                "output_en": output_en,
                "standard_days": standard_days,
                "standard_note": standard_note,
                "is_verified": False,
                "unverified_note": " ".join(notes),
                "position": position,
                "open_to_regency_units": code in OPEN_TO_REGENCY_UNITS and body == Body.DESK,
            }
            service, created = Service.objects.update_or_create(code=code, defaults=fields)
            counts["created" if created else "updated"] += 1
            if code == "batikmark":
                for index, requirement in enumerate(requirements):
                    doc_id, doc_en = REQUIREMENT_NAMES.get(requirement, (requirement, ""))
                    ServiceDocument.objects.update_or_create(
                        service=service,
                        code=_slug(requirement),
                        defaults={"name_id": doc_id, "name_en": doc_en, "position": index},
                    )
            fee = row.get("fee_example") or {}
            note = fee.get("note", "")
            for index, (key, amount) in enumerate(
                (k, v) for k, v in fee.items() if isinstance(v, int)
            ):
                TariffItem.objects.update_or_create(
                    service=service,
                    code=_slug(key),
                    defaults={
                        "name_id": FEE_NAMES.get(key, (key, ""))[0],
                        "name_en": FEE_NAMES.get(key, (key, ""))[1],
                        "unit": "layanan",
                        "amount": amount,
                        "is_verified": False,
                        "note": f"Belum dikonfirmasi — {note}"[:300],
                        "position": index,
                    },
                )
        audit.record(actor=by, verb="service_catalogue.seeded", data=counts)
        pagecache.bump("service")
    return counts
