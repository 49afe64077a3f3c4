"""The buyer's journey on a phone (390×844): search the catalogue, open a product, and
find the seller's WhatsApp link carrying the seller's number and the product's name —
with screenshots of each step kept as CI artefacts (journey_shot("buyer"))."""

import re
from urllib.parse import unquote

import pytest

from kriya.core.images import process_image
from kriya.registry import services
from kriya.registry.demo_photos import demo_photo

from .factories import make_business, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def with_photo(product, by):
    services.add_product_photos(product=product, images=[process_image(demo_photo(product))], by=by)
    return product


@pytest.fixture
def market(regions, make_user, officer):
    """Two verified batik businesses with photographed products."""
    paiton_owner = make_user("paiton@example.test")
    paiton = make_business(paiton_owner, officer=officer, name="Batik Prabulinggih")
    for name, technique, motif, category, price in [
        ("Kain batik tulis motif anggur", "tulis", "anggur", "kain", 1_250_000),
        ("Kemeja batik cap batu-batuan", "cap", "batu-batuan", "kemeja", 189_000),
    ]:  # fmt: skip
        with_photo(
            make_product(paiton, paiton_owner, name=name, technique=technique, motif=motif,
                         category=category, price=price),
            paiton_owner,
        )  # fmt: skip
    bromo_owner = make_user("bromo@example.test")
    bromo = make_business(
        bromo_owner,
        officer=officer,
        name="Batik Pasir Berbisik",
        village_id="35.13.01.2001",
        phone="0812-9876-5432",
    )
    for name, motif, price in [
        ("Selendang batik tulis letusan Bromo", "letusan Gunung Bromo", 465_000),
        ("Selendang sutra motif banjir bandang", "banjir bandang", 550_000),
    ]:
        with_photo(
            make_product(bromo, bromo_owner, name=name, motif=motif, category="selendang",
                         price=price),
            bromo_owner,
        )  # fmt: skip
    # A live Batikmark certificate: its badge shows on the card.
    from datetime import timedelta

    from django.utils import timezone

    from kriya.certification.models import Certificate, Scheme
    from kriya.certification.reference import seed_schemes
    from kriya.core.reference import load_reference

    seed_schemes(data=load_reference())
    anggur = paiton.products.get(name="Kain batik tulis motif anggur")
    certificate = Certificate.objects.create(
        number="BM-2026-0007", scheme=Scheme.objects.get(code="batikmark"), business=paiton,
        holder_name=paiton.name, holder_nib=paiton.nib, scope="Kain batik tulis",
        technique="tulis", issued_on=timezone.localdate() - timedelta(days=40),
        valid_until=timezone.localdate() + timedelta(days=1000), issued_by=paiton_owner,
    )  # fmt: skip
    certificate.products.set([anggur])
    return bromo


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide on a 390 px phone"


def test_a_buyer_searches_opens_a_product_and_finds_the_sellers_whatsapp(
    page, market, journey_shot
):
    shot = journey_shot("buyer")
    page.goto(page.base_url + "/produk/")
    assert page.locator(".product-card img").count() == 4  # every card has its photo
    card = page.locator(".product-card", has_text="Kain batik tulis motif anggur")
    assert card.locator(".card-badges").inner_text() == "Batikmark tulis"
    no_sideways_scroll(page)
    shot(page, "catalogue")

    page.get_by_role("searchbox").first.fill("selendang bromo")
    page.get_by_role("button", name="Cari").first.click()
    page.wait_for_url(re.compile(r"/produk/\?q=selendang\+bromo"))
    assert page.get_by_text("Selendang batik tulis letusan Bromo").is_visible()
    assert page.get_by_text("Kain batik tulis motif anggur").count() == 0
    no_sideways_scroll(page)
    shot(page, "search")

    page.get_by_role("link", name="Selendang batik tulis letusan Bromo").click()
    page.wait_for_url(re.compile(r"/produk/selendang-batik-tulis-letusan-bromo"))
    chat = page.get_by_role("link", name="Tanya penjual lewat WhatsApp")
    assert chat.is_visible()
    box = chat.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    href = chat.get_attribute("href")
    assert href.startswith("https://wa.me/6281298765432?text=")
    message = unquote(href.split("?text=", 1)[1])
    assert "Batik Pasir Berbisik" in message
    assert "Selendang batik tulis letusan Bromo" in message
    assert page.url in message  # the product's own page
    call = page.get_by_role("link", name="Telepon 0812-9876-5432")
    assert call.get_attribute("href") == "tel:+6281298765432"
    # Sharing is a separate thing and carries no number.
    share = page.get_by_role("link", name="Bagikan ke WhatsApp")
    assert share.get_attribute("href").startswith("https://wa.me/?text=")
    no_sideways_scroll(page)
    chat.scroll_into_view_if_needed()
    shot(page, "product")

    page.get_by_role("link", name="Batik Pasir Berbisik").first.click()
    page.wait_for_url(re.compile(r"/usaha/"))
    chat = page.get_by_role("link", name="Tanya penjual lewat WhatsApp")
    assert chat.get_attribute("href").startswith("https://wa.me/6281298765432?text=")
    assert page.locator(".product-card").count() == 2
    no_sideways_scroll(page)
    shot(page, "business")
