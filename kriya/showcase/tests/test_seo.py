"""What search engines and link previews read: titles, descriptions, Open Graph,
schema.org JSON-LD, sitemap.xml and robots.txt."""

import json
import re
from xml.etree import ElementTree

import pytest

from kriya.registry import services
from kriya.registry.models import ProductPhoto


def locs(xml: bytes) -> list[str]:
    # Our own sitemap, not untrusted input.
    return [el.text for el in ElementTree.fromstring(xml).iter() if el.tag.endswith("loc")]  # noqa: S314


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def meta(html: str, prop: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else ""


def test_product_page_has_product_json_ld_with_the_required_properties(client, product):
    ProductPhoto.objects.create(product=product, image="produk/1/a.webp", thumbnail="thumb/a.webp")
    [data] = json_ld(client.get(f"/produk/{product.slug}/").text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == product.name
    assert data["url"] == f"http://testserver/produk/{product.slug}/"
    assert data["image"] == ["http://testserver/media/produk/1/a.webp"]
    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert (offer["price"], offer["priceCurrency"]) == ("350000", "IDR")
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["seller"]["@type"] == "LocalBusiness"
    assert offer["seller"]["name"] == "Batik Prabulinggih"


def test_business_page_has_local_business_json_ld(client, owner, product):
    business = product.business
    services.update_business(
        business=business, data={"latitude": "-7.72", "longitude": "113.5"}, by=owner
    )
    [data] = json_ld(client.get(f"/usaha/{business.slug}/").text)
    assert data["@type"] == "LocalBusiness" and data["name"] == "Batik Prabulinggih"
    assert data["url"] == f"http://testserver/usaha/{business.slug}/"
    address = data["address"]
    assert address["@type"] == "PostalAddress"
    assert (address["addressLocality"], address["addressRegion"], address["addressCountry"]) == (
        "Paiton",
        "Kabupaten Probolinggo",
        "ID",
    )
    assert data["telephone"] == "+6281234567890"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": -7.72, "longitude": 113.5}


def test_home_declares_the_site_search(client, product):
    [data] = json_ld(client.get("/").text)
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"] == "http://testserver/produk/?q={search_term_string}"


def test_json_ld_cannot_be_broken_out_of_by_a_product_name(client, owner, product):
    services.update_product(
        product=product, data={"name": "Kain </script><script>alert(1)</script>"}, by=owner
    )
    html = client.get(f"/produk/{product.slug}/").text
    assert "<script>alert(1)" not in html
    [data] = json_ld(html)
    assert data["name"] == "Kain </script><script>alert(1)</script>"


def test_product_page_has_title_description_and_open_graph(client, product):
    ProductPhoto.objects.create(product=product, image="produk/1/a.webp", thumbnail="thumb/a.webp")
    html = client.get(f"/produk/{product.slug}/").text
    assert f"<title>{product.name} · Kriya</title>" in html
    assert meta(html, "description").startswith("Rp\xa0350.000 dari Batik Prabulinggih")
    assert meta(html, "og:title") == product.name
    assert meta(html, "og:type") == "product"
    assert meta(html, "og:url") == f"http://testserver/produk/{product.slug}/"
    assert meta(html, "og:image") == "http://testserver/media/produk/1/a.webp"
    assert meta(html, "og:locale") == "id_ID"
    assert f'<link rel="canonical" href="http://testserver/produk/{product.slug}/">' in html


@pytest.mark.parametrize(
    ("url", "indexed"),
    [("/produk/", True), ("/produk/?q=batik", False), ("/produk/?kecamatan=35.13.20", False)],
)
def test_search_results_are_not_indexed_but_followed(client, product, url, indexed):
    html = client.get(url).text
    assert (meta(html, "robots") == "") == indexed
    if not indexed:
        assert meta(html, "robots") == "noindex, follow"


def test_sitemap_lists_public_pages_only(client, make_user, regions, product, destination):
    from .factories import make_business, make_product

    draft = make_business(make_user("draf@example.test"), name="Batik Draf")
    hidden = make_product(draft, draft.created_by, name="Kain tersembunyi")
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = locs(index.content)
    assert "http://testserver/sitemap-produk.xml" in sections
    urls = []
    for section in sections:
        urls += locs(client.get(section.removeprefix("http://testserver")).content)
    assert f"http://testserver/produk/{product.slug}/" in urls
    assert f"http://testserver/usaha/{product.business.slug}/" in urls
    assert "http://testserver/kecamatan/35.13.20/" in urls
    assert "http://testserver/destinasi/gunung-bromo/" in urls
    assert "http://testserver/" in urls
    assert f"http://testserver/produk/{hidden.slug}/" not in urls
    assert f"http://testserver/usaha/{draft.slug}/" not in urls


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /akun/" in lines
