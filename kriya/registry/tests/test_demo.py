"""The demo seed: the Probolinggo batik groups, verified, with products, all marked demo."""

import pytest

from kriya.accounts import demo as accounts_demo
from kriya.registry import demo
from kriya.registry.models import Business, Product, ProductPhoto

GROUPS = [
    {"name": "Batik Prabulinggih", "village": "bulujaran  LOR", "district": "35.13.20"},
    {"name": "Batik Pasir Berbisik", "village": None, "district": "35.13.01"},
    {"name": "Batik Kota", "village": "Mangunharjo", "district": "35.74.01"},
]


@pytest.fixture
def seeded(regions):
    accounts_demo.seed()
    return demo.seed(GROUPS, photos=1)


def test_groups_are_seeded_verified_and_marked_demo(seeded):
    assert [b.name for b in seeded] == [g["name"] for g in GROUPS]
    for business in Business.objects.all():
        assert business.is_demo and business.nib.startswith("9999")
    # The demo officer verifies in Kabupaten Probolinggo only.
    assert [b.status for b in Business.objects.order_by("nib")] == [
        "verified",
        "verified",
        "submitted",
    ]
    assert Product.objects.filter(is_demo=False).count() == 0
    assert Product.objects.filter(business__in=seeded).count() >= 6
    assert set(Product.objects.values_list("technique", flat=True)) <= {"tulis", "cap", "kombinasi"}
    assert ProductPhoto.objects.count() == 1


def test_villages_are_found_by_name_or_noted(seeded):
    first, second, _third = seeded
    assert first.village_id == "35.13.20.2001"  # "bulujaran  LOR" → Bulujaran Lor
    assert second.village_id == "35.13.01.2001" and "desa pertama" in second.address


def test_the_demo_owner_owns_the_first_group(client, seeded):
    from kriya.accounts.models import User

    owner = User.objects.get(email="pemilik@demo.kriya.id")
    client.force_login(owner)
    response = client.get("/usaha-saya/")
    assert "Batik Prabulinggih" in response.text and "Batik Pasir Berbisik" not in response.text


def test_seeding_twice_creates_nothing_new(seeded):
    counts = (Business.objects.count(), Product.objects.count())
    assert demo.seed(GROUPS) == []
    assert (Business.objects.count(), Product.objects.count()) == counts


@pytest.mark.django_db
def test_without_demo_accounts_the_seed_does_nothing(regions):
    assert demo.seed(GROUPS) == []
    assert not Business.objects.exists()
