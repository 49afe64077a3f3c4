"""The bulk writer bypasses the ORM; what it writes must read back like the ORM's own."""

from kriya.registry import services
from kriya.registry.imports.writing import BulkWriter
from kriya.registry.models import Business

from .import_data import HEADER, add_regions, csv_bytes, row, run

COMPARED = [
    f.attname
    for f in Business._meta.concrete_fields
    if f.attname not in {"id", "organisation_id", "nib", "slug", "created_at", "updated_at"}
]


def test_import_rows_read_back_like_service_created(regions, officer):
    add_regions()
    header = [
        *HEADER,
        "KBLI",
        "Tahun Berdiri",
        "TK",
        "TK Perempuan",
        "Modal Usaha",
        "Omzet",
        "Alamat",
        "E-mail",
        "Bentuk Usaha",
        "Nomor Merek",
    ]
    extra = [
        "13134, 13132",
        "2015",
        "5",
        "3",
        "Rp 50.000.000",
        "1,5 M",
        "Jl. Melati 3",
        "sekar@example.test",
        "CV",
        "IDM000123456",
    ]
    run(csv_bytes([row(1) + extra], header=header), by=officer)
    imported = Business.objects.get(nib="9120000000001")
    by_service = services.create_business(
        data={
            "nib": "9120000000002",
            "name": imported.name,
            "owner_name": "Siti Aminah",
            "phone": "+6281234567890",
            "email": "sekar@example.test",
            "address": "Jl. Melati 3",
            "village_id": "35.13.20.2001",
            "kbli": ["13134", "13132"],
            "sector": "batik",
            "year_founded": 2015,
            "workforce_total": 5,
            "workforce_women": 3,
            "capital": 50_000_000,
            "annual_sales": 1_500_000_000,
            "legal_form": "cv",
            "trademark_number": "IDM000123456",
        },
        by=officer,
        owner=None,
    )
    by_service = Business.objects.get(pk=by_service.pk)
    for name in COMPARED:
        if name in {"status", "verified_at", "created_by_id"}:
            continue
        assert getattr(imported, name) == getattr(by_service, name), name
    assert imported.created_at.tzinfo is not None
    assert imported.created_at == imported.updated_at
    assert imported.slug == "batik-sekar-1"
    assert imported.created_by_id == officer.pk


def test_reserved_ids_are_never_handed_out_again(regions):
    from kriya.accounts.models import Organisation

    writer = BulkWriter()
    first = writer.reserve_ids(Organisation, 3)
    second = writer.reserve_ids(Organisation, 2)
    assert len(set(first + second)) == 5
    created = Organisation.objects.create(name="x", kind="business")
    assert created.pk > max(first + second)


def test_bulk_session_restores_the_connection_settings(db):
    from django.db import connection

    from kriya.registry.imports.writing import (
        SQLITE_BULK_CACHE_KIB,
        SQLITE_BULK_CHECKPOINT_PAGES,
        bulk_session,
    )

    if connection.vendor != "sqlite":
        return

    def settings():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cache, cursor.fetchone()[0]

    before = settings()
    with bulk_session():
        assert settings() == (-SQLITE_BULK_CACHE_KIB, SQLITE_BULK_CHECKPOINT_PAGES)
    assert settings() == before


def test_a_slug_stays_unique_without_its_own_field_index(regions, owner):
    """The slug is unique by a table constraint (migration 0003), not by `unique=True`."""
    import pytest
    from django.db import IntegrityError, connection, transaction

    from .factories import make_business

    first = make_business(owner)
    second = make_business(owner, name="Batik Lain")
    with pytest.raises(IntegrityError), transaction.atomic():
        Business.objects.filter(pk=second.pk).update(slug=first.slug)
    with connection.cursor() as cursor:
        indexed = {
            tuple(index["columns"])
            for index in connection.introspection.get_constraints(
                cursor, Business._meta.db_table
            ).values()
            if index["index"] or index["unique"]
        }
    assert ("slug",) in indexed and ("village_id",) in indexed
    assert ("regency_id",) not in indexed and ("district_id",) not in indexed
    assert ("regency_id", "status") in indexed and ("district_id", "status") in indexed
