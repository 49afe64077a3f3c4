"""What an import does to businesses the registry already holds, and which status new
businesses get (docs/registry-import.md)."""

import pytest

from kriya.accounts.models import Membership, Role
from kriya.core.models import AuditEvent
from kriya.regions.models import Region
from kriya.registry import services
from kriya.registry.models import Business, BusinessStatus

from .import_data import HEADER, add_regions, csv_bytes, nib, report_rows, row, run


@pytest.fixture
def admin(make_user, agency, member):
    return member(make_user("admin@agency.test"), agency, Role.ADMINISTRATOR)


@pytest.fixture
def existing(regions, owner):
    add_regions()
    return services.create_business(
        data={
            "nib": nib(1),
            "name": "Batik Sekar 1",
            "owner_name": "Siti Aminah",
            "phone": "+6281111111111",
            "email": "sekar@example.test",
            "village_id": "35.13.20.2001",
            "sector": "batik",
            "annual_sales": 100_000_000,
        },
        by=owner,
        owner=owner,
    )


def test_new_businesses_imported_by_the_regencys_officer_are_verified(regions, officer):
    add_regions()
    run(csv_bytes([row(1)]), by=officer)
    business = Business.objects.get(nib=nib(1))
    assert business.status == BusinessStatus.VERIFIED
    assert business.verified_at is not None
    assert business.created_by == officer


def test_new_businesses_imported_by_an_administrator_wait_for_verification(regions, admin):
    add_regions()
    run(csv_bytes([row(1)]), by=admin)
    assert Business.objects.get(nib=nib(1)).status == BusinessStatus.SUBMITTED


def test_new_businesses_get_an_organisation_without_members(regions, officer):
    add_regions()
    run(csv_bytes([row(1)]), by=officer)
    business = Business.objects.select_related("organisation").get(nib=nib(1))
    assert business.organisation.kind == "business"
    assert business.organisation.name == "Batik Sekar 1"
    assert not Membership.objects.filter(organisation=business.organisation).exists()
    assert (business.district_id, business.regency_id) == ("35.13.20", "35.13")


def test_filled_cells_update_and_empty_cells_keep_what_is_stored(existing, officer):
    header = [*HEADER, "E-mail", "Omzet"]
    content = csv_bytes(
        [row(1, **{"No HP": "0812-2222-3333"}) + ["", "Rp 250.000.000"]], header=header
    )
    outcome = run(content, by=officer)
    assert (outcome.counts.created, outcome.counts.updated) == (0, 1)
    existing.refresh_from_db()
    assert existing.phone == "+6281222223333"
    assert existing.email == "sekar@example.test"  # empty cell: kept
    assert existing.annual_sales == 250_000_000
    assert existing.size_class == "mikro"


def test_the_audit_event_of_the_batch_names_each_change(existing, officer):
    run(csv_bytes([row(1, **{"No HP": "0812-2222-3333"})]), by=officer)
    event = AuditEvent.objects.get(verb="business.imported")
    assert event.data["changes"] == {nib(1): {"phone": ["+6281111111111", "+6281222223333"]}}
    assert event.data["updated"] == 1


def test_an_unchanged_row_counts_as_updated_and_writes_nothing(existing, officer):
    before = Business.objects.get(pk=existing.pk).updated_at
    outcome = run(csv_bytes([row(1, **{"No HP": "+62 811 1111 1111"})]), by=officer)
    assert outcome.counts.updated == 1
    assert Business.objects.get(pk=existing.pk).updated_at == before


def test_renaming_updates_the_organisation_name_too(existing, officer):
    run(csv_bytes([row(1, **{"Nama Usaha": "Batik Sekar Arum"})]), by=officer)
    existing.refresh_from_db()
    assert existing.name == existing.organisation.name == "Batik Sekar Arum"


def test_a_key_field_change_by_an_administrator_sends_a_verified_business_back(
    existing, officer, admin
):
    services.transition_business(business=existing, action="submit", by=existing.created_by)
    services.transition_business(business=existing, action="verify", by=officer)
    run(csv_bytes([row(1, Desa="Karanganyar")]), by=admin)
    existing.refresh_from_db()
    assert existing.village_id == "35.13.20.2003"
    assert existing.status == BusinessStatus.SUBMITTED
    event = AuditEvent.objects.get(verb="business.imported")
    assert event.data["reverify"] == [nib(1)]


def test_a_key_field_change_by_the_regencys_officer_keeps_it_verified(existing, officer):
    services.transition_business(business=existing, action="submit", by=existing.created_by)
    services.transition_business(business=existing, action="verify", by=officer)
    run(csv_bytes([row(1, **{"Nama Usaha": "Batik Sekar Arum"})]), by=officer)
    existing.refresh_from_db()
    assert existing.status == BusinessStatus.VERIFIED


def test_an_update_never_changes_the_status_otherwise(existing, officer):
    run(csv_bytes([row(1, **{"No HP": "0812-2222-3333"})]), by=officer)
    existing.refresh_from_db()
    assert existing.status == BusinessStatus.DRAFT


def test_a_nib_of_a_business_in_another_regency_is_rejected_and_left_alone(existing, other_officer):
    outcome, rejected, _notes = report_rows(
        csv_bytes([row(1, Kecamatan="Mayangan", Desa="Mangunharjo")]),
        regency=Region.objects.get(code="35.74"),
        by=other_officer,
    )
    assert (outcome.counts.rejected, outcome.counts.updated) == (1, 0)
    assert "kabupaten/kota lain" in rejected[0][6]
    assert "Batik Sekar 1" not in rejected[0][6]  # the other regency's business is not named
    existing.refresh_from_db()
    assert existing.regency_id == "35.13"


def test_more_women_than_workers_is_rejected_against_the_stored_total(existing, officer):
    Business.objects.filter(pk=existing.pk).update(workforce_total=2)
    outcome = run(csv_bytes([row(1) + ["5"]], header=[*HEADER, "TK Perempuan"]), by=officer)
    assert outcome.counts.rejected == 1
