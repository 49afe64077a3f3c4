"""The public showcase API: catalogue search and read-only products and businesses.

No authentication; the same search, filters and visibility as the pages (published
products of verified businesses only), paginated.
"""

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from kriya.api.types import INT_MAX, BigInt, Int32, one_of
from kriya.registry.models import Availability, Business, Sector, Technique
from kriya.showcase import badges, contact, queries
from kriya.showcase.search import CAP, Filters, SearchQuery, search

router = Router(tags=["showcase"])

SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
TechniqueCode = Literal[tuple(Technique.values)]  # type: ignore[valid-type]
DISTRICT = r"^\d{2}\.\d{2}\.\d{2}$"


class RegionRef(Schema):
    code: str
    name: str


class BadgeOut(Schema):
    code: str
    label: str
    number: str
    verify_url: str


class PublicPhotoOut(Schema):
    url: str
    thumbnail_url: str
    width: BigInt
    height: BigInt


class PublicBusinessRef(Schema):
    slug: str
    name: str
    url: str
    district: RegionRef
    regency: RegionRef


class PublicProductOut(Schema):
    slug: str
    name: str
    url: str
    price: BigInt = Field(description="Integer rupiah")
    currency: str = "IDR"
    availability: one_of(Availability.values)  # type: ignore[valid-type]
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    technique: one_of(["", *Technique.values])  # type: ignore[valid-type]
    motif: str
    category: str
    fabric: str
    description: str
    business: PublicBusinessRef
    photos: list[PublicPhotoOut]
    badges: list[BadgeOut]
    whatsapp_url: str = Field(description="Click-to-chat with the seller, '' without a mobile")


class PublicBusinessOut(Schema):
    slug: str
    name: str
    url: str
    sector: one_of(Sector.values)  # type: ignore[valid-type]
    address: str
    village: RegionRef
    district: RegionRef
    regency: RegionRef
    latitude: float | None
    longitude: float | None
    map_url: str
    whatsapp_url: str
    badges: list[BadgeOut]


class PublicProductPage(Schema):
    count: BigInt = Field(description=f"Matches counted, at most {CAP}")
    more: bool = Field(description=f"More than {CAP} products match: narrow the search")
    corrected: str = Field(description="The repaired query when the typed one found nothing")
    page: BigInt
    pages: BigInt
    items: list[PublicProductOut]


class PublicBusinessPage(Schema):
    count: BigInt
    page: BigInt
    pages: BigInt
    items: list[PublicBusinessOut]


class CatalogueParams(Schema):
    q: str = Field("", max_length=200, description="Words; each matches as a prefix")
    district: str = Field("", pattern=DISTRICT + "|^$", description="Kecamatan code 35.13.01")
    sector: SectorCode | None = None
    technique: TechniqueCode | None = None
    price_min: int | None = Field(None, ge=0, le=10**12)
    price_max: int | None = Field(None, ge=0, le=10**12)
    certificate: str = Field("", max_length=40, description="A certificate type code")
    sort: Literal["relevance", "newest", "price", "-price"] | None = None
    page: int = Field(1, ge=1, le=INT_MAX)
    page_size: int = Field(24, ge=1, le=100)


class BusinessParams(Schema):
    district: str = Field("", pattern=DISTRICT + "|^$")
    sector: SectorCode | None = None
    page: int = Field(1, ge=1, le=INT_MAX)
    page_size: int = Field(24, ge=1, le=100)


def _region(region) -> dict:
    return {"code": region.code, "name": region.name}


def _badges(items) -> list[dict]:
    return [
        {"code": b.code, "label": str(b.label), "number": b.number, "verify_url": b.verify_url}
        for b in items
    ]


def _product(request, p) -> dict:
    url = request.build_absolute_uri(reverse("showcase:product", args=[p.slug]))
    b = p.business
    return {
        "slug": p.slug,
        "name": p.name,
        "url": url,
        "price": p.price,
        "availability": p.availability,
        "sector": p.sector,
        "technique": p.technique,
        "motif": p.motif,
        "category": p.category,
        "fabric": p.fabric,
        "description": p.description,
        "business": {
            "slug": b.slug,
            "name": b.name,
            "url": request.build_absolute_uri(reverse("showcase:business", args=[b.slug])),
            "district": _region(b.district),
            "regency": _region(b.regency),
        },
        "photos": [
            {
                "url": request.build_absolute_uri(ph.image.url),
                "thumbnail_url": request.build_absolute_uri(ph.thumbnail.url)
                if ph.thumbnail
                else "",
                "width": ph.width,
                "height": ph.height,
            }
            for ph in p.photos.all()
        ],
        "badges": _badges(getattr(p, "badges", [])),
        "whatsapp_url": contact.product_chat_link(p, url),
    }


def _business(request, b, found_badges=()) -> dict:
    url = request.build_absolute_uri(reverse("showcase:business", args=[b.slug]))
    return {
        "slug": b.slug,
        "name": b.name,
        "url": url,
        "sector": b.sector,
        "address": b.address,
        "village": _region(b.village),
        "district": _region(b.district),
        "regency": _region(b.regency),
        "latitude": float(b.latitude) if b.latitude is not None else None,
        "longitude": float(b.longitude) if b.longitude is not None else None,
        "map_url": contact.map_link(b.latitude, b.longitude),
        "whatsapp_url": contact.business_chat_link(b, url),
        "badges": _badges(found_badges),
    }


