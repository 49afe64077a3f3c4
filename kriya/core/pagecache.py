"""Whole-page cache for anonymous visitors of the public pages (docs/performance.md).

A public view decorated `@cached_page("product", "business", …)` is rendered once per
combination of what its page shows, and served from memory after that:

- **The key** is the host, path, query string, language, htmx-or-not, today's date (pages
  show upcoming events and certificates that expire by date) and the current *version*
  of every kind of data the page depends on.
- **Versions** are counters in the shared cache (`CACHES["default"]`: Redis in
  production, the database on `make run`), one per kind in `KINDS`. A service that writes
  such data calls `bump(kind, …)`, which increments them once its transaction commits, so
  the next request of any worker computes a new key and renders the page afresh: a write
  is visible at once, with nothing to delete.
- **Pages** are kept in a per-process memory cache (`CACHES["pages"]`). A hit costs one
  read of the versions from the shared cache (one round trip for all kinds) and a
  dictionary look-up: no template, no query of the page's own.

Only anonymous visitors are served from it: a GET or HEAD without a session or a
messages cookie. For them the page is rendered without a CSRF token (the context
processor `kriya.core.context_processors.kriya` blanks it when `request.kriya_shared_page`
is set; public pages have no form an anonymous visitor posts except the language switch,
which is exempt, see docs/decisions.md), so one rendering fits every visitor and a CDN
may keep it: `Cache-Control: public, max-age=0, must-revalidate, s-maxage=…` (browsers
revalidate; `CDN-Cache-Control` adds stale-while-revalidate for CDNs), an ETag, and
`Vary: Cookie, Accept-Language`. A response is stored only when it is a 200 that sets no
cookie, queues no message, did not touch the session and used no CSRF token.

Logged-in visitors get the view itself with `Cache-Control: private, no-store`.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe, quote_etag

# The kinds of data a public page can show. A page names the kinds it depends on;
# a write bumps the kinds it changed.
KINDS = frozenset(
    {
        "catalogue",  # what is public in the showcase: products of verified businesses
        "product",  # a product's own fields and photos
        "business",  # a business's profile and status
        "certificate",  # certificates, badges, the directory
        "service",  # the desk's service catalogue, documents and fees
        "verification",  # the register of signed documents, status lists, keys
        "place",  # destinations and other place pages edited in the admin
        "opendata",  # the open datasets' stored snapshots (kriya.insights.snapshots)
    }
)
VERSION_KEY = "kriya:pages:v1:{}"
SAFE_METHODS = ("GET", "HEAD")
VARY = ("Cookie", "Accept-Language")


def _shared():
    return caches["default"]


def _pages():
    return caches["pages"]


def _check(kinds) -> tuple[str, ...]:
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"unknown page-cache kinds: {sorted(unknown)}")
    return tuple(kinds)


def versions(kinds) -> list[int]:
    """The current version of each kind, one shared-cache read for all. A missing
    counter (a new or cleared cache) starts at a random value, never at one a page may
    already be stored under."""
    keys = [VERSION_KEY.format(kind) for kind in kinds]
    shared = _shared()
    found = _read(shared, keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            shared.add(key, secrets.randbits(48), timeout=None)
        found.update(shared.get_many(missing))
    return [found.get(key, 0) for key in keys]


def _read(shared, keys) -> dict:
    """get_many, with a short cut for Django's database cache (`make run`): its
    get_many costs about 0.5 ms (key validation, expiry conversion, a cursor per call);
    one plain SELECT of the same rows about 0.1 ms. The counters never expire (timeout
    None), so the expiry column is not read; the value is stored as Django's database
    cache stores it (base64 of a pickle, written by Django itself)."""
    if not isinstance(shared, DatabaseCache):
        return shared.get_many(keys)
    names = {shared.make_key(key): key for key in keys}
    alias = router.db_for_read(shared.cache_model_class)
    connection = connections[alias]
    table = connection.ops.quote_name(shared._table)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT cache_key, value FROM {table} WHERE cache_key IN ({marks})",  # noqa: S608
            list(names),
        )
        rows = cursor.fetchall()
    found = {}
    for name, value in rows:
        if isinstance(value, memoryview):
            value = value.tobytes()
        if isinstance(value, str):
            value = value.encode()
        found[names[name]] = pickle.loads(base64.b64decode(value))  # noqa: S301 (our own)
    return found


def bump(*kinds) -> None:
    """Mark every page showing these kinds of data as stale. Services call it beside
    their write. It bumps at once and again when the transaction commits: another
    worker may read the first new version before the commit and store a page of the
    old data under it; the second bump leaves that page behind. A view reads the
    versions before its data, so a page is never stored under a version newer than
    what it shows."""
    kinds = _check(kinds)
    _bump_now(kinds)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(kinds), robust=True)


def _bump_now(kinds) -> None:
    shared = _shared()
    for kind in kinds:
        key = VERSION_KEY.format(kind)
        try:
            shared.incr(key)
        except ValueError:  # no counter yet (or evicted): any fresh value will do
            shared.set(key, secrets.randbits(48), timeout=None)


def _personal(request) -> bool:
    """Does the request carry a cookie that may make its page personal?"""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _key(request, kinds) -> str:
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        getattr(request, "LANGUAGE_CODE", ""),
        "htmx" if request.headers.get("HX-Request") else "",
        timezone.localdate().isoformat(),
        *(f"{kind}={v}" for kind, v in zip(kinds, versions(kinds), strict=True)),
    ]
    return "kriya:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _storable(request, response) -> bool:
    """A page every anonymous visitor may receive: a plain 200 that sets no cookie,
    queues no message, left the session alone and holds no CSRF token."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not getattr(storage, "_queued_messages", None)


