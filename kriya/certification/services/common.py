"""Helpers shared by the certification services."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from kriya.core import pagecache
from kriya.registry.signals import business_changed

from .. import notifications
from ..models import Counter


def next_number(name: str, year: int) -> int:
    """The next value of a yearly sequence, under a row lock (call inside a transaction)."""
    Counter.objects.get_or_create(name=name[:40], year=year)
    counter = Counter.objects.select_for_update().get(name=name[:40], year=year)
    counter.value += 1
    counter.save(update_fields=["value"])
    return counter.value


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def notify_on_commit(*, event: str, business, obj, by, audience=notifications.HOLDER, data=None):
    """Call the notification seam once the transaction has committed."""
    transaction.on_commit(
        lambda: notifications.notify(
            event=event, business=business, obj=obj, by=by, audience=audience, data=data or {}
        )
    )


def showcase_changed(business) -> None:
    """Announce, on commit, that the business's certificate badges changed, so that the
    showcase (above certification, which must not import it) re-indexes them, and
    that pages showing certificates (the directory, /verifikasi/) are stale."""
    pagecache.bump("certificate")
    transaction.on_commit(lambda: business_changed.send(sender=type(business), business=business))