@router.get(
    "/showcase/products",
    response=PublicProductPage,
    auth=None,
    summary="Search the catalogue (public products only)",
    operation_id="kriya_api_showcase_search_products",
)
def search_products(request, params: Query[CatalogueParams]):
    query = SearchQuery(
        text=params.q,
        filters=Filters(
            district=params.district,
            sector=params.sector or "",
            technique=params.technique or "",
            price_min=params.price_min,
            price_max=params.price_max,
            certificate=params.certificate,
        ),
        sort=params.sort or "",
    )
    result = search(query)
    page = result.page(params.page, params.page_size)
    return {
        "count": result.total,
        "more": result.more,
        "corrected": result.corrected,
        "page": page.number,
        "pages": page.pages,
        "items": [_product(request, p) for p in queries.products_by_ids(page.ids)],
    }


@router.get(
    "/showcase/products/{slug}",
    response=PublicProductOut,
    auth=None,
    summary="One public product",
    operation_id="kriya_api_showcase_product_detail",
)
def product_detail(request, slug: str):
    return _product(request, queries.public_product(slug))


def _business_page(request, qs, number: int, size: int) -> dict:
    paginator = Paginator(qs, size)
    page = paginator.get_page(number)
    items = list(page.object_list)
    found = badges.business_badges([b.pk for b in items])
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_business(request, b, found.get(b.pk, [])) for b in items],
    }


@router.get(
    "/showcase/businesses",
    response=PublicBusinessPage,
    auth=None,
    summary="Verified businesses, by name",
    operation_id="kriya_api_showcase_list_businesses",
)
def list_businesses(request, params: Query[BusinessParams]):
    qs = Business.objects.verified().select_related("village", "district", "regency")
    if params.district:
        qs = qs.filter(district_id=params.district)
    if params.sector:
        qs = qs.filter(sector=params.sector)
    return _business_page(request, qs.order_by("name", "pk"), params.page, params.page_size)


@router.get(
    "/showcase/businesses/{slug}",
    response=PublicBusinessOut,
    auth=None,
    summary="One verified business",
    operation_id="kriya_api_showcase_business_detail",
)
def business_detail(request, slug: str):
    business = queries.public_business(slug)
    return _business(request, business, business.badges)


@router.get(
    "/showcase/businesses/{slug}/products",
    response=PublicProductPage,
    auth=None,
    summary="The public products of one verified business, newest first",
    operation_id="kriya_api_showcase_business_products",
)
def business_products(request, slug: str, page: Int32 = 1, page_size: Int32 = 24):
    business = queries.public_business(slug)
    paginator = Paginator(queries.business_products(business), max(1, min(page_size, 100)))
    found = paginator.get_page(page)
    items = queries.with_badges(list(found.object_list))
    return {
        "count": paginator.count,
        "more": False,
        "corrected": "",
        "page": found.number,
        "pages": paginator.num_pages,
        "items": [_product(request, p) for p in items],
    }


# --- Product feed (kriya/showcase/feed.py; also /feed/produk.json and .csv) -----------


class FeedParams(Schema):
    updated_since: datetime | None = Field(
        None, description="Only products changed after this moment, removals included"
    )
    page: int = Field(1, ge=1, le=INT_MAX)
    page_size: int = Field(100, ge=1, le=500)


class FeedRef(Schema):
    code: str
    name: str


class FeedBusiness(Schema):
    name: str
    nib: str
    url: str


class FeedItemOut(Schema):
    id: str = Field(description="Stable: kriya-product-<id>")
    removed: bool = Field(description="The product left the catalogue (incremental only)")
    updated_at: datetime | None
    name: str = ""
    url: str = ""
    price: BigInt | None = Field(None, description="Integer rupiah")
    currency: str = "IDR"
    availability: one_of(["", *Availability.values]) = ""  # type: ignore[valid-type]
    sector: one_of(["", *Sector.values]) = ""  # type: ignore[valid-type]
    business: FeedBusiness | None = None
    district: FeedRef | None = None
    regency: FeedRef | None = None
    images: list[str] = []
    badges: list[BadgeOut] = []
    jsonld: dict | None = Field(None, description="schema.org Product, as on the page")


class FeedPageOut(Schema):
    page: BigInt
    pages: BigInt
    count: BigInt
    items: list[FeedItemOut]


@router.get(
    "/showcase/feed",
    response=FeedPageOut,
    auth=None,
    summary="Product feed for marketplaces (public products, incremental)",
    operation_id="kriya_api_showcase_feed",
)
def product_feed(request, params: Query[FeedParams]):
    from kriya.showcase.feed import feed_page

    since = params.updated_since
    if since is not None and since.tzinfo is None:
        from django.utils import timezone

        since = timezone.make_aware(since)
    result = feed_page(updated_since=since, page=params.page, size=params.page_size)
    return {
        "page": result.page,
        "pages": result.pages,
        "count": result.count,
        "items": result.items,
    }