def public_headers(response) -> None:
    # Browsers revalidate every time (a 304 for an unchanged ETag costs a cache hit), so
    # a suspension shows at the next reload; a CDN keeps the page `KRIYA_PAGE_MAX_AGE`
    # seconds and may serve it stale while it revalidates (RFC 9213 `CDN-Cache-Control`
    # for CDNs that read it, `s-maxage` for the others).
    max_age = settings.KRIYA_PAGE_MAX_AGE
    response["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={max_age}"
    response["CDN-Cache-Control"] = (
        f"public, max-age={max_age}, stale-while-revalidate={settings.KRIYA_PAGE_STALE}"
    )
    patch_vary_headers(response, VARY)


def private_headers(response) -> None:
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, VARY)


def _etag(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def _conditional(request, response):
    """304 when the visitor's copy (If-None-Match, else If-Modified-Since) is current."""
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def _respond(request, entry) -> HttpResponse:
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return _conditional(request, response)


def cached_page(*kinds):
    """Mark a public view's page as shared by anonymous visitors; `kinds` are the kinds
    of data it shows (`KINDS`). The view computes the page's key (versions read before
    its data) and its headers; `PageCacheMiddleware` stores the finished response and
    serves the next request for the same key before URL resolution."""
    kinds = _check(kinds)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                return view(request, *args, **kwargs)
            if _personal(request) and request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                private_headers(response)
                return response
            request.kriya_shared_page = True  # rendered without a CSRF token
            if _personal(request):  # anonymous, but perhaps with messages in a session
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    response["Cache-Control"] = "private, no-cache"
                    patch_vary_headers(response, VARY)
                return response
            key = _key(request, kinds) if settings.KRIYA_PAGE_CACHE else None
            response = view(request, *args, **kwargs)
            if not _storable(request, response):
                return response
            public_headers(response)
            response["ETag"] = _etag(response.content)
            if key is not None:
                request.kriya_page_store = (key, kinds)
            return response

        wrapper.page_kinds = kinds
        return wrapper

    return decorator


# path → (kinds, resolver match) of the pages this process has stored: the middleware
# answers a known path before resolving its URL. Bounded by the number of stored pages.
_ROUTES: dict[str, tuple] = {}


class PageCacheMiddleware:
    """Serves stored pages to anonymous visitors, and stores the pages `cached_page`
    marked. It sits right after LocaleMiddleware (the language is part of the key), so
    a hit skips URL resolution and the middleware below it; the headers those add
    (CSP, X-Frame-Options, Permissions-Policy, Vary) are stored with the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = _ROUTES.get(request.path)
        if (
            route is not None
            and request.method in SAFE_METHODS
            and settings.KRIYA_PAGE_CACHE
            and not _personal(request)
        ):
            kinds, match = route
            entry = _pages().get(_key(request, kinds))
            if entry is not None:
                request.kriya_page_cache = "hit"
                request.resolver_match = match  # for the metrics and the log
                return _respond(request, entry)
        response = self.get_response(request)
        store = getattr(request, "kriya_page_store", None)
        if store is None:
            return response
        request.kriya_page_cache = "miss"
        if _storable(request, response):
            key, kinds = store
            _pages().set(key, (response.content, list(response.items())), settings.KRIYA_PAGE_TTL)
            if len(_ROUTES) > settings.KRIYA_PAGE_CACHE_ROUTES:
                _ROUTES.clear()
            _ROUTES[request.path] = (kinds, getattr(request, "resolver_match", None))
        return _conditional(request, response)


class BumpsPagesAdmin:
    """Admin mixin for reference data that public pages show (services, destinations):
    every save or delete in the admin bumps `page_kinds`."""

    page_kinds: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        bump(*self.page_kinds)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump(*self.page_kinds)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump(*self.page_kinds)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump(*self.page_kinds)


def clear() -> None:
    """Forget every stored page of this process (tests)."""
    _pages().clear()
    _ROUTES.clear()
