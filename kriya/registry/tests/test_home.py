""" "Beranda saya": the registry's panels — the owner's business and what it lacks, the
facilitator's consenting businesses, the officer's verification queue (own regency only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.accounts.models import Role

from .factories import make_business, make_product


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/beranda/")
    assert response.status_code == 200
    return response.content.decode()


def test_owner_of_a_draft_without_products_is_told_to_add_one(client, owner, business):
    html = page(client, owner)
    assert "Batik Prabulinggih" in html
    assert "Draf" in html
    assert "Tambahkan produk pertama" in html
    assert f"/usaha-saya/{business.pk}/produk/baru/" in html
    assert "nomor HP/WA" in html  # the profile lacks a phone number


def test_owner_of_a_draft_with_products_is_told_to_submit(client, owner, business):
    make_product(business, owner)
    html = page(client, owner)
    assert "Ajukan verifikasi" in html


def test_returned_business_shows_the_reason_and_the_edit_link(client, owner, officer):
    business = make_business(owner, status="returned", officer=officer)
    html = page(client, owner)
    assert "Foto kurang jelas" in html
    assert f"/usaha-saya/{business.pk}/ubah/" in html


def test_owner_of_another_business_sees_nothing_of_the_first(
    client, owner, business, other_owner, other_business
):
    html = page(client, other_owner)
    assert "Batik Kota" in html
    assert "Batik Prabulinggih" not in html
    assert f"/usaha-saya/{business.pk}/" not in html


def test_officer_sees_the_regency_queue_and_another_regency_sees_none_of_it(
    client, owner, other_owner, officer, other_officer
):
    ours = make_business(owner, status="submitted", name="Batik Tengger")
    theirs = make_business(
        other_owner, status="submitted", name="Batik Mayangan", village_id="35.74.01.1001"
    )
    html = page(client, officer)
    assert "Batik Tengger" in html and "Batik Mayangan" not in html
    assert f"/kabupaten/usaha/{ours.pk}/" in html
    panel = client.get("/beranda/").context["sections"][0].panels[0]
    assert panel.count == 1
    html = page(client, other_officer)
    assert "Batik Mayangan" in html and "Batik Tengger" not in html
    assert f"/kabupaten/usaha/{theirs.pk}/" in html


def test_facilitator_sees_the_businesses_that_consented(
    client, facilitator, business, other_business
):
    from kriya.registry.models import FacilitationConsent

    FacilitationConsent.objects.create(
        business=business,
        facilitator=facilitator,
        method="in_person",
        declared_by="Siti Aminah",
        declared_at=timezone.now(),
    )
    html = page(client, facilitator)
    assert "Batik Prabulinggih" in html
    assert "Batik Kota" not in html


def _count(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/beranda/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["owner", "officer"])
def test_queries_do_not_grow_with_businesses_and_products(
    client, owner, officer, member, who, make_user
):
    user = {"owner": owner, "officer": officer}[who]
    first = make_business(owner, status="submitted")
    make_product(first, owner)
    before = _count(client, user)
    for i in range(4):
        extra = make_business(owner, status="submitted", name=f"Batik {i}")
        for _ in range(3):
            make_product(extra, owner)
    assert _count(client, user) == before


def test_owner_and_officer_at_once_see_a_section_each(client, owner, business, officer, member):
    member(officer, business.organisation, Role.OWNER)
    client.force_login(officer)
    roles = [s.role for s in client.get("/beranda/").context["sections"]]
    assert roles == [Role.REGENCY_OFFICER, Role.OWNER]
