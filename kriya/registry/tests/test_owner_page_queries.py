"""The owner's business page costs the same queries with 1 or 6 products (issue 14
item 9: logged-in pages keep constant query counts)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_product


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_owner_s_business_page_runs_a_fixed_number_of_queries(client, owner, business):
    make_product(business, owner, name="Kain batik tulis 0")
    client.force_login(owner)
    url = f"/usaha-saya/{business.pk}/"
    client.get(url)
    few = count_queries(client, url)
    for i in range(1, 6):
        make_product(business, owner, name=f"Kain batik tulis {i}")
    assert count_queries(client, url) == few
