"""How a buyer reaches the seller: click-to-chat (WhatsApp's public wa.me links, no
provider needed), a phone link, and — for a business without a mobile number — the
contact of the regency office that looks after it. Share links are separate: they carry
no number and say "Bagikan"."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


def whatsapp_number(phone: str) -> str:
    """'+62 812-3456-7890', '0812…' or '62812…' → '62812…'; '' unless an Indonesian
    mobile number (62 8…), since a landline cannot receive WhatsApp."""
    digits = _national_digits(phone)
    return digits if re.fullmatch(r"628\d{7,12}", digits) else ""


def _national_digits(phone: str) -> str:
    """Any way of writing an Indonesian number → its digits in the 62… form ('' for
    nothing)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits


def phone_link(phone: str) -> str:
    """'tel:+62…' for any Indonesian number, mobile or landline ('' without one)."""
    digits = _national_digits(phone)
    return f"tel:+{digits}" if re.fullmatch(r"62\d{7,13}", digits) else ""


def phone_display(phone: str) -> str:
    """The number as Indonesians write it: '+6281234567890' → '0812-3456-7890';
    a landline keeps its area code apart: '+62335123456' → '0335-123456'."""
    digits = _national_digits(phone)
    if not re.fullmatch(r"62\d{7,13}", digits):
        return phone or ""
    national = "0" + digits[2:]
    if national.startswith("08"):
        head, rest = national[:4], national[4:]
        parts = [rest[i : i + 4] for i in range(0, len(rest), 4)]
        return "-".join([head, *parts])
    area = 3 if national[:3] in {"021", "022", "024", "031", "061"} else 4
    return f"{national[:area]}-{national[area:]}"


def whatsapp_chat_link(phone: str, text: str) -> str:
    number = whatsapp_number(phone)
    return f"https://wa.me/{number}?text={quote(text)}" if number else ""


def product_message(product, url: str) -> str:
    """The prefilled question about a product, in Indonesian (the seller's language,
    whatever the visitor's)."""
    with translation.override("id"):
        return _(
            "Halo %(business)s, saya melihat produk %(product)s di Kriya: %(url)s. "
            "Apakah produk ini masih tersedia?"
        ) % {"business": product.business.name, "product": product.name, "url": url}


def business_message(business, url: str) -> str:
    with translation.override("id"):
        return _("Halo %(business)s, saya melihat usaha Anda di Kriya: %(url)s") % {
            "business": business.name,
            "url": url,
        }


def office_message(office_name: str, business, url: str, product=None) -> str:
    """The question to the regency office when the seller has no mobile number."""
    with translation.override("id"):
        if product is not None:
            return _(
                "Halo %(office)s, saya ingin menghubungi %(business)s tentang produk "
                "%(product)s di Kriya: %(url)s. Bisakah dibantu?"
            ) % {
                "office": office_name,
                "business": business.name,
                "product": product.name,
                "url": url,
            }
        return _(
            "Halo %(office)s, saya ingin menghubungi %(business)s di Kriya: %(url)s. "
            "Bisakah dibantu?"
        ) % {"office": office_name, "business": business.name, "url": url}


def product_chat_link(product, url: str) -> str:
    """A chat with the seller about `product` ('' when the seller has no mobile)."""
    return whatsapp_chat_link(product.business.phone, product_message(product, url))


def business_chat_link(business, url: str) -> str:
    return whatsapp_chat_link(business.phone, business_message(business, url))


@dataclass(frozen=True)
class Office:
    """Whom a buyer may ask when a seller left no mobile number: the regency unit's
    organisation, or the deployment's contact (settings)."""

    name: str
    phone: str
    email: str = ""


def settings_office() -> Office | None:
    """The regency office of the deployment, as the footer and /kontak/ show it:
    `KRIYA_REGENCY_OFFICE` with `KRIYA_REGENCY_PHONE` or `KRIYA_REGENCY_EMAIL` (None
    unless the name and one way to reach it are set)."""
    name = getattr(settings, "KRIYA_REGENCY_OFFICE", "") or ""
    phone = getattr(settings, "KRIYA_REGENCY_PHONE", "") or ""
    email = getattr(settings, "KRIYA_REGENCY_EMAIL", "") or ""
    return Office(name, phone, email) if name and (phone or email) else None


@dataclass(frozen=True)
class SellerContact:
    """What the contact block of a product or business page shows."""

    chat: str = ""  # wa.me link with the seller's number and the prefilled message
    call: str = ""  # tel: link to the seller (mobile or landline)
    number: str = ""  # the seller's number as written (0812-3456-7890)
    office: Office | None = None  # shown when the seller has no mobile number
    office_chat: str = ""
    office_call: str = ""
    office_number: str = ""
    is_demo: bool = False  # a demo business: its number reaches nobody

    @property
    def reachable(self) -> bool:
        return bool(self.chat or self.call or self.office_chat or self.office_call)


def seller_contact(business, url: str, *, product=None, office: Office | None = None):
    """The seller's WhatsApp and phone links; with no mobile number, the regency
    office's (`office`, found by the caller) as well. Nothing is ever made up: without
    either, the block says so."""
    message = product_message(product, url) if product else business_message(business, url)
    chat = whatsapp_chat_link(business.phone, message)
    found = {
        "chat": chat,
        "call": phone_link(business.phone),
        "number": phone_display(business.phone) if business.phone else "",
        "is_demo": bool(getattr(business, "is_demo", False)),
    }
    if not chat and office is not None:
        text = office_message(office.name, business, url, product)
        found.update(
            office=office,
            office_chat=whatsapp_chat_link(office.phone, text),
            office_call=phone_link(office.phone),
            office_number=phone_display(office.phone) if office.phone else "",
        )
    return SellerContact(**found)


def share_links(url: str, title: str) -> dict[str, str]:
    """Links that share a page without any script on our side (no number: these are
    "Bagikan", not a chat with the seller)."""
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
