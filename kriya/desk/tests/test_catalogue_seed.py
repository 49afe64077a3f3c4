"""The catalogue is seeded from reference.yaml without inventing anything."""

from django.core.management import call_command

from kriya.desk.catalogue import seed_catalogue
from kriya.desk.models import Service, TariffItem


def test_every_service_of_the_reference_data_is_seeded(db):
    counts = seed_catalogue()
    assert counts["created"] == 12
    codes = set(Service.objects.values_list("code", flat=True))
    assert {"pengujian", "sppt_sni", "batikmark", "pemeriksaan_halal", "inkubasi"} <= codes


def test_standards_are_taken_as_given_and_unknown_ones_stay_empty(db):
    seed_catalogue()
    assert Service.objects.get(code="sppt_sni").standard_days == 41
    assert Service.objects.get(code="pemeriksaan_halal").standard_days == 15
    testing = Service.objects.get(code="pengujian")
    assert testing.standard_days is None
    assert "1–12" in testing.standard_note
    assert Service.objects.get(code="kalibrasi").standard_days is None


def test_no_tariff_is_invented_and_the_example_fee_is_marked_unconfirmed(db):
    seed_catalogue()
    assert not TariffItem.objects.exclude(service__code="sppt_sni").exists()
    example = TariffItem.objects.get(service__code="sppt_sni", code="type5")
    assert example.amount == 9_000_000
    assert not example.is_verified and "Belum dikonfirmasi" in example.note
    assert not Service.objects.filter(is_verified=True).exists()


def test_batikmark_lists_its_required_documents(db):
    seed_catalogue()
    documents = Service.objects.get(code="batikmark").documents.values_list("code", flat=True)
    assert {"ktp", "nib", "npwp", "contoh-merek"} <= set(documents)


def test_seeding_again_keeps_an_administrators_edits(db):
    seed_catalogue()
    Service.objects.filter(code="pengujian").update(standard_days=14)
    call_command("load_services")
    assert Service.objects.get(code="pengujian").standard_days == 14
    assert Service.objects.count() == 12
