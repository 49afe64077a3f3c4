"""The semester report of a regency's small industries in the SIINas layout (issue 18,
item 5): each business (or its facilitator) confirms a short form prefilled from Kriya
once a semester (`confirm_report`, corrections keep history), and the regency downloads
every verified business's row, from its confirmation where there is one and from the
registry otherwise. The layout is editable reference data in `data/siinas_semester.yaml`,
every column marked unverified until confirmed against the current SIINas form."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import yaml

from kriya.desk.survey import Period

LAYOUT = Path(__file__).with_name("data") / "siinas_semester.yaml"


@cache
def layout() -> dict:
    with open(LAYOUT, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def columns() -> list[dict]:
    return layout()["columns"]


def businesses(regency: str):
    from django.db.models import Prefetch

    from kriya.registry.models import Business, BusinessStatus, Product

    return (
        Business.objects.filter(regency_id=regency, status=BusinessStatus.VERIFIED)
        .select_related("district", "regency")
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name")))
        .order_by("district__name", "name")
    )


def _value(source: str, business, period: Period, report=None):
    """`a|b`: the first source that has a value; `semester.<field>`: the business's
    current confirmation of the semester (None without one)."""
    if "|" in source:
        for one in source.split("|"):
            value = _value(one, business, period, report)
            if value not in (None, ""):
                return value
        return None
    if source == "empty":
        return None
    owner, _dot, name = source.partition(".")
    if owner == "report":
        if name == "confirmed":
            return "ya" if report is not None else "belum"
        return period.key if name == "period" else None
    if owner == "semester":
        if report is None:
            return None
        if name == "raw_material_origin":
            return report.get_raw_material_origin_display()
        return getattr(report, name)
    if name == "workforce_men":
        return max(0, business.workforce_total - business.workforce_women)
    if name == "products":
        return "; ".join(p.name for p in business.products.all())
    if name == "kbli":
        return ", ".join(str(k) for k in business.kbli or [])
    if name == "legal_form":
        return business.get_legal_form_display()
    if name in ("district", "regency"):
        return getattr(business, name).name
    return getattr(business, name)


def rows(regency: str, period: Period):
    from .models import SemesterReport

    cols = columns()
    reports = {
        r.business_id: r
        for r in SemesterReport.objects.filter(
            period=period.key, is_current=True, business__regency_id=regency
        )
    }
    for business in businesses(regency).iterator(chunk_size=500):
        report = reports.get(business.pk)
        yield [_value(c["source"], business, period, report) for c in cols]


def xlsx(regency: str, period: Period) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("laporan")
    sheet.append([c["header"] for c in columns()])
    for row in rows(regency, period):
        sheet.append(row)
    notes = book.create_sheet("catatan")
    notes.append(["kolom", "judul", "sumber", "terkonfirmasi"])
    for c in columns():
        notes.append([c["key"], c["header"], c["source"], "ya" if c["verified"] else "belum"])
    notes.append([])
    notes.append(["sumber tata letak", layout()["source_note"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- The business's semester confirmation ------------------------------------------------

FIELDS = (
    "products",
    "workforce_men",
    "workforce_women",
    "capacity",
    "capacity_unit",
    "annual_turnover",
    "raw_materials",
    "raw_material_origin",
    "export_value_usd",
    "export_countries",
)


def get_reporting_business_for(user, pk):
    """The business whose semester report `user` may confirm: its owner or a facilitator
    with an active consent. Anyone else (another business, an officer, another regency):
    404, so that a business's existence is not confirmed to them."""
    from django.http import Http404

    from kriya.registry.access import businesses_editable_by
    from kriya.registry.models import BusinessStatus

    business = (
        businesses_editable_by(user)
        .filter(pk=pk, status=BusinessStatus.VERIFIED)
        .select_related("district", "regency")
        .first()
    )
    if business is None:
        raise Http404
    return business


def current_report(business, period: Period):
    from .models import SemesterReport

    return SemesterReport.objects.filter(
        business=business, period=period.key, is_current=True
    ).first()


def history(business, period: Period):
    from .models import SemesterReport

    return list(
        SemesterReport.objects.filter(business=business, period=period.key)
        .select_related("confirmed_by")
        .order_by("-created_at", "-pk")
    )


def prefill(business, period: Period) -> dict:
    """The form's starting values: this semester's confirmation if any; else what Kriya
    holds (products, workforce, annual sales from the registry) and, for what it does not
    hold (capacity, raw materials, export), the business's latest earlier confirmation."""
    from .models import SemesterReport

    current = current_report(business, period)
    if current is not None:
        return {name: getattr(current, name) for name in FIELDS}
    earlier = (
        SemesterReport.objects.filter(business=business, is_current=True, period__lt=period.key)
        .order_by("-period")
        .first()
    )
    values = {name: getattr(earlier, name) for name in FIELDS} if earlier else {}
    products = "; ".join(
        business.products.filter(is_published=True).order_by("name").values_list("name", flat=True)
    )
    values.update(
        products=products or values.get("products", ""),
        workforce_men=max(0, business.workforce_total - business.workforce_women),
        workforce_women=business.workforce_women,
    )
    if business.annual_sales is not None:
        values["annual_turnover"] = business.annual_sales
    return values


