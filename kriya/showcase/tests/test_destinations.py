"""Destinations are seeded from reference.yaml as editable data."""

import pytest

from kriya.regions.models import Region
from kriya.showcase.demo import destination_slug, seed, seed_destinations
from kriya.showcase.models import Destination

REFERENCE = """
probolinggo:
  destinations:
    - {name: "Gunung Bromo (TN Bromo Tengger Semeru)", district: "35.13.01"}
    - {name: "Pantai Bentar", district: "35.13.18"}
"""


@pytest.fixture
def reference(tmp_path):
    path = tmp_path / "reference.yaml"
    path.write_text(REFERENCE)
    return path


def test_destinations_are_seeded_once_and_keep_admin_edits(regions, reference):
    Region.objects.create(code="35.13.18", name="Gending", level=3, parent_id="35.13")
    assert seed_destinations(reference) == 2
    bromo = Destination.objects.get(slug="gunung-bromo")
    assert bromo.district_id == "35.13.01"
    Destination.objects.filter(pk=bromo.pk).update(name="Bromo")
    assert seed_destinations(reference) == 0
    assert Destination.objects.get(pk=bromo.pk).name == "Bromo"


def test_a_destination_whose_district_is_not_loaded_is_skipped(regions, reference):
    assert seed_destinations(reference) == 1
    assert not Destination.objects.filter(slug="pantai-bentar").exists()


def test_the_real_reference_file_seeds_the_seven_destinations(db):
    from django.conf import settings

    lines = settings.KRIYA_REGIONS_CSV.read_text(encoding="utf-8").splitlines()
    districts = [line.split(",", 1) for line in lines if len(line.split(",")[0]) == 8]
    Region.objects.bulk_create(
        Region(code=c, name=n, level=3, parent_id=c[:5]) for c, n in districts if c[:5] == "35.13"
    )
    assert seed_destinations() == 7
    assert Destination.objects.get(slug="gunung-bromo").district.name == "Sukapura"


def test_slugs_are_short():
    assert destination_slug("Danau Taman Hidup (Argopuro)") == "danau-taman-hidup"


def test_seed_rebuilds_the_index(product):
    from kriya.showcase.models import CatalogueEntry

    CatalogueEntry.objects.all().delete()
    seed()
    assert CatalogueEntry.objects.filter(pk=product.pk).exists()
