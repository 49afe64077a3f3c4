"""Certificate badges on the showcase: the hook the certification app fills in.

Until certificates exist every function here answers "none", and the catalogue hides
its certificate filter. The certification app replaces the bodies below (and nothing
else in the showcase): each function takes ids, answers for all of them in a fixed
number of queries, and only counts certificates that are valid today (not suspended,
withdrawn or expired). After issuing, suspending, withdrawing or expiring a certificate
it calls `kriya.showcase.search.reindex_business(business)` so that the certificate
filter (a tag in the full-text index) follows.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    """One valid certificate as a visitor sees it."""

    code: str  # the certificate type, e.g. "batikmark_tulis", "sppt_sni", "halal"
    label: str  # e.g. "Batikmark tulis"
    number: str = ""  # the certificate number
    verify_url: str = ""  # the public verification page of this certificate


def certificate_types() -> list[tuple[str, str]]:
    """(code, label) of the certificate types a visitor may filter by."""
    return []


def product_badges(product_ids) -> dict[int, list[Badge]]:
    """Valid certificates per product id (a product id without any is left out)."""
    return {}


def business_badges(business_ids) -> dict[int, list[Badge]]:
    """Valid certificates per business id (e.g. halal, industri hijau)."""
    return {}
