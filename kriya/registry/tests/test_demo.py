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
    return demo.seed(GROUPS)


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
    assert set(Product.objects.values_list("technique", flat=True)) <= {
        "tulis",
        "cap",
        "kombinasi",
        "printing",
        "",
    }
    # Every product has a drawn photo, stored as an upload is (WebP and a thumbnail).
    assert not Product.objects.filter(photos__isnull=True).exists()
    for photo in ProductPhoto.objects.all():
        assert photo.image.name.endswith(".webp") and photo.thumbnail.name.endswith(".webp")
        assert photo.width == photo.height == 400


def test_names_are_not_suffixed_and_never_repeat_and_prices_vary(seeded):
    names = list(Product.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not any("demo" in name.lower() for name in names)
    prices = sorted(Product.objects.values_list("price", flat=True))
    steps = {b - a for a, b in zip(prices, prices[1:], strict=False)}
    assert len(steps) > 1  # not one fixed step


def test_demo_numbers_reach_nobody(seeded):
    from kriya.accounts.demo import is_demo_phone
    from kriya.showcase.contact import whatsapp_number

    phones = dict(Business.objects.values_list("name", "phone"))
    assert all(is_demo_phone(p) for p in phones.values())
    # +62 840…: a block no operator holds, thirteen digits after the 0 (longer than
    # any Indonesian mobile number), yet a wa.me link can be built (the demo shows one).
    for phone in phones.values():
        assert phone.startswith("+62840") and len(phone.removeprefix("+62")) == 13
        assert whatsapp_number(phone) == phone.removeprefix("+")


def test_the_demo_products_are_varied_and_deterministic(regions):
    used = set()
    first = demo.demo_products(3, "Batik Laweyan Asri", "Desa Muneng", ["anggur"], used)
    again = demo.demo_products(3, "Batik Laweyan Asri", "Desa Muneng", ["anggur"])
    assert first == again
    assert {p["name"] for p in first} == used


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
