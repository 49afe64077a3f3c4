"""The product feed: the showcase's public products for marketplaces and the national
e-catalogue, as paginated JSON and as CSV (`views.feed_json`, `views.feed_csv`).

- **Stable ids**: `kriya-product-<id>` (the database id; a product's slug may change).
- **What it shows**: what the product page shows — name, price, availability, the
  business with its NIB, district and regency, photos, live certificate badges — and
  the schema.org `Product` JSON-LD of the page.
- **Incremental**: `updated_since` (ISO 8601) lists only the products changed after it,
  oldest change first, with the products that left the catalogue as
  `{"id", "removed": true, "updated_at"}`. A reader keeps the largest `updated_at` it
  received and asks from there next time. Change times are kept by the catalogue index
  (`models.FeedItem`, written by `search._reindex`), so a certificate suspended or a
  business suspended counts as a change of each of its products.
- **Pages**: `page` (from 1) and `page_size` (1–500, default 100); `next` is the next
  page's address. Anonymous, read-only, served from the page cache like every public
  page (fresh after every write to what it shows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from . import queries, seo
from .models import FeedItem

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def stable_id(product_id: int) -> str:
    return f"kriya-product-{product_id}"


@dataclass
class FeedPage:
    items: list[dict]
    page: int
    pages: int
    count: int


def _absolute(url: str) -> str:
    return settings.KRIYA_PUBLIC_URL + url if url.startswith("/") else url


def item_of(product, changed_at: datetime | None) -> dict:
    business = product.business
    url = _absolute(reverse("showcase:product", args=[product.slug]))
    business_url = _absolute(reverse("showcase:business", args=[business.slug]))
    images = [_absolute(photo.image.url) for photo in product.photos.all()]
    badges = [
        {"code": b.code, "label": str(b.label), "number": b.number, "verify_url": b.verify_url}
        for b in product.badges
    ]
    return {
        "id": stable_id(product.pk),
        "removed": False,
        "updated_at": changed_at.isoformat() if changed_at else None,
        "name": product.name,
        "url": url,
        "price": product.price,
        "currency": "IDR",
        "availability": product.availability,
        "sector": product.sector,
        "business": {"name": business.name, "nib": business.nib, "url": business_url},
        "district": {"code": business.district_id, "name": business.district.name},
        "regency": {"code": business.regency_id, "name": business.regency.name},
        "images": images,
        "badges": badges,
        "jsonld": seo.product_jsonld(
            product, url, business_url=business_url, images=images, badges=product.badges
        ),
    }


def feed_page(
    *, updated_since: datetime | None = None, page: int = 1, size: int = PAGE_SIZE
) -> FeedPage:
    """One page of the feed: every public product by id, or (with `updated_since`) the
    products changed after it, removals included, by change time. A fixed number of
    queries whatever the page size."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    if updated_since is None:
        rows = FeedItem.objects.filter(removed=False).order_by("product_id")
    else:
        rows = FeedItem.objects.filter(changed_at__gt=updated_since).order_by(
            "changed_at", "product_id"
        )
    count = rows.count()
    pages = max(1, -(-count // size))
    page = max(1, page)
    window = list(rows[(page - 1) * size : page * size].values_list("product_id", "changed_at"))
    products = {p.pk: p for p in queries.products_by_ids([pk for pk, _ in window])}
    items = []
    for pk, changed_at in window:
        product = products.get(pk)
        if product is not None:
            items.append(item_of(product, changed_at))
        elif updated_since is not None:
            items.append(
                {"id": stable_id(pk), "removed": True, "updated_at": changed_at.isoformat()}
            )
    return FeedPage(items=items, page=page, pages=pages, count=count)


CSV_COLUMNS = (
    "id",
    "removed",
    "updated_at",
    "name",
    "url",
    "price",
    "currency",
    "availability",
    "business_name",
    "business_nib",
    "district_code",
    "district_name",
    "regency_name",
    "badges",
    "image_url",
)


def csv_row(item: dict) -> list:
    if item["removed"]:
        return [item["id"], "1", item["updated_at"], *[""] * (len(CSV_COLUMNS) - 3)]
    return [
        item["id"],
        "0",
        item["updated_at"] or "",
        item["name"],
        item["url"],
        item["price"],
        item["currency"],
        item["availability"],
        item["business"]["name"],
        item["business"]["nib"],
        item["district"]["code"],
        item["district"]["name"],
        item["regency"]["name"],
        "; ".join(
            f"{b['code']}:{b['number']}" if b["number"] else b["code"] for b in item["badges"]
        ),
        item["images"][0] if item["images"] else "",
    ]
