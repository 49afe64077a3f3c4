"""Every service says its standard and its fees, or plainly who to ask; the seeded
catalogue carries no source file names or English notes (docs/content.md)."""

from kriya.desk.catalogue import seed_catalogue
from kriya.desk.models import Service


def test_the_seeded_catalogue_has_plain_indonesian_descriptions(db):
    seed_catalogue()
    for service in Service.objects.all():
        assert "reference.yaml" not in service.description_id
        assert "Sumber:" not in service.description_id
        assert service.description_id and service.description_en
        assert "balai's" not in service.standard_note and " for the " not in service.standard_note


def test_the_testing_range_is_said_in_indonesian(db):
    seed_catalogue()
    note = Service.objects.get(code="pengujian").standard_note
    assert note.startswith("perkiraan 1–12 hari kerja") and "laporan" in note


def test_every_service_page_gives_a_standard_and_fees_or_who_to_ask(client, db):
    seed_catalogue()
    for service in Service.objects.all():
        page = client.get(f"/layanan/{service.code}/").text
        assert "belum ditetapkan" not in page, service.code
        assert "hari kerja" in page or "petugas layanan" in page, service.code
        fees = page.split("Biaya (PNBP)")[1]
        assert "Rp\xa0" in fees or "Unit Pelayanan Publik" in fees or "Tanpa biaya" in fees


def test_the_catalogue_shows_the_standard_and_the_fee_of_each_service(client, db):
    seed_catalogue()
    page = client.get("/layanan/").text
    assert "belum ditetapkan" not in page
    assert page.count("Biaya:") == Service.objects.count()
    assert "mulai Rp\xa04.500.000 per layanan" in page  # the lowest SPPT SNI example fee
    assert "41 hari kerja" in page and "perkiraan 1–12 hari kerja" in page


def test_the_catalogue_page_costs_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    seed_catalogue()
    with django_assert_max_num_queries(8):
        assert client.get("/layanan/").status_code == 200
