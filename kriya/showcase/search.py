"""The catalogue search: one interface over SQLite FTS5 and PostgreSQL full-text search.

Reading: `search(SearchQuery(...))` answers a `SearchResult` holding a *window* of at
most CAP matching product ids in the requested order, from which pages are cut. With
words, the window is the CAP newest matches ranked among themselves (exact whenever
there are no more than CAP matches; past that the page says "more than 1,000" and
invites a narrower search). Without words, the window is exact for every sort.

Every word is a prefix ("kemej" finds "kemeja"). When a query finds nothing, the
vocabulary of indexed words is consulted once to repair it: a word that starts no
indexed word is split in two ("batiktulis" → "batik tulis") or corrected by one edit
("tulsi" → "tulis"); two words that are one indexed word when joined are also tried
joined ("tas kulit" → also "taskulit").

Writing: the registry's services announce every change inside their transaction
(`kriya.registry.signals.product_changed` / `business_changed`), and so do the
certification services on commit; `ShowcaseConfig.ready` connects them to
`index_product(product)` and `reindex_business(business)`. Only public
products (published, of a verified business) are indexed; pages still fetch through
`Product.objects.public()`, so a stale index can hide a product but never show a
hidden one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db import connection, transaction
from django.utils import timezone, translation

from kriya.registry.models import Product, Sector, Technique

from . import badges, search_postgres, search_sqlite
from .models import CatalogueDistrict, CatalogueEntry, CatalogueState, SearchWord
from .words import MIN_WORD, distance, edits1, normalise, query_words, tag, words

CAP = 1000
PAGE_SIZE = 24
TYPO_MIN_LENGTH = 4  # one edit in a shorter word is a different word, not a typo

SORTS = ("relevance", "newest", "price", "-price")


@dataclass(frozen=True)
class Filters:
    district: str = ""  # Kepmendagri district code, e.g. "35.13.01"
    sector: str = ""
    technique: str = ""
    price_min: int | None = None
    price_max: int | None = None
    certificate: str = ""  # a code of badges.certificate_types()

    @property
    def active(self) -> bool:
        return any((self.district, self.sector, self.technique, self.certificate)) or any(
            v is not None for v in (self.price_min, self.price_max)
        )


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = ""  # "" = relevance with words, newest without


@dataclass
class Page:
    ids: list[int]
    number: int
    pages: int
    size: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass
class SearchResult:
    ids: list[int]  # the window, in the requested order
    more: bool  # more than CAP matches exist
    words: list[str]  # the words searched for (after any repair)
    corrected: str = ""  # the repaired query when the original found nothing
    sort: str = "newest"

    @property
    def total(self) -> int:
        return len(self.ids)

    def page(self, number: int, size: int = PAGE_SIZE) -> Page:
        """Page `number` (1-based, clamped to the pages that exist)."""
        pages = max(1, math.ceil(len(self.ids) / size))
        number = min(max(1, number), pages)
        start = (number - 1) * size
        return Page(ids=self.ids[start : start + size], number=number, pages=pages, size=size)


def _backend():
    return search_postgres if connection.vendor == "postgresql" else search_sqlite


def effective_sort(query: SearchQuery) -> str:
    if query.sort in SORTS and not (query.sort == "relevance" and not query_words(query.text)):
        return query.sort
    return "relevance" if query_words(query.text) else "newest"


def search(query: SearchQuery, *, limit: int = CAP) -> SearchResult:
    """Find public products (at most `limit`, up to CAP). Two queries in the usual case
    (the vocabulary, then the index); a few more when a query must be repaired, bounded
    by the number of words, never by the number of results."""
    limit = min(limit, CAP)
    backend = _backend()
    sort = effective_sort(query)
    typed = query_words(query.text)
    groups = [[[w]] for w in typed]
    expansions = backend.expand(typed) if typed else {}
    rows: list = []
    if all(w in expansions for w in typed):  # a word no indexed word starts with finds nothing
        rows = _window(backend, groups, expansions, query.filters, sort, limit)
    corrected = ""
    used = typed
    if not rows and typed:
        repaired = _repair(backend, typed, expansions)
        if repaired is not None:
            groups, used, corrected = repaired
            expansions |= backend.expand(
                {w for g in groups for a in g for w in a} - set(expansions)
            )
            rows = _window(backend, groups, expansions, query.filters, sort, limit)
    more = len(rows) > limit
    rows = rows[:limit]
    if sort == "relevance":
        rows = _rank(rows, used)
    elif sort == "price":
        rows.sort(key=lambda r: (r[1], r[0]))
    elif sort == "-price":
        rows.sort(key=lambda r: (-r[1], -r[0]))
    return SearchResult(
        ids=[r[0] for r in rows], more=more, words=used, corrected=corrected, sort=sort
    )


def _window(backend, groups, expansions, filters: Filters, sort: str, limit: int) -> list:
    """Rows (product id, price, title, body) of up to limit + 1 matches."""
    if backend.uses_full_text(groups, filters):
        return backend.window(groups, expansions, filters, limit + 1, with_text=sort == "relevance")
    # No words: the entry table answers every sort exactly from its indexes.
    qs = CatalogueEntry.objects.all()
    if filters.district:
        qs = qs.filter(district_id=filters.district)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.technique:
        qs = qs.filter(technique=filters.technique)
    if filters.price_min is not None:
        qs = qs.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        qs = qs.filter(price__lte=filters.price_max)
    order = {"price": ("price", "pk"), "-price": ("-price", "-pk")}.get(sort, ("-pk",))
    return [
        (pk, price, "", "")
        for pk, price in qs.order_by(*order).values_list("pk", "price")[: limit + 1]
    ]


def _rank(rows, words: list[str]) -> list[tuple]:
    """Relevance, the same on both databases: a word in the product name counts four
    times a word elsewhere, a whole word a little more than a prefix, and among equals
    the shorter name and then the newer product come first. Runs on the window only
    (at most CAP rows), so a common word costs no more than a rare one."""
    patterns = [(re.compile(r"\b" + w), re.compile(r"\b" + w + r"\b")) for w in words]

    def score(row) -> float:
        title, body = row[2], row[3]
        total = 0.0
        for prefix, whole in patterns:
            if prefix.search(title):
                total += 4.0 + (1.0 if whole.search(title) else 0.0)
            elif prefix.search(body):
                total += 1.0 + (0.25 if whole.search(body) else 0.0)
        return total - 0.01 * title.count(" ")

    return sorted(rows, key=lambda r: (-score(r), -r[0]))


# --- Repairing a query that found nothing ----------------------------------------


def _repair(backend, typed: list[str], expansions: dict):
    """(groups, words, shown text) for a better query, or None if nothing helps."""
    fixed: list[list[str]] = []
    changed = False
    for word in typed:
        replacement = None
        if word not in expansions:
            replacement = _split(backend, word) or _typo(backend, word)
        fixed.append(replacement or [word])
        changed |= replacement is not None
    joined = _existing({a + b for a, b in zip(typed, typed[1:], strict=False)})
    groups: list[list[list[str]]] = []
    shown: list[str] = []
    i = 0
    while i < len(typed):
        pair = typed[i] + typed[i + 1] if i + 1 < len(typed) else ""
        if pair in joined and fixed[i] == [typed[i]] and fixed[i + 1] == [typed[i + 1]]:
            groups.append([[typed[i], typed[i + 1]], [pair]])
            shown.append(f"{typed[i]} {typed[i + 1]} / {pair}")
            changed = True
            i += 2
            continue
        groups.append([fixed[i]])
        shown.append(" ".join(fixed[i]))
        i += 1
    if not changed:
        return None
    used = [w for group in groups for alternative in group for w in alternative]
    return groups, used, " ".join(shown)


def _existing(candidates) -> dict[str, int]:
    """Which candidates are indexed words, with their document counts (one query)."""
    candidates = [c for c in candidates if MIN_WORD <= len(c) <= 40]
    if not candidates:
        return {}
    return dict(
        SearchWord.objects.filter(word__in=candidates, doc_count__gt=0).values_list(
            "word", "doc_count"
        )
    )


def _split(backend, word: str) -> list[str] | None:
    """'batiktulis' → ['batik', 'tulis']: the longest indexed left part whose remainder
    begins an indexed word."""
    if len(word) < 2 * MIN_WORD:
        return None
    lefts = _existing(word[:i] for i in range(MIN_WORD, len(word) - MIN_WORD + 1))
    if not lefts:
        return None
    rights = backend.expand({word[len(left) :] for left in lefts})
    for left in sorted(lefts, key=len, reverse=True):
        if word[len(left) :] in rights:
            return [left, word[len(left) :]]
    return None


def _typo(backend, word: str) -> list[str] | None:
    """The most common indexed word one edit away ('tulsi' → 'tulis'). PostgreSQL with
    pg_trgm asks its trigram index first; every one-edit variant is looked up when
    there is no trigram index or its nearest words hold none (a swap of two letters,
    'kemjea', shares few trigrams with 'kemeja')."""
    if len(word) < TYPO_MIN_LENGTH:
        return None
    near = backend.near_words(word) or []
    candidates = [(count, w) for w, count in near if distance(word, w) == 1]
    if not candidates:
        candidates = [(count, w) for w, count in _existing(edits1(word)).items()]
    if not candidates:
        return None
    return [max(candidates)[1]]


# --- Keeping the index -----------------------------------------------------------


# The words a technique adds to a product. Not the display labels: "Batik kombinasi
# (tulis dan cap)" would make every kombinasi product match "batik tulis".
TECHNIQUE_WORDS = {
    Technique.TULIS: "batik tulis",
    Technique.CAP: "batik cap",
    Technique.KOMBINASI: "batik kombinasi",
    Technique.PRINTING: "printing motif batik",
}


def _labels(product: Product) -> list[str]:
    with translation.override("id"):
        sector = str(Sector(product.sector).label) if product.sector in Sector.values else ""
    return [sector, TECHNIQUE_WORDS.get(product.technique, "")]


def build_entry(product: Product, badge_codes=()) -> CatalogueEntry:
    """The index row of a public product (its business, village, district and regency
    loaded): normalised words and filter tags."""
    business = product.business
    body = [
        product.motif,
        product.category,
        *_labels(product),
        product.fabric,
        product.description[:2000],
        business.name,
        business.village.name,
        business.district.name,
    ]
    tags = [
        tag("d", business.district_id),
        tag("r", business.regency_id),
        tag("s", product.sector),
        *([tag("t", product.technique)] if product.technique else []),
        *(tag("b", code) for code in sorted(set(badge_codes))),
    ]
    return CatalogueEntry(
        product_id=product.pk,
        business_id=business.pk,
        district_id=business.district_id,
        sector=product.sector,
        technique=product.technique,
        price=product.price,
        title=normalise(product.name),
        body=normalise(" ".join(p for p in body if p)),
        tags=" ".join(tags),
    )


def _doc_words(entry: CatalogueEntry) -> set[str]:
    return set(words(entry.title)) | set(words(entry.body))


def _public_with_places():
    return Product.objects.public().select_related(
        "business__village", "business__district", "business__regency"
    )


def _badge_codes(products) -> dict[int, set[str]]:
    by_product = badges.product_badges([p.pk for p in products])
    by_business = badges.business_badges({p.business_id for p in products})
    return {
        p.pk: {b.code for b in by_product.get(p.pk, [])}
        | {b.code for b in by_business.get(p.business_id, [])}
        for p in products
    }


@transaction.atomic
def _reindex(*, product_filter: dict, entry_filter: dict) -> None:
    old = list(CatalogueEntry.objects.filter(**entry_filter))
    products = list(_public_with_places().filter(**product_filter))
    codes = _badge_codes(products)
    new = [build_entry(p, codes[p.pk]) for p in products]
    backend = _backend()
    backend.write([], [e.product_id for e in old])
    CatalogueEntry.objects.filter(pk__in=[e.pk for e in old]).delete()
    CatalogueEntry.objects.bulk_create(new)
    backend.write(new, [])
    words: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    for entry in old:
        words.subtract(_doc_words(entry))
        districts[entry.district_id] -= 1
    for entry in new:
        words.update(_doc_words(entry))
        districts[entry.district_id] += 1
    _count(WORDS, words)
    _count(DISTRICTS, districts)
    _mark_feed(old_ids={e.product_id for e in old}, new_ids={e.product_id for e in new})
    touch()


def _mark_feed(*, old_ids: set[int], new_ids: set[int]) -> None:
    """The product feed's change times: every product re-indexed changed now; one that
    left the catalogue is kept as a removal (kriya/showcase/feed.py)."""
    from django.utils import timezone

    from .models import FeedItem

    now = timezone.now()
    rows = [FeedItem(product_id=pk, changed_at=now, removed=False) for pk in new_ids]
    rows += [FeedItem(product_id=pk, changed_at=now, removed=True) for pk in old_ids - new_ids]
    if rows:
        FeedItem.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["product_id"],
            update_fields=["changed_at", "removed"],
        )


def index_product(product: Product) -> None:
    """Bring the product's index row in line with the registry: present with fresh
    words if the product is public, absent otherwise. Call after every product write."""
    _reindex(product_filter={"pk": product.pk}, entry_filter={"product_id": product.pk})


def reindex_business(business) -> None:
    """Re-index every product of the business: after a status move (verified,
    returned, suspended…), a profile change (its name and village are searchable) or a
    certificate change."""
    _reindex(product_filter={"business_id": business.pk}, entry_filter={"business_id": business.pk})


def on_product_changed(sender, *, product, **kwargs) -> None:
    """Receiver of `kriya.registry.signals.product_changed`."""
    index_product(product)


def on_business_changed(sender, *, business, **kwargs) -> None:
    """Receiver of `kriya.registry.signals.business_changed`."""
    reindex_business(business)


# (table, key column, count column) of the two exact counters the index keeps.
WORDS = ("showcase_searchword", "word", "doc_count")
DISTRICTS = ("showcase_cataloguedistrict", "district_id", "product_count")


def _count(counter, delta: Counter) -> None:
    """Add `delta` to an exact counter table; keys that fall to zero are removed."""
    table, key, count = counter
    gained = [(k, n) for k, n in delta.items() if n > 0]
    lost = [(-n, k) for k, n in delta.items() if n < 0]
    with connection.cursor() as cursor:
        # Constant identifiers only; keys and counts are parameters.
        if gained:
            cursor.executemany(
                f"INSERT INTO {table} ({key}, {count}) VALUES (%s, %s) "  # noqa: S608
                f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}",
                gained,
            )
        if lost:
            cursor.executemany(
                f"UPDATE {table} SET {count} = {count} - %s WHERE {key} = %s",  # noqa: S608
                lost,
            )
            cursor.execute(
                f"DELETE FROM {table} WHERE {count} <= 0 AND {key} IN "  # noqa: S608
                f"({', '.join(['%s'] * len(lost))})",
                [k for _, k in lost],
            )


def touch() -> None:
    """Move the catalogue's Last-Modified: every index write calls this."""
    now = timezone.now()
    if not CatalogueState.objects.filter(pk=1).update(changed_at=now):
        CatalogueState.objects.update_or_create(pk=1, defaults={"changed_at": now})


