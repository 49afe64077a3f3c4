"""Sponsorship (fasilitasi): a regency recommends a request of a business in its regency
and pays for it from a programme with a quota ("Fasilitasi sertifikasi halal 2026: 100
usaha").

The quota is never exceeded, also when officers sponsor at the same moment:
`sponsor_request` locks the request and then the programme row (`select_for_update`),
counts the programme's active sponsorships inside that transaction and refuses when the
quota is used up; the count is written to `Programme.used` in the same transaction, and
the database refuses `used > quota` (check constraint `programme_quota`) should any code
path ever forget the lock. Locks are always taken request first, programme second (also
when a cancelled request releases its place), so two transactions cannot deadlock.

Billing: a sponsored request's PNBP bill is addressed to the programme's regency unit
(`Bill.sponsorship`, `Bill.payer_name`); one of the unit's regency officers uploads the
payment proof and the desk confirms it as for any bill. See docs/services.md.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.models import Organisation
from kriya.core import audit

from .access import (
    SPONSORABLE,
    can_recommend,
    can_sponsor,
    can_withdraw_sponsorship,
    officer_unit_ids,
)
from .models import Programme, Recommendation, Service, ServiceRequest, Sponsorship
from .notifications import notify


def create_programme(
    *,
    unit: Organisation,
    name: str,
    services,
    starts_on: date,
    ends_on: date,
    quota: int,
    by,
    description: str = "",
    is_demo: bool = False,
) -> Programme:
    """A regency officer opens a programme of their unit that funds `services` for
    `quota` businesses between `starts_on` and `ends_on`."""
    if unit.pk not in officer_unit_ids(by):
        raise PermissionDenied(_("Hanya petugas perangkat daerah ini yang dapat membuat program."))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Nama program wajib diisi.")
    services = list(services or ())
    if not services:
        errors["services"] = _("Pilih paling sedikit satu layanan.")
    if quota is None or int(quota) < 1:
        errors["quota"] = _("Kuota paling sedikit 1 usaha.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.create(
            unit=unit,
            name=name[:200],
            description=(description or "").strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            quota=int(quota),
            created_by=by,
            is_demo=is_demo,
        )
        programme.services.set(services)
        audit.record(
            actor=by,
            verb="programme.created",
            obj=programme,
            data={
                "unit": unit.pk,
                "quota": programme.quota,
                "services": [s.code for s in services if isinstance(s, Service)],
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return programme


def _officer_unit_for(user, request: ServiceRequest) -> Organisation:
    unit = (
        Organisation.objects.filter(
            pk__in=officer_unit_ids(user), regency_id=request.business.regency_id
        )
        .order_by("pk")
        .first()
    )
    if unit is None:
        raise PermissionDenied(
            _("Hanya petugas kabupaten/kota usaha ini yang dapat merekomendasikan.")
        )
    return unit


def _recommend(request: ServiceRequest, unit: Organisation, note: str, by) -> Recommendation:
    recommendation = Recommendation.objects.create(
        request=request, unit=unit, note=note, recommended_by=by
    )
    audit.record(
        actor=by,
        verb="service_request.recommended",
        obj=request,
        data={"recommendation": recommendation.pk, "unit": unit.name, "note": note},
    )
    return recommendation


def recommend_request(*, request: ServiceRequest, note: str, by) -> Recommendation:
    """A regency officer recommends a request of a business in their regency (once per
    unit). The desk sees the recommendation on the request."""
    if not can_recommend(by, request):
        raise PermissionDenied(_("Anda tidak dapat merekomendasikan permohonan ini sekarang."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Isi rekomendasi wajib diisi.")})
    unit = _officer_unit_for(by, request)
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in SPONSORABLE:
            raise ValidationError(_("Permohonan ini tidak dapat direkomendasikan lagi."))
        if Recommendation.objects.filter(request=locked, unit=unit).exists():
            raise ValidationError(_("Perangkat daerah Anda sudah merekomendasikan permohonan ini."))
        recommendation = _recommend(locked, unit, note, by)
        transaction.on_commit(
            lambda: notify(request=locked, event="service_request.recommended", by=by)
        )
    return recommendation


def sponsor_request(
    *, request: ServiceRequest, programme: Programme, by, note: str = ""
) -> Sponsorship:
    """Pay for `request` from `programme`: the programme must be open today, belong to
    one of the officer's units in the business's regency and fund the request's service;
    a request has one active sponsorship, a business one per programme; the quota is
    never exceeded (see the module's docstring). Records the unit's recommendation too,
    when it has none yet."""
    if not can_sponsor(by, request):
        raise PermissionDenied(_("Anda tidak dapat mendanai permohonan ini sekarang."))
    if programme.unit_id not in officer_unit_ids(by):
        raise PermissionDenied(_("Program ini bukan milik perangkat daerah Anda."))
    note = (note or "").strip()
    try:
        with transaction.atomic():
            # Request first, programme second: the order every writer here follows.
            locked = (
                ServiceRequest.objects.select_for_update(of=("self",))
                .select_related("business", "service")
                .get(pk=request.pk)
            )
            locked_programme = (
                Programme.objects.select_for_update(of=("self",))
                .select_related("unit")
                .get(pk=programme.pk)
            )
            _check_sponsorship(locked, locked_programme)
            used = Sponsorship.objects.active().filter(programme=locked_programme).count()
            if used >= locked_programme.quota:
                raise ValidationError(
                    {
                        "programme": _("Kuota program %(name)s sudah habis (%(quota)d usaha).")
                        % {"name": locked_programme.name, "quota": locked_programme.quota}
                    }
                )
            sponsorship = Sponsorship.objects.create(
                programme=locked_programme,
                request=locked,
                business=locked.business,
                sponsored_by=by,
            )
            # F() + 1: the check constraint (used <= quota) guards even a forgotten lock.
            Programme.objects.filter(pk=locked_programme.pk).update(used=F("used") + 1)
            if not Recommendation.objects.filter(
                request=locked, unit=locked_programme.unit
            ).exists():
                _recommend(
                    locked,
                    locked_programme.unit,
                    note or _("Didanai melalui %(name)s.") % {"name": locked_programme.name},
                    by,
                )
            audit.record(
                actor=by,
                verb="service_request.sponsored",
                obj=locked,
                data={
                    "sponsorship": sponsorship.pk,
                    "programme": locked_programme.pk,
                    "programme_name": locked_programme.name,
                    "unit": locked_programme.unit.name,
                    "used": used + 1,
                    "quota": locked_programme.quota,
                },
            )
            transaction.on_commit(
                lambda: notify(
                    request=locked,
                    event="service_request.sponsored",
                    by=by,
                    data={"programme_name": locked_programme.name},
                )
            )
    except IntegrityError:
        # The constraints speak only when a concurrent writer slipped past the checks.
        raise ValidationError(
            {"programme": _("Permohonan ini tidak dapat didanai dari program ini.")}
        ) from None
    return sponsorship


def _check_sponsorship(request: ServiceRequest, programme: Programme) -> None:
    if request.status not in SPONSORABLE:
        raise ValidationError(_("Permohonan ini tidak dapat didanai lagi (tagihan sudah terbit)."))
    if programme.unit.regency_id != request.business.regency_id:
        raise ValidationError({"programme": _("Program ini untuk kabupaten/kota lain.")})
    if not programme.is_open_on(timezone.localdate()):
        raise ValidationError({"programme": _("Program ini tidak sedang berjalan.")})
    if not programme.services.filter(pk=request.service_id).exists():
        raise ValidationError({"programme": _("Program ini tidak mendanai layanan ini.")})
    if Sponsorship.objects.active().filter(request=request).exists():
        raise ValidationError(_("Permohonan ini sudah didanai program."))
    if (
        Sponsorship.objects.active()
        .filter(programme=programme, business=request.business_id)
        .exists()
    ):
        raise ValidationError(
            {"programme": _("Usaha ini sudah didanai program ini melalui permohonan lain.")}
        )


def _release(sponsorship: Sponsorship, *, by, reason: str) -> None:
    """Give the place back to the programme (caller holds the request's lock)."""
    programme = Programme.objects.select_for_update().get(pk=sponsorship.programme_id)
    sponsorship.released_at = timezone.now()
    sponsorship.released_by = by if getattr(by, "is_authenticated", False) else None
    sponsorship.release_reason = reason
    sponsorship.save(update_fields=["released_at", "released_by", "release_reason"])
    used = Sponsorship.objects.active().filter(programme=programme).count()
    Programme.objects.filter(pk=programme.pk).update(used=used)
    audit.record(
        actor=by,
        verb="service_request.sponsorship_released",
        obj=sponsorship.request,
        data={
            "sponsorship": sponsorship.pk,
            "programme": programme.pk,
            "programme_name": programme.name,
            "reason": reason,
        },
    )


def withdraw_sponsorship(*, sponsorship: Sponsorship, by, reason: str) -> Sponsorship:
    """A regency officer of the programme's unit withdraws a sponsorship before a bill
    is issued; its place in the quota is free again."""
    reason = (reason or "").strip()
    if not can_withdraw_sponsorship(by, sponsorship):
        raise PermissionDenied(_("Pendanaan ini tidak dapat ditarik sekarang."))
    if not reason:
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    with transaction.atomic():
        request = ServiceRequest.objects.select_for_update().get(pk=sponsorship.request_id)
        locked = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
        if not locked.is_active or request.status not in SPONSORABLE:
            raise ValidationError(_("Pendanaan ini tidak dapat ditarik sekarang."))
        _release(locked, by=by, reason=reason)
        transaction.on_commit(
            lambda: notify(
                request=request,
                event="service_request.sponsorship_released",
                by=by,
                data={"reason": reason},
            )
        )
    sponsorship.refresh_from_db()
    return sponsorship


def release_with_request(request: ServiceRequest, *, by, reason: str) -> None:
    """Called by `transition_request` (inside its transaction, request locked) when a
    request is cancelled or rejected: its sponsorship's place goes back to the quota."""
    for sponsorship in Sponsorship.objects.active().filter(request=request):
        _release(sponsorship, by=by, reason=reason)
