"""WhatsApp click-to-chat and share links."""

from urllib.parse import unquote

import pytest

from kriya.registry import services
from kriya.showcase.contact import map_link, whatsapp_number


@pytest.mark.parametrize(
    ("phone", "number"),
    [
        ("+6281234567890", "6281234567890"),
        ("0812-3456-7890", "6281234567890"),
        ("62 812 3456 7890", "6281234567890"),
        ("81234567890", "6281234567890"),
        ("(0335) 123456", ""),  # a landline cannot chat
        ("", ""),
    ],
)
def test_whatsapp_number_is_an_indonesian_mobile_in_international_form(phone, number):
    assert whatsapp_number(phone) == number


def test_product_page_links_to_a_chat_with_a_prefilled_indonesian_message(client, product):
    html = client.get(f"/produk/{product.slug}/").text
    link = html.split('href="https://wa.me/6281234567890?text=', 1)[1].split('"', 1)[0]
    message = unquote(link)
    assert message.startswith("Halo Batik Prabulinggih, saya melihat produk")
    assert product.name in message
    assert f"http://testserver/produk/{product.slug}/" in message
    assert "Apakah produk ini masih tersedia?" in message


def test_the_message_stays_indonesian_for_an_english_visitor(client, product):
    client.cookies["django_language"] = "en"
    html = client.get(f"/produk/{product.slug}/").text
    assert "?text=Halo%20Batik%20Prabulinggih" in html


def test_no_chat_button_without_a_mobile_number(client, owner, product):
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert "https://wa.me/62" not in html
    assert "https://wa.me/?text=" in html  # sharing still works


def test_map_link_only_with_coordinates():
    assert map_link(None, None) == ""
    assert map_link(-7.72, 113.5).startswith("https://www.openstreetmap.org/?mlat=-7.72&mlon=113.5")
