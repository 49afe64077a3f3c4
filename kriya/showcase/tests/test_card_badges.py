"""Product cards (catalogue, home, business page, district) show the certificates that
are live for the product or its business — Batikmark, SNI, halal, industri hijau — and
nothing suspended, withdrawn, expired or unchecked; in a constant number of queries."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.certification.models import Certificate, HalalCertificate, Scheme
from kriya.certification.reference import seed_schemes
from kriya.core.reference import load_reference

_numbers = itertools.count(1)


@pytest.fixture
def schemes(db):
    seed_schemes(data=load_reference())
    return {s.kind: s for s in Scheme.objects.order_by("code")}


@pytest.fixture
def certify(schemes, owner):
    """certify(business, products, kind="batikmark", status="active", technique="tulis")"""

    def make(business, products=(), *, kind="batikmark", status="active", technique="tulis",
             valid_until=None):  # fmt: skip
        today = timezone.localdate()
        certificate = Certificate.objects.create(
            number=f"CERT-{next(_numbers):04d}",
            scheme=schemes[kind],
            business=business,
            holder_name=business.name,
            holder_nib=business.nib,
            scope="Kain batik",
            technique=technique if kind == "batikmark" else "",
            issued_on=today - timedelta(days=30),
            valid_until=valid_until or today + timedelta(days=365),
            status=status,
            issued_by=owner,
        )
        certificate.products.set(products)
        return certificate

    return make


def halal(business, products, *, status="accepted"):
    record = HalalCertificate.objects.create(
        business=business,
        submitted_by=business.created_by,
        number=f"SH2026-{next(_numbers):04d}",
        issued_on=date(2026, 1, 5),
        status=status,
    )
    record.products.set(products)
    return record


def card_of(html, name):
    """The <li> of the product card named `name`."""
    start = html.index(f'<span class="product-name">{name}</span>')
    start = html.rindex('<li class="product-card">', 0, start)
    return html[start : html.index("</li>\n", start)]


def badges_on(html, name):
    card = card_of(html, name)
    return [part.split('"', 1)[0] for part in card.split('data-badge="')[1:]]


PAGES = ["/", "/produk/", "/usaha/{business}/", "/kecamatan/35.13.20/"]


@pytest.mark.parametrize("url", PAGES)
def test_cards_show_each_live_certificate(client, shop, add_product, certify, url):
    tulis = add_product(shop, name="Kain batik tulis bersertifikat")
    cap = add_product(shop, name="Kain batik cap ber-SNI", technique="cap")
    plain = add_product(shop, name="Mukena bordir halal", sector="bordir", technique="")
    certify(shop, [tulis], kind="batikmark", technique="tulis")
    certify(shop, [cap], kind="sppt_sni")
    halal(shop, [plain])
    html = client.get(url.format(business=shop.slug)).text
    assert badges_on(html, tulis.name) == ["batikmark_tulis"]
    assert badges_on(html, cap.name) == ["sppt_sni"]
    assert badges_on(html, plain.name) == ["halal"]
    assert ">Batikmark tulis<" in card_of(html, tulis.name)
    assert ">SNI<" in card_of(html, cap.name)


def test_a_green_industry_certificate_marks_every_card_of_the_business(
    client, shop, add_product, certify, regions, make_user, officer
):
    from .factories import make_business, make_product

    first = add_product(shop, name="Kain batik tulis hijau")
    certify(shop, kind="industri_hijau")
    other_owner = make_user("lain@example.test")
    other = make_business(other_owner, officer=officer, name="Batik Lain")
    theirs = make_product(other, other_owner, name="Kain batik tulis tetangga")
    html = client.get("/produk/").text
    assert badges_on(html, first.name) == ["industri_hijau"]
    assert badges_on(html, theirs.name) == []


@pytest.mark.parametrize("status", ["suspended", "withdrawn"])
def test_suspended_and_withdrawn_certificates_show_no_badge(
    client, shop, add_product, certify, status
):
    item = add_product(shop, name="Kain batik tulis dibekukan")
    certify(shop, [item], kind="batikmark", status=status)
    certify(shop, [item], kind="sppt_sni", status=status)
    certify(shop, kind="industri_hijau", status=status)
    for url in ("/", "/produk/", f"/usaha/{shop.slug}/"):
        html = client.get(url).text
        assert badges_on(html, item.name) == [], url
    assert 'class="badge' not in client.get(f"/produk/{item.slug}/").text


def test_expired_certificates_and_unchecked_halal_show_no_badge(client, shop, add_product, certify):
    item = add_product(shop, name="Kain batik tulis kedaluwarsa")
    certify(shop, [item], valid_until=timezone.localdate() - timedelta(days=1))
    halal(shop, [item], status="submitted")
    halal(shop, [item], status="rejected")
    assert badges_on(client.get("/produk/").text, item.name) == []


def test_the_product_page_shows_its_badges_once(client, shop, add_product, certify):
    item = add_product(shop, name="Kain batik tulis lengkap")
    certify(shop, [item], kind="batikmark")
    certify(shop, kind="industri_hijau")
    page = client.get(f"/produk/{item.slug}/").text.split('id="share-title"')[0]
    assert page.count(">Batikmark tulis</a>") == 1
    assert page.count(">Industri hijau</a>") == 1


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [*PAGES, "/produk/?q=batik", "/api/v1/showcase/products"])
def test_badges_cost_the_same_queries_for_one_certified_product_as_for_many(
    client, shop, add_product, certify, url
):
    url = url.format(business=shop.slug)
    first = add_product(shop, name="Kain batik tulis nomor 0")
    certify(shop, [first])
    halal(shop, [first])
    certify(shop, kind="industri_hijau")
    one = count(client, url)
    for i in range(1, 13):
        item = add_product(shop, name=f"Kain batik tulis nomor {i}")
        certify(shop, [item], kind="batikmark" if i % 2 else "sppt_sni")
        halal(shop, [item])
    assert count(client, url) == one