def confirm_report(*, business, period: Period, data: dict, by):
    """Record the business's confirmation of its report for the semester: the first, or a
    correction (a reason required) that replaces the current one and keeps it as
    history. Only its owner or facilitator; audited. Returns the new current row."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction
    from django.utils.translation import gettext as _

    from kriya.core import audit
    from kriya.registry.access import can_edit_business
    from kriya.registry.models import Business

    from .models import SemesterReport

    if not can_edit_business(by, business):
        raise PermissionDenied
    with transaction.atomic():
        # One writer at a time per business: the current row is replaced, never doubled.
        Business.objects.select_for_update().filter(pk=business.pk).first()
        current = current_report(business, period)
        reason = (data.get("correction_reason") or "").strip()
        if current is not None and not reason:
            raise ValidationError(
                {"correction_reason": _("Tuliskan alasan koreksi laporan semester ini.")}
            )
        if current is not None:
            SemesterReport.objects.filter(pk=current.pk).update(is_current=False)
        values = {name: data.get(name) for name in FIELDS}
        for name in ("capacity_unit", "export_countries"):
            values[name] = values[name] or ""
        report = SemesterReport(
            business=business,
            period=period.key,
            confirmed_by=by,
            correction_reason=reason if current is not None else "",
            **values,
        )
        report.full_clean(exclude=["business", "confirmed_by"])
        report.save()
        audit.record(
            actor=by,
            verb="insights.semester_report_corrected"
            if current
            else "insights.semester_report_confirmed",
            obj=report,
            data={"business": business.pk, "period": period.key},
        )
    return report


def reporting_share(regencies, period: Period, district: str | None = None) -> tuple[int, int]:
    """(businesses that confirmed the semester, verified businesses) in the regencies
    (None: every regency): two queries."""
    from kriya.registry.models import Business, BusinessStatus

    from .models import SemesterReport

    verified = Business.objects.filter(status=BusinessStatus.VERIFIED)
    if regencies is not None:
        verified = verified.filter(regency_id__in=regencies)
    if district:
        verified = verified.filter(district_id=district)
    reported = (
        SemesterReport.objects.filter(period=period.key, is_current=True)
        .filter(business__in=verified)
        .count()
    )
    return reported, verified.count()


# --- Reminders ----------------------------------------------------------------------------
# The report of a semester is due in the following one. Its reporting window opens on
# the first working day of January (for S2 of the year before) or July (for S1) and
# closes at the end of February or August. Businesses that have not confirmed are
# reminded twice: when the window opens and ten working days (two weeks) later; a round
# missed by a stopped scheduler is sent late, while the window is open, and only the
# latest due round is ever sent (never two at once).

REMINDER_EVENT = "insights.semester_report_reminder"
REMINDER_ROUNDS = (0, 10)  # working days after the window opens


def previous_semester(today) -> Period:
    from kriya.desk.survey import parse_period

    if today.month <= 6:
        return parse_period(f"{today.year - 1}-S2")
    return parse_period(f"{today.year}-S1")


def reporting_window(period: Period):
    """(first day, last day) of the window in which `period`'s report is asked."""
    from datetime import timedelta

    from kriya.core.calendar import is_working_day

    opens = period.end + timedelta(days=1)
    while not is_working_day(opens):
        opens += timedelta(days=1)
    closes_month = opens.month + 1
    closes = opens.replace(month=closes_month + 1, day=1) - timedelta(days=1)
    return opens, closes


def due_semester(today) -> Period | None:
    """The semester whose report is asked on `today` (its window is open), else None."""
    period = previous_semester(today)
    opens, closes = reporting_window(period)
    return period if opens <= today <= closes else None


def reminder_round(today) -> tuple[Period, int] | None:
    """(semester, round) of the latest reminder due on `today`, or None outside the
    window."""
    from kriya.core.calendar import add_working_days

    period = due_semester(today)
    if period is None:
        return None
    opens, _closes = reporting_window(period)
    due = [
        n
        for n, offset in enumerate(REMINDER_ROUNDS, start=1)
        if (add_working_days(opens, offset) if offset else opens) <= today
    ]
    return period, due[-1]


def remind_unreported(*, today=None) -> int:
    """Notify the owners and consented facilitators of each verified business that has
    not confirmed the due semester's report: once per business, semester and round (a
    `SemesterReminder` row, unique, written in the transaction that writes the notices,
    so a re-run or a second worker sends nothing twice). Returns the businesses
    reminded."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from kriya.registry.models import Business, BusinessStatus

    from .models import SemesterReminder, SemesterReport

    due = reminder_round(today or timezone.localdate())
    if due is None:
        return 0
    period, round_ = due
    businesses = (
        Business.objects.filter(status=BusinessStatus.VERIFIED)
        .exclude(
            pk__in=SemesterReport.objects.filter(period=period.key, is_current=True).values(
                "business_id"
            )
        )
        .exclude(
            pk__in=SemesterReminder.objects.filter(period=period.key, round=round_).values(
                "business_id"
            )
        )
        .order_by("pk")
    )
    sent = 0
    for business in businesses.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                reminder = SemesterReminder.objects.create(
                    business=business, period=period.key, round=round_
                )
                reminder.recipients = len(_notify_reminder(business, period, round_))
                reminder.save(update_fields=["recipients"])
        except IntegrityError:  # reminded meanwhile by another run
            continue
        sent += 1
    return sent


def _notify_reminder(business, period: Period, round_: int) -> list:
    """One notice (in the app, and by e-mail) to each owner and consented facilitator of
    the business, linking to the form of the semester."""
    from django.urls import reverse
    from django.utils import translation

    from kriya.certification.notifications import HOLDER, recipients
    from kriya.desk.models import Notification
    from kriya.desk.notifications import dispatch

    url = reverse("insights:semester_report", args=[business.pk]) + f"?periode={period.key}"
    with translation.override("id"):
        data = {"object": f"{business.name} · {period.label}", "period": period.key}
    data["round"] = round_
    created = [
        Notification.objects.create(recipient=user, event=REMINDER_EVENT, data=data, url=url)
        for user in recipients(business=business, audience=HOLDER)
    ]
    for notification in created:
        dispatch(notification)  # by e-mail (or WhatsApp), after commit
    return created
