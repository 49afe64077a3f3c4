"""The buyer reaches the seller: WhatsApp with the seller's number and a message naming
the product and its page, a phone link, and the regency office's contact when the
seller left no mobile number. Sharing stays separate and says "Bagikan"."""

from urllib.parse import unquote

import pytest

from kriya.accounts.models import Organisation, OrganisationKind
from kriya.registry import services
from kriya.registry.models import Business
from kriya.showcase.contact import phone_display, phone_link, whatsapp_number

from .factories import make_business, make_product


@pytest.mark.parametrize(
    ("phone", "number"),
    [
        ("+6281234567890", "6281234567890"),
        ("0812-3456-7890", "6281234567890"),
        ("0812 3456 7890", "6281234567890"),
        ("62 812 3456 7890", "6281234567890"),
        ("+62 (812) 3456.7890", "6281234567890"),
        ("81234567890", "6281234567890"),
        ("+628400000000001", "628400000000001"),  # the demo numbers still make a link
        ("(0335) 123456", ""),  # a landline cannot chat
        ("021-5551234", ""),
        ("0812", ""),  # too short
        ("+1 202 555 0100", ""),  # not Indonesian
        ("", ""),
    ],
)
def test_whatsapp_number_is_normalised_to_62(phone, number):
    assert whatsapp_number(phone) == number


@pytest.mark.parametrize(
    ("phone", "link", "shown"),
    [
        ("+6281234567890", "tel:+6281234567890", "0812-3456-7890"),
        ("+62335123456", "tel:+62335123456", "0335-123456"),
        ("+62215551234", "tel:+62215551234", "021-5551234"),
        ("", "", ""),
    ],
)
def test_phone_links_and_how_the_number_is_written(phone, link, shown):
    assert phone_link(phone) == link
    assert phone_display(phone) == shown


def chat_link(html, number=""):
    prefix = f'href="https://wa.me/{number}?text=' if number else 'href="https://wa.me/62'
    assert prefix in html, "no chat link"
    return unquote(html.split(prefix, 1)[1].split('"', 1)[0])


def test_product_page_chats_with_the_seller_about_that_product(client, product):
    html = client.get(f"/produk/{product.slug}/").text
    assert "Tanya penjual lewat WhatsApp" in html
    message = chat_link(html, "6281234567890")
    assert message == (
        f"Halo Batik Prabulinggih, saya melihat produk {product.name} di Kriya: "
        f"http://testserver/produk/{product.slug}/. Apakah produk ini masih tersedia?"
    )
    assert 'href="tel:+6281234567890"' in html and "Telepon 0812-3456-7890" in html


def test_business_page_chats_and_calls_the_seller(client, shop):
    html = client.get(f"/usaha/{shop.slug}/").text
    assert "Tanya penjual lewat WhatsApp" in html
    message = chat_link(html, "6281234567890")
    assert message == (
        f"Halo Batik Prabulinggih, saya melihat usaha Anda di Kriya: "
        f"http://testserver/usaha/{shop.slug}/"
    )
    assert 'href="tel:+6281234567890"' in html


def test_a_product_name_with_symbols_is_encoded_in_the_link(client, shop, add_product):
    item = add_product(shop, name="Kain batik tulis 100% sutra & katun #1")
    html = client.get(f"/produk/{item.slug}/").text
    raw = html.split('href="https://wa.me/6281234567890?text=', 1)[1].split('"', 1)[0]
    assert "&" not in raw.replace("&amp;", "") and "#" not in raw and " " not in raw
    assert "Kain batik tulis 100% sutra & katun #1" in unquote(raw.replace("&amp;", "&"))


@pytest.mark.parametrize("page", ["produk/{product}", "usaha/{business}"])
def test_sharing_is_separate_and_says_bagikan(client, product, page):
    url = "/" + page.format(product=product.slug, business=product.business.slug) + "/"
    html = client.get(url).text
    share = html.split('id="share-title"', 1)[1]
    assert ">Bagikan<" in share and "Bagikan ke WhatsApp" in share
    assert 'href="https://wa.me/?text=' in share
    assert "https://wa.me/62" not in share  # sharing carries no number


@pytest.fixture
def regency_office(regions):
    return Organisation.objects.create(
        name="DKUPP Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
        phone="0811-3300-1122",
    )


