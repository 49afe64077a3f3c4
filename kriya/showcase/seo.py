"""What search engines and link previews read: schema.org JSON-LD and the page's QR."""

import segno
from django.utils.translation import gettext as _

from kriya.registry.models import Availability

AVAILABILITY = {
    Availability.READY: "https://schema.org/InStock",
    Availability.PREORDER: "https://schema.org/PreOrder",
    Availability.SOLD_OUT: "https://schema.org/OutOfStock",
}


def place_words(business) -> list[str]:
    """'Desa Bulujaran Lor', 'Kecamatan Paiton', 'Kabupaten Probolinggo'."""
    village = business.village
    kind = _("Kelurahan") if village.is_kelurahan else _("Desa")
    return [f"{kind} {village.name}", f"{_('Kecamatan')} {business.district.name}",
            business.regency.name]  # fmt: skip


def business_jsonld(business, url: str, *, badges=()) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": url,
        "name": business.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": business.address or business.village.name,
            "addressLocality": business.district.name,
            "addressRegion": business.regency.name,
            "addressCountry": "ID",
        },
    }
    if business.phone:
        data["telephone"] = business.phone
    if business.latitude is not None and business.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(business.latitude),
            "longitude": float(business.longitude),
        }
    if badges:
        data["hasCredential"] = [_credential(b) for b in badges]
    return data


def product_jsonld(product, url: str, *, business_url: str, images=(), badges=()) -> dict:
    business = product.business
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": url,
        "name": product.name,
        "url": url,
        "description": product.description or product.name,
        "brand": {"@type": "Brand", "name": business.name},
        "offers": {
            "@type": "Offer",
            "url": url,
            "price": str(product.price),
            "priceCurrency": "IDR",
            "availability": AVAILABILITY.get(product.availability, "https://schema.org/InStock"),
            "seller": {"@type": "LocalBusiness", "@id": business_url, "name": business.name},
        },
    }
    if images:
        data["image"] = list(images)
    if product.category:
        data["category"] = product.category
    if product.motif:
        data["pattern"] = product.motif
    if product.fabric:
        data["material"] = product.fabric
    if badges:
        data["hasCertification"] = [_credential(b, kind="Certification") for b in badges]
    return data


def website_jsonld(home_url: str, catalogue_url: str) -> dict:
    """The site with its search box (search engines may show it under the result)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "Kriya",
        "url": home_url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{catalogue_url}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def product_description(product) -> str:
    """A short description for search results and link previews."""
    from .templatetags.showcase import rupiah

    text = " ".join(product.description.split())
    if len(text) > 155:
        text = text[:154].rsplit(" ", 1)[0] + "…"
    lead = _("%(price)s dari %(business)s, Kecamatan %(district)s.") % {
        "price": rupiah(product.price),
        "business": product.business.name,
        "district": product.business.district.name,
    }
    return f"{lead} {text}".strip()


def _credential(badge, kind="EducationalOccupationalCredential") -> dict:
    data = {"@type": kind, "name": badge.label}
    if badge.verify_url:
        data["url"] = badge.verify_url
    return data


def qr_svg(url: str) -> str:
    """The page's URL as an inline SVG QR code (a few kilobytes, no image request)."""
    return segno.make(url, error="m").svg_inline(
        scale=3, dark="#1d1b19", svgclass="qr", title=_("Kode QR halaman ini")
    )
