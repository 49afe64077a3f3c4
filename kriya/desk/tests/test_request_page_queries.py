"""A request page costs the same queries with 1 or 6 items and documents (issue 14
item 9: logged-in pages keep constant query counts)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_request_page_runs_a_fixed_number_of_queries(client, owner, desk, make_request):
    req = make_request("submitted")
    url = f"/permohonan/{req.pk}/"
    for user in (owner, desk):
        client.force_login(user)
        client.get(url)
        before = count_queries(client, url)
        # Session, user, memberships, the request, its documents, bills (with lines and
        # payments), history, sponsorship, recommendations, complaints, items, the menu's
        # unread count; the desk also the officers to assign to.
        assert before == {owner: 12, desk: 13}[user], user
        for i in range(5):
            req.items.create(name=f"Selendang batik {i}", quantity=2)
        assert count_queries(client, url) == before, user
        req.items.filter(name__startswith="Selendang").delete()
