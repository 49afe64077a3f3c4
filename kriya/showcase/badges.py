"""Certificate badges on the showcase: the one place the showcase learns about
certificates, answered by the certification app's queries (kriya.certification.queries).

Each function takes ids and answers for all of them in a fixed number of queries,
counting only certificates valid today (not suspended, withdrawn or expired), so a
badge disappears the day a certificate lapses. After issuing, suspending, withdrawing
or expiring a certificate, the certification services announce it on commit
(`kriya.registry.signals.business_changed`) and the showcase re-indexes the business, so
that the certificate filter (a tag in the full-text index) follows. With `certificate_types()` empty the catalogue hides
its certificate filter.
"""

from dataclasses import asdict, dataclass

from kriya.certification import queries


@dataclass(frozen=True)
class Badge:
    """One valid certificate as a visitor sees it."""

    code: str  # the certificate type, e.g. "batikmark_tulis", "sppt_sni", "halal"
    label: str  # e.g. "Batikmark tulis"
    number: str = ""  # the certificate number
    verify_url: str = ""  # the public verification page of this certificate


def certificate_types() -> list[tuple[str, str]]:
    """(code, label) of the certificate types a visitor may filter by."""
    return queries.certificate_types()


def _badges(found) -> dict[int, list[Badge]]:
    return {key: [Badge(**asdict(info)) for info in infos] for key, infos in found.items()}


def product_badges(product_ids) -> dict[int, list[Badge]]:
    """Valid certificates per product id (Batikmark, SNI, halal); a product without any
    is left out. Two queries."""
    ids = list(product_ids)
    return _badges(queries.product_badges(ids)) if ids else {}


def business_badges(business_ids) -> dict[int, list[Badge]]:
    """Valid business-wide certificates per business id (industri hijau). One query."""
    ids = list(business_ids)
    return _badges(queries.business_badges(ids)) if ids else {}
