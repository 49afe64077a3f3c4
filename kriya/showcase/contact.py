"""Click-to-chat and share links (WhatsApp's public wa.me links; no provider needed)."""

import re
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext as _


def whatsapp_number(phone: str) -> str:
    """'+62 812-3456-7890', '0812…' or '62812…' → '62812…'; '' unless an Indonesian
    mobile number (62 8…), since a landline cannot receive WhatsApp."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if re.fullmatch(r"628\d{7,12}", digits) else ""


def whatsapp_chat_link(phone: str, text: str) -> str:
    number = whatsapp_number(phone)
    return f"https://wa.me/{number}?text={quote(text)}" if number else ""


def product_chat_link(product, url: str) -> str:
    """A chat with the seller, prefilled in Indonesian (the seller's language)."""
    with translation.override("id"):
        text = _(
            "Halo %(business)s, saya melihat produk %(product)s di Kriya: %(url)s. "
            "Apakah produk ini masih tersedia?"
        ) % {"business": product.business.name, "product": product.name, "url": url}
    return whatsapp_chat_link(product.business.phone, text)


def business_chat_link(business, url: str) -> str:
    with translation.override("id"):
        text = _("Halo %(business)s, saya melihat usaha Anda di Kriya: %(url)s") % {
            "business": business.name,
            "url": url,
        }
    return whatsapp_chat_link(business.phone, text)


def share_links(url: str, title: str) -> dict[str, str]:
    """Links that share a page without any script on our side."""
    return {
        "whatsapp": f"https://wa.me/?text={quote(f'{title} {url}')}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}",
        "telegram": f"https://t.me/share/url?url={quote(url, safe='')}&text={quote(title)}",
    }


def map_link(latitude, longitude) -> str:
    """OpenStreetMap at the business's coordinates ('' without them)."""
    if latitude is None or longitude is None:
        return ""
    return (
        f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}"
        f"#map=17/{latitude}/{longitude}"
    )
