"""Seeding for `make run` / `manage.py seed`: the tourist destinations of
reference.yaml (editable afterwards in the admin) and a rebuild of the catalogue index
over whatever the registry's demo created."""

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from kriya.regions.models import Level, Region

from . import search
from .models import Destination

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# the registry, over whatever its demo created.
SEED_ORDER = 30


def destination_slug(name: str) -> str:
    """'Gunung Bromo (TN Bromo Tengger Semeru)' → 'gunung-bromo'."""
    return slugify(name.split("(")[0])[:160] or slugify(name)[:160]


@transaction.atomic
def seed_destinations(path=None) -> int:
    """Create the destinations of reference.yaml that do not exist yet (by slug); an
    administrator's edits are kept. Destinations whose district is not loaded are
    skipped. Returns the number created."""
    path = path or settings.SHARED_DATA_DIR / "reference.yaml"
    if not path.exists():
        return 0
    with open(path, encoding="utf-8") as fh:
        reference = yaml.safe_load(fh) or {}
    rows = (reference.get("probolinggo") or {}).get("destinations") or []
    districts = set(
        Region.objects.filter(
            level=Level.DISTRICT, code__in=[r.get("district") for r in rows]
        ).values_list("code", flat=True)
    )
    created = 0
    for position, row in enumerate(rows):
        if row.get("district") not in districts:
            continue
        _, made = Destination.objects.get_or_create(
            slug=destination_slug(row["name"]),
            defaults={"name": row["name"], "district_id": row["district"], "position": position},
        )
        created += made
    return created


def seed() -> None:
    seed_destinations()
    search.rebuild()
