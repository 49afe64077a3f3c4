"""What backup and restore refuse, how PostgreSQL falls back when pg_dump cannot be
used, and the nightly job with its retention."""

import io
import json
import stat
import tarfile
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

from kriya.ops import backup, databases
from kriya.ops.restore import RestoreError, restore_backup
from kriya.ops.tasks import nightly_backup
from kriya.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)

only_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="pg_dump is PostgreSQL's"
)


@pytest.fixture
def a_document():
    name = storages["private"].save("surat/uji.pdf", ContentFile(b"%PDF-1.4 dokumen"))
    yield name
    storages["private"].delete(name)


def tampered_copy(archive, tmp_path):
    """The same archive with one byte of the private document changed."""
    copy = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as out:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("storage/private/"):
                data = data[:-1] + b"X"
            out.addfile(member, io.BytesIO(data))
    return copy


def test_a_backup_lists_every_file_with_its_checksum_and_every_table_with_its_rows(
    regions, a_document, tmp_path
):
    made = backup.make_backup(output=tmp_path / "b.tar.gz")

    files = made.manifest["files"]
    assert f"storage/private/{a_document}" in files
    assert len(files[f"storage/private/{a_document}"]["sha256"]) == 64
    assert made.manifest["database"]["tables"]["regions_region"] == Region.objects.count()
    assert made.manifest["database"]["file"] in files
    with tarfile.open(made.path) as archive:
        assert json.load(archive.extractfile("manifest.json")) == made.manifest


def test_restore_checks_the_archive_before_changing_anything(regions, a_document, tmp_path):
    made = backup.make_backup(output=tmp_path / "b.tar.gz")
    Region.objects.filter(code="33").delete()
    rows = Region.objects.count()

    with pytest.raises(RestoreError, match="does not match its manifest"):
        restore_backup(path=tampered_copy(made.path, tmp_path))

    assert Region.objects.count() == rows
    assert storages["private"].exists(a_document)


def test_restore_refuses_a_target_that_is_not_empty(regions, tmp_path):
    made = backup.make_backup(output=tmp_path / "b.tar")
    Region.objects.filter(code="33").delete()

    with pytest.raises(RestoreError, match="not empty.*--force"):
        restore_backup(path=made.path)

    assert not Region.objects.filter(code="33").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as archive:
        archive.addfile(tarfile.TarInfo("readme.txt"), io.BytesIO(b""))

    with pytest.raises(RestoreError, match="not a readable Kriya backup"):
        restore_backup(path=other)


@only_postgresql
def test_without_pg_dump_the_backup_falls_back_to_django_serialization(
    regions, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))

    made = backup.make_backup(output=tmp_path / "b.tar.gz")

    database = made.manifest["database"]
    assert database["format"] == databases.DJANGO_JSON
    assert "pg_dump is not installed" in database["warnings"][0]
    assert database["tables"]["regions_region"] == Region.objects.count()


@only_postgresql
def test_a_pg_dump_older_than_the_server_is_not_used(db, tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(fake.parent))

    problem = databases.pg_dump_problem()

    assert problem.startswith("pg_dump 9 cannot dump PostgreSQL")


@only_postgresql
def test_the_installed_pg_dump_matches_the_server(db):
    assert databases.pg_dump_problem() is None


def test_the_nightly_job_writes_an_archive_and_prunes_those_past_the_retention(
    regions, settings, tmp_path
):
    settings.KRIYA_BACKUP_DIR = tmp_path
    settings.KRIYA_BACKUP_RETENTION_DAYS = 7
    old = tmp_path / "kriya-backup-20200101T010000Z.tar.gz"
    old.write_bytes(b"")

    result = nightly_backup.enqueue().return_value

    assert not old.exists()
    assert result["pruned"] == [old.name]
    made = list(tmp_path.glob("kriya-backup-*.tar.gz"))
    assert [p.name for p in made] == [result["archive"].rpartition("/")[2]]


def test_pruning_deletes_only_time_stamped_archives_older_than_the_retention(tmp_path):
    names = [
        "kriya-backup-20261101T010000Z.tar.gz",  # 31 days old
        "kriya-backup-20261120T010000Z.tar.gz",  # 12 days old
        "kriya-backup-20261201T010000Z.tar.gz",  # yesterday
        "kriya-backup-manual.tar.gz",  # not time-stamped
        "notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")

    deleted = backup.prune_backups(
        directory=tmp_path, days=14, now=datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    )

    assert [p.name for p in deleted] == [names[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])


def test_the_database_part_is_a_consistent_snapshot_with_its_row_counts(regions, tmp_path):
    snapshot = databases.snapshot(directory=tmp_path)

    assert snapshot.tables["regions_region"] == Region.objects.count()
    assert ["regions", "0001_initial"] in snapshot.migrations
    assert snapshot.format == (
        databases.SQLITE if connection.vendor == "sqlite" else databases.PG_DUMP
    )
