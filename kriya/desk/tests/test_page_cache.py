"""/layanan/ is cached for anonymous visitors (kriya.core.pagecache) and fresh at once
after the catalogue is edited in the admin or loaded again."""

from django.contrib import admin

from kriya.desk import catalogue
from kriya.desk.models import Service


def served(response) -> str:
    return getattr(response.wsgi_request, "kriya_page_cache", "")


def test_a_service_edited_in_the_admin_is_seen_at_once(client, rf, testing_service):
    for url in ("/layanan/", f"/layanan/{testing_service.code}/"):
        client.get(url)
        assert served(client.get(url)) == "hit"
    testing_service.name_id = "Pengujian mutu kain"
    admin.site._registry[Service].save_model(
        rf.post("/admin/"), testing_service, form=None, change=True
    )
    for url in ("/layanan/", f"/layanan/{testing_service.code}/"):
        response = client.get(url)
        assert served(response) == "miss"
        assert "Pengujian mutu kain" in response.text


def test_loading_the_catalogue_makes_the_page_fresh(client, testing_service):
    client.get("/layanan/")
    assert served(client.get("/layanan/")) == "hit"
    catalogue.seed_catalogue()
    response = client.get("/layanan/")
    assert served(response) == "miss"
    assert Service.objects.count() > 1
    assert Service.objects.exclude(pk=testing_service.pk).first().name_id in response.text


def test_a_logged_in_owner_gets_a_private_page(client, owner, testing_service):
    client.force_login(owner)
    response = client.get("/layanan/")
    assert served(response) == ""
    assert response["Cache-Control"] == "private, no-store"
