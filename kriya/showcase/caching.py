"""HTTP validators for public pages: an ETag of what the visitor would receive and a
Last-Modified from the data shown, so that a revalidating browser gets 304 Not
Modified while nothing changed and the new page the moment anything did.

The ETag hashes the rendered page, so it changes with every change a visitor could see
(a hidden business, a new photo, another language) without a cache to invalidate. The
masked CSRF tokens in the layout differ on every render; they are left out of the hash
and the CSRF secret is put in instead, so a page served from the browser's cache always
carries a token that is still valid for that browser.
"""

import hashlib
import re

from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

_MASKED_TOKEN = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]{64}')


def page_etag(request, content: bytes) -> str:
    digest = hashlib.sha256(_MASKED_TOKEN.sub(rb"\1", content))
    digest.update(request.META.get("CSRF_COOKIE", "").encode())
    return quote_etag(digest.hexdigest()[:32])


def latest(*moments):
    """The latest of the given datetimes, ignoring None."""
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def render_public(request, template: str, context: dict, *, last_modified=None):
    """Render a public page with ETag, Last-Modified and `Cache-Control: private,
    no-cache` (the page holds a CSRF token: no shared caches; always revalidate), and
    answer 304 when the browser's copy is current. A page rendered for anonymous
    visitors (`kriya.core.pagecache.cached_page`) has no token and gets its
    Cache-Control from there."""
    response = render(request, template, context)
    etag = page_etag(request, response.content)
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    if not getattr(request, "kriya_shared_page", False):
        # Cache-Control of pages shared by anonymous visitors: kriya.core.pagecache.
        patch_cache_control(response, private=True, no_cache=True)
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)
