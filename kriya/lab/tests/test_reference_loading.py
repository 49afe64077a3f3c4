"""Reference data is seeded from reference.yaml, idempotently, never inventing a limit."""

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from kriya.core.models import AuditEvent
from kriya.lab import reference, services
from kriya.lab.models import Parameter, Specification, StandardVersion, TestMethod
from kriya.lab.scales import Scale
from kriya.lab.verdicts import LimitKind

REFERENCE = settings.KRIYA_REFERENCE_YAML


@pytest.fixture
def data():
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


def test_standard_codes_split_into_number_and_edition():
    assert reference.split_code("SNI 8302:2016/Amd.1:2019") == ("SNI 8302", "2016/Amd.1:2019")
    assert reference.split_code("SNI ISO 105-C06:2010") == ("SNI ISO 105-C06", "2010")


@pytest.mark.parametrize(
    ("entry", "scale"),
    [
        ({"scale": "grey scale 1–5 (half steps)"}, Scale.GREY),
        ({"scale": "staining scale 1–5"}, Scale.STAINING),
        ({"scale": "blue wool 1–8"}, Scale.BLUE_WOOL),
        ({"scale": "grey/staining 1–5"}, Scale.GREY),
        ({"unit": "%"}, Scale.PERCENT),
        ({"result": "pass/fail with observations"}, Scale.PASS_FAIL),
    ],
)
def test_scales_are_read_from_the_files_wording(entry, scale):
    assert reference.scale_of(entry) == scale


def test_an_unknown_scale_is_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        reference.scale_of({"code": "x", "scale": "mohs hardness"})


@pytest.mark.django_db
def test_seed_creates_standards_methods_parameters_and_unset_limits(data):
    created = services.load_reference(data=data)
    assert created["standards"] == 7
    assert created["parameters"] == 8
    c06 = TestMethod.objects.get(code="sni-iso-105-c06-2010")
    assert c06.standard_version.code == "SNI ISO 105-C06:2010"
    assert set(c06.parameters.values_list("code", flat=True)) == {
        "luntur_cuci_perubahan",
        "luntur_cuci_penodaan",
    }
    assert Parameter.objects.get(code="luntur_cahaya").scale == Scale.BLUE_WOOL
    assert Parameter.objects.get(code="ciri_visual").scale == Scale.PASS_FAIL
    mengkeret = Parameter.objects.get(code="mengkeret")
    assert (mengkeret.scale, mengkeret.unit, mengkeret.verified) == (Scale.PERCENT, "%", False)
    assert not mengkeret.method.verified
    assert AuditEvent.objects.filter(verb="lab.reference_loaded").exists()


@pytest.mark.django_db
def test_seed_leaves_every_sni_8302_to_8304_limit_unset_and_to_be_confirmed(data):
    services.load_reference(data=data)
    batik = StandardVersion.objects.filter(standard__code__in=["SNI 8302", "SNI 8303", "SNI 8304"])
    assert batik.count() == 3
    specs = Specification.objects.filter(standard_version__in=batik)
    assert specs.count() == 3 * 8
    assert set(specs.values_list("kind", flat=True)) == {LimitKind.UNSET}
    assert not specs.filter(min_value__isnull=False).exists()
    assert not specs.filter(max_value__isnull=False).exists()
    assert not specs.filter(verified=True).exists()
    assert all(s.describe() == "batas belum ditetapkan" for s in specs)


@pytest.mark.django_db
def test_seeding_twice_creates_nothing_and_keeps_an_administrators_limit(data):
    services.load_reference(data=data)
    spec = Specification.objects.filter(parameter__code="luntur_cuci_perubahan").first()
    spec.kind, spec.min_value, spec.verified = LimitKind.RANGE, 4, True
    spec.save()
    again = services.load_reference(data=data)
    assert set(again.values()) == {0}
    spec.refresh_from_db()
    assert (spec.kind, spec.min_value, spec.verified) == (LimitKind.RANGE, 4, True)


@pytest.mark.django_db
def test_management_command_loads_the_shipped_file():
    call_command("load_lab_reference")
    assert Parameter.objects.count() == 8
