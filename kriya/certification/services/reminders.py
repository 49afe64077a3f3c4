"""Reminders and alerts, sent at most once each (idempotent: a `Reminder` row with a
unique key is written with every notification, so running again sends nothing new).

- holders: 90 and 30 days before a certificate expires (only the one that applies
  today is sent when a run was missed: 20 days before expiry sends the 30-day one);
- the body: each surveillance that became overdue;
- holders of clothing and accessories products without an accepted halal certificate:
  90 and 30 days before the halal obligation (17 October 2026) and once after it;
- holders, once a certificate has expired (it needs no job to *be* expired; this only
  tells the holder and lets the showcase re-index the business's badge filter).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from kriya.registry.models import BusinessStatus, Product, Sector

from .. import notifications
from ..models import Certificate, CertificateStatus, HalalStatus, Reminder, Surveillance
from .common import notify_on_commit, showcase_changed

EXPIRY_REMINDER_DAYS = (90, 30)
HALAL_DEADLINE = date(2026, 10, 17)
HALAL_REMINDER_DAYS = (90, 30)
# Barang gunaan that must be halal-certified by HALAL_DEADLINE (sandang, penutup
# kepala, aksesoris; reference.yaml halal_notes): the registry's textile and
# accessories sectors. Anyaman, kayu, keramik and the like are not clothing.
HALAL_OBLIGED_SECTORS = (
    Sector.BATIK,
    Sector.BORDIR,
    Sector.TENUN,
    Sector.RAJUT,
    Sector.ECOPRINT,
    Sector.KULIT,
    Sector.PERHIASAN_AKSESORIS,
)


def _send_once(*, key: str, event: str, business, obj, audience, data=None) -> bool:
    """Write the reminder row and notify; False when it was sent before."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                key=key, event=event, business=business, sent_on=timezone.localdate()
            )
            notify_on_commit(
                event=event, business=business, obj=obj, by=None, audience=audience, data=data
            )
    except IntegrityError:
        return False
    return True


def _expiry_stage(days_left: int) -> int | None:
    stages = [d for d in sorted(EXPIRY_REMINDER_DAYS) if days_left <= d]
    return stages[0] if stages else None


def send_expiry_reminders(today: date) -> int:
    sent = 0
    horizon = today + timedelta(days=max(EXPIRY_REMINDER_DAYS))
    certificates = Certificate.objects.filter(
        status__in=(CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED),
        valid_until__gte=today,
        valid_until__lte=horizon,
    ).select_related("business")
    done = set(Reminder.objects.filter(key__startswith="expiry-").values_list("key", flat=True))
    for certificate in certificates:
        stage = _expiry_stage((certificate.valid_until - today).days)
        key = f"expiry-{stage}:{certificate.pk}"
        if stage is None or key in done:
            continue
        sent += _send_once(
            key=key,
            event=f"certificate.expires_in_{stage}",
            business=certificate.business,
            obj=certificate,
            audience=notifications.HOLDER,
            data={"valid_until": certificate.valid_until.isoformat(), "days": stage},
        )
    return sent


def send_overdue_surveillance_alerts(today: date) -> int:
    sent = 0
    done = set(
        Reminder.objects.filter(key__startswith="surveillance-overdue:").values_list(
            "key", flat=True
        )
    )
    for surveillance in Surveillance.objects.overdue(today).select_related("certificate__business"):
        key = f"surveillance-overdue:{surveillance.pk}"
        if key in done:
            continue
        sent += _send_once(
            key=key,
            event="surveillance.overdue",
            business=surveillance.certificate.business,
            obj=surveillance,
            audience=notifications.BODY,
            data={"due_on": surveillance.due_on.isoformat()},
        )
    return sent


def halal_stage(today: date) -> str | None:
    """Which halal reminder applies today: "90", "30", "due" (after the deadline)."""
    days_left = (HALAL_DEADLINE - today).days
    if days_left < 0:
        return "due"
    stages = [d for d in sorted(HALAL_REMINDER_DAYS) if days_left <= d]
    return str(stages[0]) if stages else None


def businesses_needing_halal():
    """Ids of businesses with an obliged product not covered by an accepted halal
    certificate (one query)."""
    return (
        Product.objects.filter(sector__in=HALAL_OBLIGED_SECTORS)
        .exclude(business__status=BusinessStatus.SUSPENDED)
        .exclude(halal_certificates__status=HalalStatus.ACCEPTED)
        .values_list("business_id", flat=True)
        .distinct()
    )


def send_halal_reminders(today: date) -> int:
    from kriya.registry.models import Business

    stage = halal_stage(today)
    if stage is None:
        return 0
    prefix = f"halal-{HALAL_DEADLINE.isoformat()}-{stage}:"
    done = set(Reminder.objects.filter(key__startswith=prefix).values_list("key", flat=True))
    sent = 0
    for business in Business.objects.filter(pk__in=list(businesses_needing_halal())):
        key = f"{prefix}{business.pk}"
        if key in done:
            continue
        sent += _send_once(
            key=key,
            event="halal.obligation_reminder",
            business=business,
            obj=business,
            audience=notifications.HOLDER,
            data={"deadline": HALAL_DEADLINE.isoformat(), "stage": stage},
        )
    return sent


def send_expired_notices(today: date) -> int:
    """Tell holders their certificate has expired (once), and re-index the showcase."""
    sent = 0
    done = set(Reminder.objects.filter(key__startswith="expired:").values_list("key", flat=True))
    expired = Certificate.objects.filter(
        status=CertificateStatus.ACTIVE, valid_until__lt=today
    ).select_related("business")
    for certificate in expired:
        key = f"expired:{certificate.pk}"
        if key in done:
            continue
        if _send_once(
            key=key,
            event="certificate.expired",
            business=certificate.business,
            obj=certificate,
            audience=notifications.HOLDER,
            data={"valid_until": certificate.valid_until.isoformat()},
        ):
            showcase_changed(certificate.business)
            sent += 1
    return sent


def send_reminders(*, today: date | None = None) -> dict[str, int]:
    """Send every reminder and alert due today; return how many of each were sent."""
    today = today or timezone.localdate()
    return {
        "expiry": send_expiry_reminders(today),
        "expired": send_expired_notices(today),
        "surveillance_overdue": send_overdue_surveillance_alerts(today),
        "halal": send_halal_reminders(today),
    }
