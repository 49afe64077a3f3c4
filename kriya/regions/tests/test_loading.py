import pytest
from django.core.management import call_command

from kriya.regions.loading import load_regions
from kriya.regions.models import Level, Region

pytestmark = pytest.mark.django_db

SAMPLE = """code,name
35,Jawa Timur
35.13,Kabupaten Probolinggo
35.13.01,Sukapura
35.13.01.2001,Ngadisari
35.13.01.1001,Kelurahan Contoh
"""


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_loads_levels_and_parents_by_code_length(sample):
    result = load_regions(sample)
    assert result.created == 5
    village = Region.objects.get(code="35.13.01.2001")
    assert village.level == Level.VILLAGE
    assert village.parent.parent.code == "35.13"
    assert not village.is_kelurahan
    assert Region.objects.get(code="35.13.01.1001").is_kelurahan


def test_second_run_changes_nothing(sample):
    load_regions(sample)
    result = load_regions(sample)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert Region.objects.count() == 5


def test_a_changed_name_is_updated(sample, tmp_path):
    load_regions(sample)
    changed = tmp_path / "changed.csv"
    changed.write_text(SAMPLE.replace("Sukapura", "Sukapura Baru"), encoding="utf-8")
    result = load_regions(changed)
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code="35.13.01").name == "Sukapura Baru"


def test_command_loads_the_full_kepmendagri_list_shipped_in_the_repository(capsys):
    call_command("load_regions")
    assert Region.objects.count() == 91599
    assert Region.objects.filter(level=Level.PROVINCE).count() == 38
    assert Region.objects.get(code="35.13").name == "Kabupaten Probolinggo"
    assert "created 91599" in capsys.readouterr().out
