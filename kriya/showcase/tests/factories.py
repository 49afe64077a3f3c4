"""Showcase test data, built through the registry's services (so the index follows)."""

import itertools

from kriya.registry import services

_nib = itertools.count(1)


def next_nib() -> str:
    return f"91200{next(_nib):08d}"


def make_business(owner, *, officer=None, name="Batik Prabulinggih", **extra):
    """A business of `owner`; verified when `officer` (of its regency) is given."""
    data = {
        "nib": next_nib(),
        "name": name,
        "owner_name": "Siti",
        "phone": "+6281234567890",
        "village_id": "35.13.20.2001",
        "sector": "batik",
        "annual_sales": 150_000_000,
    }
    data.update(extra)
    business = services.create_business(data=data, by=owner, owner=owner)
    if officer is not None:
        services.transition_business(business=business, action="submit", by=owner)
        services.transition_business(business=business, action="verify", by=officer)
    return business


def make_product(business, by, *, name="Kain batik tulis motif anggur", **extra):
    data = {
        "name": name,
        "sector": "batik",
        "technique": "tulis",
        "motif": "anggur",
        "category": "kain",
        "price": 350_000,
        "is_published": True,
    }
    data.update(extra)
    return services.create_product(business=business, data=data, by=by)
