"""Named reads of the showcase, shared by the pages and the API. Each runs a fixed
number of queries whatever the number of rows, and shows public data only: published
products of verified businesses (`Product.objects.public()`)."""

from django.db.models import Prefetch
from django.http import Http404

from kriya.accounts.models import Organisation, OrganisationKind
from kriya.regions.models import Level, Region
from kriya.registry.models import Business, Product, ProductPhoto

from . import badges, contact
from .models import CatalogueDistrict, Destination

PLACE = ("business__village", "business__district", "business__regency")


def _photos():
    return Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id"))


def with_badges(products):
    """Each product's live certificates (`p.badges`: its own, then its business's
    business-wide ones such as industri hijau): three queries, however many products."""
    found = badges.product_badges([p.pk for p in products])
    shops = badges.business_badges({p.business_id for p in products})
    for p in products:
        p.badges = [*found.get(p.pk, []), *shops.get(p.business_id, [])]
    return products


def regency_office(business) -> contact.Office | None:
    """The contact a buyer may use when `business` left no mobile number: the regency
    unit of its regency that published a contact (one query), else the deployment's
    contact from the settings, else None."""
    unit = (
        Organisation.objects.filter(
            kind=OrganisationKind.REGENCY_UNIT, regency_id=business.regency_id
        )
        .exclude(phone="", email="")
        .order_by("pk")
        .values("name", "phone", "email")
        .first()
    )
    if unit is not None:
        return contact.Office(**unit)
    return contact.settings_office()


def products_by_ids(ids) -> list[Product]:
    """Public products in the order of `ids` (ids that are no longer public are left
    out), with business, places, photos and badges: 2 queries, plus the badge hook's."""
    ids = list(ids)
    if not ids:
        return []
    found = {
        p.pk: p
        for p in Product.objects.public()
        .filter(pk__in=ids)
        .select_related("business", *PLACE)
        .prefetch_related(_photos())
        .order_by()  # the order is the ids'
    }
    return with_badges([found[i] for i in ids if i in found])


def public_product(slug: str) -> Product:
    product = (
        Product.objects.public()
        .select_related("business", *PLACE)
        .prefetch_related(_photos())
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404
    return with_badges([product])[0]


def public_business(slug: str) -> Business:
    business = (
        Business.objects.verified()
        .select_related("village", "district", "regency")
        .filter(slug=slug)
        .first()
    )
    if business is None:
        raise Http404
    business.badges = badges.business_badges([business.pk]).get(business.pk, [])
    return business


def business_products(business):
    """The business's public products, newest first (a queryset to paginate)."""
    return (
        Product.objects.public()
        .filter(business=business)
        .select_related("business", *PLACE)
        .prefetch_related(_photos())
        .order_by("-pk")
    )


def districts_with_products():
    """Districts (kecamatan) with at least one public product, by name, with their
    regency: one query on the index's small district counter."""
    return (
        Region.objects.filter(
            level=Level.DISTRICT,
            code__in=CatalogueDistrict.objects.filter(product_count__gt=0).values("district_id"),
        )
        .select_related("parent")
        .order_by("name", "code")
    )


def public_district(code: str) -> Region:
    district = Region.objects.select_related("parent").filter(code=code, level=Level.DISTRICT)
    district = district.first()
    if district is None:
        raise Http404
    return district


def district_businesses(code: str, *, limit: int = 200):
    return list(
        Business.objects.verified()
        .filter(district_id=code)
        .select_related("village")
        .order_by("name")[:limit]
    )


def destinations():
    return Destination.objects.filter(is_published=True).select_related("district__parent")


def public_destination(slug: str) -> Destination:
    destination = destinations().filter(slug=slug).first()
    if destination is None:
        raise Http404
    return destination
