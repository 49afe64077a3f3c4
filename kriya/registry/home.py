"""The registry's panels on "Beranda saya" (kriya.core.home): the owner's business and
what it still lacks, the facilitator's consenting businesses, the regency officer's
verification queue — and, for someone who holds no role yet, "register your business"."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.accounts.access import organisation_ids_of
from kriya.accounts.models import Role
from kriya.core.home import NO_ROLE, Panel

from . import queries
from .access import officer_regency_codes
from .models import Business, BusinessStatus

LIST_LENGTH = 5


def panels(user, roles) -> list[Panel]:
    found = []
    if NO_ROLE in roles:
        found.append(
            Panel(
                role=NO_ROLE,
                title=_("Daftarkan usaha Anda"),
                template="registry/home/_newcomer.html",
                order=10,
            )
        )
    if Role.OWNER in roles:
        found.append(_owner_panel(user))
    if Role.FACILITATOR in roles:
        found.append(_facilitator_panel(user))
    if Role.REGENCY_OFFICER in roles and officer_regency_codes(user):
        found.append(_officer_panel(user))
    return found


def _owner_panel(user) -> Panel:
    businesses = list(
        queries.owner_home_businesses(organisation_ids_of(user, Role.OWNER)).select_related(
            "regency"
        )
    )
    for business in businesses:
        business.missing = _missing(business)
        business.next_step = _next_step(business)
    return Panel(
        role=Role.OWNER,
        title=_("Usaha saya") if len(businesses) != 1 else businesses[0].name,
        template="registry/home/_owner.html",
        context={"businesses": businesses},
        order=10,
    )


def _missing(business) -> list[str]:
    """What the profile still lacks for buyers and for the services."""
    missing = []
    if not business.phone:
        missing.append(_("nomor HP/WA, agar pembeli bisa menghubungi Anda"))
    if not business.address:
        missing.append(_("alamat"))
    if business.latitude is None or business.longitude is None:
        missing.append(_("titik lokasi di peta"))
    if not business.photo_count:
        missing.append(_("foto usaha"))
    if not business.product_count:
        missing.append(_("produk"))
    elif business.products_without_photo:
        missing.append(_("foto produk"))
    return missing


def _next_step(business) -> dict | None:
    """The one thing to do now about the business itself: {text, url, action}."""
    detail = reverse("registry:business", kwargs={"pk": business.pk})
    add_product = reverse("registry:product_create", kwargs={"pk": business.pk})
    edit = reverse("registry:business_edit", kwargs={"pk": business.pk})
    if business.status == BusinessStatus.RETURNED:
        return {
            "text": _("Petugas kabupaten mengembalikan data usaha: %(reason)s")
            % {"reason": business.return_reason or _("lihat catatan di halaman usaha")},
            "url": edit,
            "action": _("Perbaiki data usaha"),
        }
    if business.status == BusinessStatus.SUSPENDED:
        return {
            "text": _("Usaha dibekukan. Hubungi petugas kabupaten untuk mengaktifkannya kembali."),
            "url": detail,
            "action": _("Lihat alasannya"),
        }
    if not business.product_count:
        return {
            "text": _("Tambahkan produk pertama Anda agar tampil di etalase."),
            "url": add_product,
            "action": _("Tambah produk"),
        }
    if business.status == BusinessStatus.DRAFT:
        return {
            "text": _(
                "Data usaha masih draf. Periksa lalu ajukan verifikasi ke petugas kabupaten."
            ),
            "url": detail,
            "action": _("Ajukan verifikasi"),
        }
    if business.status == BusinessStatus.SUBMITTED:
        return {
            "text": _("Menunggu verifikasi petugas kabupaten. Anda tidak perlu berbuat apa-apa."),
            "url": "",
            "action": "",
        }
    if not business.phone:
        return {
            "text": _("Lengkapi nomor HP/WA agar pembeli bisa menghubungi Anda."),
            "url": edit,
            "action": _("Lengkapi profil"),
        }
    return None


def _facilitator_panel(user) -> Panel:
    qs = queries.consenting_businesses(user)
    total = qs.count()
    return Panel(
        role=Role.FACILITATOR,
        title=_("Usaha dampingan"),
        template="registry/home/_facilitator.html",
        context={"businesses": list(qs.select_related("regency")[:LIST_LENGTH]), "total": total},
        count=total,
        url=reverse("registry:mine"),
        order=10,
    )


def _officer_panel(user) -> Panel:
    businesses = Business.objects.filter(regency_id__in=officer_regency_codes(user))
    counts = businesses.aggregate(
        total=Count("id"),
        **{s.value: Count("id", filter=Q(status=s)) for s in BusinessStatus},
    )
    waiting = list(queries.verification_queue(businesses)[:LIST_LENGTH])
    queue_url = reverse("registry:ws_queue")
    list_url = reverse("registry:ws_list")
    stats = [
        {
            "label": status.label,
            "n": counts[status.value],
            "url": f"{list_url}?status={status.value}",
            "late": False,
        }
        for status in BusinessStatus
    ]
    return Panel(
        role=Role.REGENCY_OFFICER,
        title=_("Antrean verifikasi usaha"),
        template="registry/home/_officer.html",
        context={"waiting": waiting, "stats": stats, "total": counts["total"]},
        count=counts[BusinessStatus.SUBMITTED.value],
        url=queue_url,
        order=10,
    )
