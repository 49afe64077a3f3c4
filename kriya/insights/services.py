"""Writes of the insights app — its own records only (the programme); it never writes
to another app."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kriya.core import audit

from . import indicators
from .access import can_edit_targets
from .models import CooperationAgreement, Target


def record_target(
    *, agreement: CooperationAgreement, year: int, indicator: str, value, quarters=(), by
) -> Target:
    """Add or change the target of one indicator for one year of the agreement."""
    if not can_edit_targets(by, agreement):
        raise PermissionDenied
    errors = {}
    if indicators.get(indicator) is None:
        errors["indicator"] = _("Pilih indikator dari daftar.")
    if year not in agreement.years:
        errors["year"] = _("Tahun di luar masa berlaku perjanjian.")
    if value is None or value < 0:
        errors["value"] = _("Isi target dengan angka nol atau lebih.")
    quarters = list(quarters) + [None] * (4 - len(quarters))
    if any(q is not None and q < 0 for q in quarters):
        errors["q1"] = _("Target triwulan tidak boleh negatif.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        target, created = Target.objects.update_or_create(
            agreement=agreement,
            year=year,
            indicator=indicator,
            defaults={
                "value": value,
                "q1": quarters[0],
                "q2": quarters[1],
                "q3": quarters[2],
                "q4": quarters[3],
            },
        )
        audit.record(
            actor=by,
            verb="insights.target_recorded" if created else "insights.target_changed",
            obj=agreement,
            data={
                "target": target.pk,
                "year": year,
                "indicator": indicator,
                "value": str(value),
                "quarters": [None if q is None else str(q) for q in quarters],
            },
        )
    return target


def record_agreement(*, by, regency_unit, agency, **fields) -> CooperationAgreement:
    """Record a cooperation agreement (the administrator, or the head of the agency)."""
    from kriya.accounts.access import has_role
    from kriya.accounts.models import Role

    if not has_role(by, Role.HEAD, Role.ADMINISTRATOR):
        raise PermissionDenied
    agreement = CooperationAgreement(
        regency_unit=regency_unit, agency=agency, regency_id=regency_unit.regency_id, **fields
    )
    agreement.full_clean()
    with transaction.atomic():
        agreement.save()
        audit.record(
            actor=by,
            verb="insights.agreement_recorded",
            obj=agreement,
            data={"number": agreement.number, "regency": agreement.regency_id},
        )
    return agreement