def test_without_a_mobile_the_regency_office_is_offered(client, owner, product, regency_office):
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert "Tanya penjual lewat WhatsApp" not in html
    assert "Batik Prabulinggih belum mencantumkan nomor WhatsApp" in html
    assert "Tanya lewat WhatsApp DKUPP Kabupaten Probolinggo" in html
    message = chat_link(html, "6281133001122")
    assert message.startswith("Halo DKUPP Kabupaten Probolinggo, saya ingin menghubungi ")
    assert "Batik Prabulinggih" in message and product.name in message
    assert f"/produk/{product.slug}/" in message
    assert 'href="tel:+6281133001122"' in html
    business = client.get(f"/usaha/{product.business.slug}/").text
    assert "Tanya lewat WhatsApp DKUPP Kabupaten Probolinggo" in business


def test_a_landline_is_called_and_the_office_chats(client, owner, product, regency_office):
    services.update_business(business=product.business, data={"phone": "(0335) 123456"}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert 'href="tel:+62335123456"' in html and "Telepon 0335-123456" in html
    assert 'href="https://wa.me/6281133001122?text=' in html


def test_the_office_of_another_regency_is_never_offered(client, owner, product, regions):
    Organisation.objects.create(
        name="Dinas Kota Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.74"],
        phone="0811-9999-0000",
    )
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert "Dinas Kota Probolinggo" not in html and "wa.me/62" not in html


def test_an_office_without_a_contact_is_skipped_for_the_settings(
    client, owner, product, regions, settings
):
    Organisation.objects.create(
        name="DKUPP tanpa kontak", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.13"]
    )
    settings.KRIYA_REGENCY_OFFICE = "Layanan UMKM Kabupaten"
    settings.KRIYA_REGENCY_PHONE = "+6281100002222"
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert "DKUPP tanpa kontak" not in html
    assert "Tanya lewat WhatsApp Layanan UMKM Kabupaten" in html
    assert chat_link(html, "6281100002222").startswith("Halo Layanan UMKM Kabupaten,")


def test_without_any_contact_nothing_is_invented(client, owner, product, settings):
    settings.KRIYA_REGENCY_OFFICE = settings.KRIYA_REGENCY_PHONE = ""
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert "wa.me/62" not in html and 'href="tel:' not in html
    assert "Batik Prabulinggih belum mencantumkan nomor yang bisa dihubungi." in html


def test_a_demo_business_says_its_number_reaches_nobody(client, regions, make_user, officer):
    from kriya.accounts.demo import demo_phone

    owner = make_user("demo-owner@example.test")
    shop = make_business(owner, officer=officer, name="Batik Contoh", phone=demo_phone(1))
    Business.objects.filter(pk=shop.pk).update(is_demo=True)
    item = make_product(shop, owner, name="Selendang contoh")
    html = client.get(f"/produk/{item.slug}/").text
    assert 'href="https://wa.me/628400000000001?text=' in html
    assert "nomor demo yang tidak tersambung ke siapa pun" in html
    real = client.get(f"/produk/{make_product(shop, owner, name='Kain nyata').slug}/").text
    Business.objects.filter(pk=shop.pk).update(is_demo=False)
    assert "nomor demo" not in client.get(f"/usaha/{shop.slug}/").text
    assert "nomor demo" in real


def test_the_english_page_keeps_the_indonesian_message(client, product):
    client.cookies["django_language"] = "en"
    html = client.get(f"/produk/{product.slug}/").text
    assert chat_link(html, "6281234567890").startswith("Halo Batik Prabulinggih, saya melihat")


def test_an_office_with_only_an_e_mail_offers_the_e_mail(client, owner, product, regions):
    Organisation.objects.create(
        name="DKUPP Kabupaten Probolinggo",
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
        email="umkm@probolinggokab.example",
    )
    services.update_business(business=product.business, data={"phone": ""}, by=owner)
    html = client.get(f"/produk/{product.slug}/").text
    assert 'href="mailto:umkm@probolinggokab.example"' in html
    assert "wa.me/62" not in html


def test_the_office_contact_is_checked_when_it_is_entered(regions):
    from django.core.exceptions import ValidationError

    office = Organisation(
        name="DKUPP", kind=OrganisationKind.REGENCY_UNIT, regency=regions["35.13"], phone="telp"
    )
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert "Tulis nomor seperti 0812-3456-7890" in str(error.value.message_dict["phone"])
    office.phone = "0335 123456"
    office.full_clean()