def changed_at():
    state = CatalogueState.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    return state


@transaction.atomic
def rebuild(*, chunk: int = 2000) -> int:
    """Rebuild the whole index and vocabulary from the registry (seed, repairs).
    Returns the number of indexed products."""
    backend = _backend()
    backend.clear()
    CatalogueEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    CatalogueDistrict.objects.all().delete()
    counts: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    total = 0
    ids = list(_public_with_places().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        products = list(_public_with_places().filter(pk__in=ids[start : start + chunk]))
        codes = _badge_codes(products)
        entries = [build_entry(p, codes[p.pk]) for p in products]
        CatalogueEntry.objects.bulk_create(entries)
        backend.write(entries, [])
        for entry in entries:
            counts.update(_doc_words(entry))
            districts[entry.district_id] += 1
        total += len(entries)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, doc_count=n) for w, n in counts.items()], batch_size=2000
    )
    CatalogueDistrict.objects.bulk_create(
        [CatalogueDistrict(district_id=d, product_count=n) for d, n in districts.items()]
    )
    touch()
    return total


__all__ = [
    "CAP",
    "PAGE_SIZE",
    "Filters",
    "SearchQuery",
    "SearchResult",
    "index_product",
    "rebuild",
    "reindex_business",
    "replace",
    "search",
]
