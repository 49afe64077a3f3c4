"""Every showcase page runs the same number of queries for 1 result as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kriya.registry.models import ProductPhoto


def add_products(shop, add_product, n):
    products = [add_product(shop, name=f"Kain batik tulis nomor {i}") for i in range(n)]
    ProductPhoto.objects.bulk_create(
        ProductPhoto(product=p, image=f"produk/{p.pk}/{k}.webp", thumbnail=f"thumb/{p.pk}{k}.webp",
                     width=800, height=800, position=k)
        for p in products for k in range(2)
    )  # fmt: skip
    return products


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    "/",
    "/produk/",
    "/produk/?q=batik+tulis",
    "/produk/?q=batik&kecamatan=35.13.20&teknik=tulis&harga_min=1000&urut=termurah",
    "/produk/?q=batiktulis",
    "/usaha/{business}/",
    "/kecamatan/35.13.20/",
    "/destinasi/",
    "/destinasi/gunung-paiton/",
    "/api/v1/showcase/products?q=batik&district=35.13.20",
    "/api/v1/showcase/businesses/{business}/products",
]


@pytest.fixture
def paiton(regions):
    from kriya.showcase.models import Destination

    return Destination.objects.create(
        name="Gunung Paiton", slug="gunung-paiton", district=regions["35.13.20"]
    )


@pytest.mark.parametrize("url", PAGES)
def test_a_page_runs_as_many_queries_for_fifty_results_as_for_one(
    client, shop, add_product, paiton, url
):
    url = url.format(business=shop.slug)
    add_products(shop, add_product, 1)
    one = count(client, url)
    add_products(shop, add_product, 49)
    assert count(client, url) == one


def test_the_product_page_runs_as_many_queries_for_eight_photos_as_for_none(
    client, shop, add_product
):
    bare = add_product(shop, name="Selendang polos")
    rich = add_products(shop, add_product, 1)[0]
    ProductPhoto.objects.bulk_create(
        ProductPhoto(product=rich, image=f"produk/{rich.pk}/x{k}.webp", position=k + 2)
        for k in range(6)
    )
    assert count(client, f"/produk/{bare.slug}/") == count(client, f"/produk/{rich.slug}/")


def test_the_catalogue_stays_within_a_small_fixed_number_of_queries(client, shop, add_product):
    add_products(shop, add_product, 3)
    # districts for the filter, vocabulary, index window, products, photos, the three
    # queries of the certificate badges (product certificates, halal, the businesses'
    # green-industry certificates), change time
    assert count(client, "/produk/?q=batik") <= 9
