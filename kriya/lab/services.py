"""Every write of the laboratory. Each function runs in a transaction and ends with an
audit event; views, the API, the admin and commands call these."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kriya.core import audit

from . import reference
from .models import (
    Calibration,
    Instrument,
    Parameter,
    Specification,
    Standard,
    StandardVersion,
    TestMethod,
)


@transaction.atomic
def load_reference(*, data: dict, by=None) -> dict[str, int]:
    """Create the standards, methods, parameters and unset limits named in reference
    data. Idempotent: rows that exist (matched by code) are left as an administrator
    edited them; only missing rows are created. Returns how many of each were created."""
    ref = reference.parse(data)
    created = {"standards": 0, "versions": 0, "methods": 0, "parameters": 0, "specifications": 0}
    versions: dict[tuple[str, str], StandardVersion] = {}
    for item in ref.standards:
        standard, new = Standard.objects.get_or_create(
            code=item.number, defaults={"title": item.title, "verified": item.verified}
        )
        created["standards"] += new
        version, new = StandardVersion.objects.get_or_create(
            standard=standard,
            version=item.version,
            defaults={"title": item.title, "verified": item.verified},
        )
        created["versions"] += new
        versions[(item.number, item.version)] = version

    methods: dict[str, TestMethod] = {}
    for item in ref.methods:
        method, new = TestMethod.objects.get_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "reference": item.reference,
                "standard_version": versions.get(item.standard) if item.standard else None,
                "verified": item.verified,
            },
        )
        created["methods"] += new
        methods[item.code] = method

    parameters: dict[str, Parameter] = {}
    for item in ref.parameters:
        parameter, new = Parameter.objects.get_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "method": methods[item.method],
                "scale": item.scale,
                "unit": item.unit,
                "position": item.position,
                "verified": item.verified,
                "note": item.note,
            },
        )
        created["parameters"] += new
        parameters[item.code] = parameter

    for item in ref.specifications:
        _spec, new = Specification.objects.get_or_create(
            standard_version=versions[item.standard],
            parameter=parameters[item.parameter],
            defaults={"verified": False, "note": reference.UNSET_LIMIT_NOTE},
        )
        created["specifications"] += new

    audit.record(actor=by, verb="lab.reference_loaded", data=created)
    return created


@transaction.atomic
def record_calibration(
    *,
    instrument: Instrument,
    calibrated_on: date,
    valid_until: date,
    certificate_number: str,
    calibrated_by: str = "",
    document=None,
    by,
) -> Calibration:
    """Add a calibration record to an instrument. Records are never changed: a
    correction is a new record (the latest `valid_until` counts)."""
    calibration = Calibration(
        instrument=instrument,
        calibrated_on=calibrated_on,
        valid_until=valid_until,
        certificate_number=certificate_number.strip(),
        calibrated_by=calibrated_by.strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if document is not None:
        calibration.document = document
    calibration.full_clean()
    calibration.save()
    audit.record(
        actor=by,
        verb="lab.calibration_recorded",
        obj=instrument,
        data={
            "certificate": calibration.certificate_number,
            "calibrated_on": calibrated_on.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    return calibration
