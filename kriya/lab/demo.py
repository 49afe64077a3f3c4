"""Demo data for `make run`, marked as demo: the reference data from reference.yaml
and a few instruments whose calibrations are valid, about to expire and expired."""

from datetime import timedelta

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Instrument

# (code, name, needs calibration, days from today the calibration ends; None = never)
INSTRUMENTS = [
    ("DEMO-LP-01", "Launder-Ometer (uji luntur pencucian)", True, 300),
    ("DEMO-CR-01", "Crockmeter (uji luntur gosokan)", True, 20),
    ("DEMO-XE-01", "Xenon arc fade-ometer (uji luntur cahaya)", True, -10),
    ("DEMO-LB-01", "Kabinet penilaian warna (light box)", True, 200),
    ("DEMO-MT-01", "Pita ukur dan templat mengkeret", False, None),
]


def load_reference_data() -> dict | None:
    path = settings.SHARED_DATA_DIR / "reference.yaml"
    if not path.is_file():
        return None
    return services.load_reference(data=yaml.safe_load(path.read_text(encoding="utf-8")))


@transaction.atomic
def seed() -> None:
    """Idempotent: reference rows and demo instruments are created only when missing."""
    load_reference_data()
    today = timezone.localdate()
    for code, name, needs_calibration, days in INSTRUMENTS:
        instrument, created = Instrument.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "needs_calibration": needs_calibration,
                "location": "Laboratorium uji tekstil (demo)",
                "is_demo": True,
            },
        )
        if created and days is not None:
            valid_until = today + timedelta(days=days)
            services.record_calibration(
                instrument=instrument,
                calibrated_on=valid_until - timedelta(days=365),
                valid_until=valid_until,
                certificate_number=f"DEMO/KAL/{code}",
                calibrated_by="Laboratorium kalibrasi (demo)",
                by=None,
            )
