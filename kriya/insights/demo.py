"""Demo: the cooperation agreement between DKUPP Kabupaten Probolinggo and the agency,
with targets for this year and the next (actuals come live from the other apps' demo
data); then the open datasets' stored files, so `make run` serves them at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# every app whose data it reads.
SEED_ORDER = 80

DEMO_NUMBER = "PKS.001/DEMO/{year}"
TARGETS = [
    # indicator, year value, per quarter
    ("usaha_terverifikasi", 40, (5, 10, 15, 10)),
    ("usaha_di_etalase", 30, (5, 8, 10, 7)),
    ("produk_diuji", 12, (2, 3, 4, 3)),
    ("usaha_bersertifikat_sni", 4, (None, 1, 2, 1)),
    ("usaha_bersertifikat_batikmark", 6, (1, 2, 2, 1)),
    ("permohonan_selesai", 50, (10, 12, 15, 13)),
    ("ikm", 85, (None, None, None, None)),
    # From training and events (their indicators.py).
    ("pemuda_dilatih", 40, (None, 12, 16, 12)),
    ("acara_terselenggara", 3, (None, 1, 1, 1)),
    ("omzet_acara", 150_000_000, (None, 50_000_000, 50_000_000, 50_000_000)),
]


def seed() -> None:
    _seed_agreement()
    # The open datasets' files, from everything seeded (the hourly job keeps them fresh).
    from . import snapshots

    snapshots.refresh_all()


def _seed_agreement() -> None:
    from kriya.accounts.demo import AGENCY, REGENCY_UNIT
    from kriya.accounts.models import Organisation

    from .models import CooperationAgreement, Target

    unit = Organisation.objects.filter(name=REGENCY_UNIT).first()
    agency = Organisation.objects.filter(name=AGENCY).first()
    if unit is None or agency is None or not unit.regency_id:
        return
    year = timezone.localdate().year
    number = DEMO_NUMBER.format(year=year)
    if CooperationAgreement.objects.filter(number=number).exists():
        return
    agreement = CooperationAgreement.objects.create(
        number=number,
        title="Pembinaan IKM batik dan kerajinan Kabupaten Probolinggo (demo)",
        regency_unit=unit,
        agency=agency,
        regency_id=unit.regency_id,
        signed_on=date(year, 1, 10),
        starts_on=date(year, 1, 1),
        ends_on=date(year + 1, 12, 31),
        is_demo=True,
    )
    for target_year in (year, year + 1):
        grow = 1 if target_year == year else Decimal("1.2")
        for key, value, quarters in TARGETS:
            Target.objects.create(
                agreement=agreement,
                year=target_year,
                indicator=key,
                value=(Decimal(value) * grow).quantize(Decimal(1)) if key != "ikm" else value,
                **{
                    f"q{n}": None if q is None else (Decimal(q) * grow).quantize(Decimal(1))
                    for n, q in enumerate(quarters, start=1)
                },
            )
