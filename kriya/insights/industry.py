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
