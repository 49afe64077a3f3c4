"""Named reads of the registry, shared by the pages and the API."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from kriya.core.models import AuditEvent

from .models import Business, BusinessStatus, Product


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
