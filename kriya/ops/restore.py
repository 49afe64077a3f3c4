"""Restoring a backup (backup.py) into an empty database and empty storages.

Order of work, so that a bad archive changes nothing:

1. read the manifest and check every file of the archive against it (SHA-256, size,
   nothing missing, nothing extra);
2. check the target is empty — no table in the database, no file in either storage —
   unless told to replace what is there (`replace=True`, `restore --force`), which
   empties both first;
3. load the database, then write the files through the storage API;
4. count the rows of every table again and compare with the manifest.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections

from . import databases
from .backup import FORMAT, MANIFEST, STORAGE_ALIASES, VERSION, _open_archive, walk


class RestoreError(Exception):
    """The restore refused or failed; the message says why."""


@dataclass
class Restored:
    manifest: dict
    tables: int = 0
    rows: int = 0
    files: dict[str, int] = field(default_factory=dict)
    signing_keys: int = 0
    pending_migrations: int = 0
    warnings: list[str] = field(default_factory=list)


def read_manifest(path: Path) -> dict:
    try:
        with _open_archive(path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.loads(member.read())
    except (KeyError, tarfile.TarError, OSError, ValueError) as exc:
        raise RestoreError(f"{path} is not a readable Kriya backup: {exc}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise RestoreError(f"{path} is not a Kriya backup of version {VERSION}.")
    return manifest


def check_archive(path: Path, manifest: dict) -> None:
    """Every file listed in the manifest is in the archive with its checksum and size,
    and the archive holds nothing else."""
    expected = manifest["files"]
    seen = set()
    problems = []
    with _open_archive(path, "r") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or member.name not in expected:
                problems.append(f"{member.name}: not in the manifest")
                continue
            digest = hashlib.sha256()
            size = 0
            reader = archive.extractfile(member)
            while chunk := reader.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
            want = expected[member.name]
            if digest.hexdigest() != want["sha256"] or size != want["size"]:
                problems.append(f"{member.name}: checksum differs from the manifest")
            seen.add(member.name)
    problems += [f"{name}: missing from the archive" for name in sorted(set(expected) - seen)]
    if problems:
        raise RestoreError(
            "The archive does not match its manifest; nothing was changed.\n  "
            + "\n  ".join(problems[:20])
        )


def target_contents(using: str = "default") -> list[str]:
    """What is already in the target (empty list: nothing)."""
    found = []
    if not databases.is_empty(using):
        found.append(f"database {connections[using].settings_dict['NAME']} has tables")
    for alias in STORAGE_ALIASES:
        first = next(walk(storages[alias]), None)
        if first is not None:
            found.append(f'storage "{alias}" has files (e.g. {first})')
    return found


def restore_backup(*, path: Path | str, replace: bool = False, using: str = "default") -> Restored:
    """Restore the archive at `path`. Refuses (RestoreError, nothing changed) when the
    archive does not match its manifest or the target is not empty; `replace=True`
    empties the database and both storages first."""
    path = Path(path)
    manifest = read_manifest(path)
    check_archive(path, manifest)
    database = manifest["database"]
    vendor = connections[using].vendor
    if database["format"] == databases.SQLITE and vendor != "sqlite":
        raise RestoreError("This backup holds an SQLite database: restore it with SQLite.")
    if database["format"] == databases.PG_DUMP and vendor != "postgresql":
        raise RestoreError("This backup holds a pg_dump archive: restore it into PostgreSQL.")
    existing = target_contents(using)
    if existing and not replace:
        raise RestoreError(
            "The target is not empty; nothing was changed ("
            + "; ".join(existing)
            + "). Restore into an empty database and storage, or pass --force to "
            "replace everything there."
        )
    if existing:
        databases.wipe(using)
        for alias in STORAGE_ALIASES:
            storage = storages[alias]
            for name in list(walk(storage)):
                storage.delete(name)

    result = Restored(manifest=manifest)
    with (
        tempfile.TemporaryDirectory(prefix="kriya-restore-") as work,
        _open_archive(path, "r") as archive,
    ):
        member = archive.getmember(database["file"])
        target = Path(work) / Path(member.name).name
        with archive.extractfile(member) as source, target.open("wb") as out:
            while chunk := source.read(1024 * 1024):
                out.write(chunk)
        try:
            databases.restore(
                path=target,
                format=database["format"],
                migrations=database["migrations"],
                using=using,
            )
        except databases.DatabaseError as exc:
            raise RestoreError(str(exc)) from None
        ContentType.objects.clear_cache()

        for alias in STORAGE_ALIASES:
            result.files[alias] = 0
        for member in archive:
            parts = member.name.split("/", 2)
            if parts[0] != "storage" or len(parts) != 3 or parts[1] not in STORAGE_ALIASES:
                continue
            storage = storages[parts[1]]
            with archive.extractfile(member) as fh:
                content = File(fh, name=parts[2])
                content.size = member.size
                saved = storage.save(parts[2], content)
            if saved != parts[2]:
                raise RestoreError(
                    f"{member.name} was stored as {saved}: the storage was not empty."
                )
            result.files[parts[1]] += 1

    _check_counts(result, database["tables"], using)
    result.pending_migrations = databases.pending_migrations(using)
    from kriya.verify.models import SigningKey

    result.signing_keys = SigningKey.objects.using(using).count()
    return result


def _check_counts(result: Restored, expected: dict[str, int], using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        tables = sorted(t for t in expected if t in present)
        counts = databases.count_rows(cursor, tables, connection.ops.quote_name)
    missing = sorted(set(expected) - present)
    differ = [
        f"{t}: {counts[t]} rows, the backup had {expected[t]}"
        for t in tables
        if counts[t] != expected[t]
    ]
    if missing or differ:
        raise RestoreError(
            "The restored database differs from the manifest:\n  "
            + "\n  ".join([f"{t}: missing" for t in missing] + differ)
        )
    result.tables = len(tables)
    result.rows = sum(counts.values())
