"""Named reads of the registry, shared by the pages and the API."""

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.core.charts import Chart, Series, format_number
from kriya.core.models import AuditEvent

from .models import Business, BusinessStatus, FacilitationConsent, Product, Sector


def filter_businesses(qs, filters: dict):
    """Apply the filters of BusinessFilterForm (already validated)."""
    if filters.get("q"):
        term = filters["q"].strip()
        digits = "".join(ch for ch in term if ch.isdigit())
        q = Q(name__icontains=term) | Q(owner_name__icontains=term)
        if len(digits) >= 4:
            q |= Q(nib__startswith=digits)
        qs = qs.filter(q)
    if filters.get("regency"):
        qs = qs.filter(regency_id=filters["regency"])
    if filters.get("district"):
        qs = qs.filter(district_id=filters["district"])
    if filters.get("village"):
        qs = qs.filter(village_id=filters["village"])
    for name in ("sector", "size_class", "status"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    return qs


def business_list(qs):
    """The columns a list shows, in one query whatever its length."""
    return qs.select_related("village", "district", "regency").order_by("name", "pk")


def district_counts(qs) -> list[dict]:
    """[{district_id, district__name, n}] for the filtered list, by district name."""
    return list(
        qs.order_by()
        .values("district_id", "district__name")
        .annotate(n=Count("id"))
        .order_by("district__name")
    )


def verification_queue(qs):
    """Submitted businesses, the longest waiting first."""
    return (
        qs.filter(status=BusinessStatus.SUBMITTED)
        .select_related("village", "district", "regency")
        .order_by("updated_at", "pk")
    )


def products_of(business):
    return Product.objects.filter(business=business).prefetch_related("photos")


VERB_LABELS = {
    "business.created": _("mendaftarkan usaha"),
    "business.updated": _("mengubah data usaha"),
    "business.submit": _("mengajukan verifikasi"),
    "business.resubmit": _("mengajukan ulang verifikasi"),
    "business.verify": _("memverifikasi usaha"),
    "business.return": _("mengembalikan usaha dengan alasan"),
    "business.suspend": _("membekukan usaha"),
    "business.reinstate": _("mengaktifkan kembali usaha"),
    "business.reverify": _("mengirim usaha ke verifikasi ulang (data kunci berubah)"),
    "business.photos_added": _("menambah foto usaha"),
    "business.photo_removed": _("menghapus foto usaha"),
    "business.consent_recorded": _("mencatat persetujuan pendampingan"),
    "business.consent_revoked": _("mencabut persetujuan pendampingan"),
    "business.claim_invited": _("membuat undangan klaim"),
    "business.claimed": _("mengklaim usaha"),
    "product.created": _("menambah produk"),
    "product.updated": _("mengubah produk"),
    "product.photos_added": _("menambah foto produk"),
    "product.photo_removed": _("menghapus foto produk"),
}


def history_of(business, *, limit: int | None = None):
    """Audit events of the business and its products, newest first: who filed what."""
    types = ContentType.objects.get_for_models(Business, Product)
    product_ids = [
        str(pk) for pk in Product.objects.filter(business=business).values_list("pk", flat=True)
    ]
    qs = (
        AuditEvent.objects.filter(
            Q(object_type=types[Business], object_id=str(business.pk))
            | Q(object_type=types[Product], object_id__in=product_ids)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    events = list(qs[:limit] if limit else qs)
    for event in events:
        event.label = VERB_LABELS.get(event.verb) or _("Perubahan dicatat")
    return events


def last_reason(business, verb: str) -> str:
    """The reason given with the latest `verb` event (e.g. why it was suspended)."""
    event = (
        AuditEvent.objects.for_object(business)
        .filter(verb=verb)
        .order_by("-created_at", "-id")
        .first()
    )
    return (event.data or {}).get("reason", "") if event else ""


# --- The workspace overview: charts (kriya.core.charts) -------------------------------

MONTHS = (
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("Mei"),
    _("Jun"),
    _("Jul"),
    _("Agu"),
    _("Sep"),
    _("Okt"),
    _("Nov"),
    _("Des"),
)


def _counts(qs, field: str) -> dict:
    return dict(qs.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))


def _months_back(today: date, months: int) -> list[date]:
    """The first day of each of the last `months` months, oldest first, this one last."""
    firsts = []
    year, month = today.year, today.month
    for _i in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def overview_charts(qs, *, months: int = 12, today: date | None = None) -> dict[str, Chart]:
    """The businesses of a workspace (already scoped and filtered) by district, sector,
    verification status and month of registration: five queries, whatever their number."""
    total_by_district = district_counts(qs)
    by_sector = _counts(qs, "sector")
    by_status = _counts(qs, "status")
    today = today or timezone.localdate()
    firsts = _months_back(today, months)
    start = timezone.make_aware(datetime.combine(firsts[0], time.min))
    before = qs.filter(created_at__lt=start).count()
    per_month = {
        (m.year, m.month): n
        for m, n in qs.filter(created_at__gte=start)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    }
    return charts_from_counts(total_by_district, by_sector, by_status, before, per_month, firsts)


def charts_from_counts(
    total_by_district, by_sector, by_status, before: int, per_month, firsts
) -> dict[str, Chart]:
    """`overview_charts` from its counts ([{district__name, n}], {sector: n}, {status: n},
    the number registered before the first month, {(year, month): n} of the months
    `firsts`): also what kriya.insights builds from its summaries."""
    months = len(firsts)
    new = tuple(per_month.get((m.year, m.month), 0) for m in firsts)
    cumulative = tuple(before + sum(new[: i + 1]) for i in range(len(new)))
    total = sum(r["n"] for r in total_by_district)
    verified = by_status.get(BusinessStatus.VERIFIED, 0)
    return {
        "district": Chart(
            key="usaha-per-kecamatan",
            title=_("Usaha per kecamatan"),
            label_header=_("Kecamatan"),
            labels=tuple(r["district__name"] for r in total_by_district),
            series=(Series(_("Usaha"), tuple(r["n"] for r in total_by_district)),),
            unit=_("usaha"),
            kind="hbar",
            footer=(_("Jumlah"), (total,)),
        ),
        "sector": Chart(
            key="usaha-per-sektor",
            title=_("Usaha per sektor"),
            label_header=_("Sektor"),
            labels=tuple(Sector(s).label for s in Sector if by_sector.get(s)),
            series=(Series(_("Usaha"), tuple(by_sector[s] for s in Sector if by_sector.get(s))),),
            unit=_("usaha"),
            kind="hbar",
            footer=(_("Jumlah"), (total,)),
        ),
        "status": Chart(
            key="usaha-per-status",
            title=_("Status verifikasi"),
            label_header=_("Status"),
            labels=tuple(s.label for s in BusinessStatus),
            series=(Series(_("Usaha"), tuple(by_status.get(s, 0) for s in BusinessStatus)),),
            unit=_("usaha"),
            kind="hbar",
            summary=_("%(verified)s dari %(total)s usaha terverifikasi.")
            % {"verified": format_number(verified), "total": format_number(total)},
            footer=(_("Jumlah"), (total,)),
        ),
        "growth": Chart(
            key="pertumbuhan-per-bulan",
            title=_("Pendaftaran usaha per bulan"),
            label_header=_("Bulan"),
            labels=tuple(f"{MONTHS[m.month - 1]} {m.year}" for m in firsts),
            series=(
                Series(_("Usaha baru"), new),
                Series(_("Jumlah tercatat"), cumulative, plot=False),
            ),
            unit=_("usaha"),
            kind="bar",
            summary=_(
                "%(new)s usaha baru dalam %(months)s bulan terakhir; %(total)s usaha tercatat."
            )
            % {
                "new": format_number(sum(new)),
                "months": months,
                "total": format_number(cumulative[-1] if cumulative else before),
            },
        ),
    }


def owner_home_businesses(organisation_ids):
    """The businesses of these owner organisations with what the owner's home counts
    (products, photos, products without a photo), in one query."""
    return (
        Business.objects.filter(organisation_id__in=organisation_ids)
        .annotate(
            product_count=Count("products", distinct=True),
            photo_count=Count("photos", distinct=True),
            products_without_photo=Count(
                "products", filter=Q(products__photos__isnull=True), distinct=True
            ),
        )
        .order_by("name", "pk")
    )


def consenting_businesses(user):
    """The businesses that gave `user` (a facilitator) an active consent, by name."""
    return Business.objects.filter(
        pk__in=FacilitationConsent.objects.filter(facilitator=user, revoked_at__isnull=True).values(
            "business_id"
        )
    ).order_by("name", "pk")


def product_dates(business_ids) -> list[tuple[int, object]]:
    """(business id, when listed) of every product of these businesses (one query); for
    training's outcomes."""
    from .models import Product

    return list(
        Product.objects.filter(business_id__in=list(business_ids)).values_list(
            "business_id", "created_at"
        )
    )
