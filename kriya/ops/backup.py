"""Backups: one archive holding the database, the private documents, the public media
and a manifest (row counts per table, SHA-256 of every file), and the retention that
prunes old archives. Restoring lives in `restore.py`; docs/operations.md explains both.

The archive is a tar file (gzip-compressed when its name ends in .gz or .tgz):

    manifest.json                 written last, describes everything before it
    database/kriya.sqlite3        | database/kriya.pgdump | database/kriya.jsonl
    storage/private/<name>        every file of the "private" storage
    storage/default/<name>        every file of the "default" storage (public media)

Files are read through Django's storage API only, so a backup of S3-backed storage
works the same. The signing keys are rows of the database (verify_signingkey), their
private halves encrypted with KRIYA_SIGNING_KEY_SECRET: they travel in the database
part, still encrypted; the secret itself is never written into a backup.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage, storages

from . import databases

logger = logging.getLogger(__name__)

FORMAT = "kriya-backup"
VERSION = 1
MANIFEST = "manifest.json"
# The storages a backup holds, by their STORAGES alias.
STORAGE_ALIASES = ("private", "default")
NAME_PREFIX = "kriya-backup-"
NAME_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


@dataclass
class Backup:
    path: Path
    manifest: dict


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in `storage`, depth first, sorted; a storage whose root does not
    exist yet (a new installation) holds nothing."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from walk(storage, f"{directory}/{folder}" if directory else folder)


class _Hashing(io.RawIOBase):
    """Reads through a file while hashing what passes."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _open_archive(path: Path, mode: str, *, named: Path | None = None) -> tarfile.TarFile:
    """The tar file at `path`, gzip-compressed when its name (or `named`) ends in .gz or
    .tgz; reading also accepts a compressed archive by another name."""
    if mode == "r":
        return tarfile.open(path, "r:*")  # noqa: SIM115
    compressed = (named or path).name.endswith((".gz", ".tgz"))
    return tarfile.open(path, mode + (":gz" if compressed else ""))  # noqa: SIM115


def _add(archive: tarfile.TarFile, name: str, fileobj, size: int, mtime: float) -> dict:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    reader = _Hashing(fileobj)
    archive.addfile(info, reader)
    if reader.size != size:
        raise OSError(f"{name} changed while it was read ({reader.size} of {size} bytes)")
    return {"sha256": reader.sha256.hexdigest(), "size": size}


def _signing_keys(using: str) -> list[dict]:
    from kriya.verify.models import SigningKey

    return [
        {"kid": k.kid, "status": k.status, "public_key": k.public_key}
        for k in SigningKey.objects.using(using).order_by("created_at", "id")
    ]


def make_backup(
    *,
    output: Path | str | None = None,
    output_dir: Path | str | None = None,
    portable: bool = False,
    using: str = "default",
) -> Backup:
    """Write one archive of the whole system and return its path and manifest.

    `output` names the file (.tar, .tar.gz or .tgz); otherwise a time-stamped
    `kriya-backup-YYYYmmddTHHMMSSZ.tar.gz` is written into `output_dir` (default
    KRIYA_BACKUP_DIR). `portable` stores the database with Django's serialization
    instead of the native snapshot. The archive appears only when complete (written
    beside it, then renamed), so a failed run never leaves a half archive behind.
    """
    now = datetime.now(UTC)
    if output is None:
        directory = Path(output_dir or settings.KRIYA_BACKUP_DIR)
        output = directory / f"{NAME_PREFIX}{now:%Y%m%dT%H%M%SZ}{NAME_SUFFIX}"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        "files": {},
    }
    with tempfile.TemporaryDirectory(prefix="kriya-backup-") as work:
        # The database first: files it names were written before it, so they exist.
        snapshot = databases.snapshot(directory=Path(work), using=using, portable=portable)
        partial = output.with_name(output.name + ".partial")
        try:
            with _open_archive(partial, "w", named=output) as archive:
                name = f"database/{snapshot.path.name}"
                with snapshot.path.open("rb") as fh:
                    manifest["files"][name] = _add(
                        archive, name, fh, snapshot.path.stat().st_size, now.timestamp()
                    )
                counts = {}
                for alias in STORAGE_ALIASES:
                    storage = storages[alias]
                    counts[alias] = 0
                    for stored in walk(storage):
                        member = f"storage/{alias}/{stored}"
                        with storage.open(stored, "rb") as fh:
                            manifest["files"][member] = _add(
                                archive, member, fh, storage.size(stored), now.timestamp()
                            )
                        counts[alias] += 1
                manifest["database"] = {
                    "vendor": _vendor(using),
                    "format": snapshot.format,
                    "file": name,
                    "tables": snapshot.tables,
                    "migrations": snapshot.migrations,
                    "warnings": snapshot.warnings,
                }
                manifest["storages"] = counts
                manifest["signing_keys"] = _signing_keys(using)
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    for warning in snapshot.warnings:
        logger.warning("backup %s: %s", output.name, warning)
    logger.info(
        "backup written: %s (%s tables, %s files)",
        output,
        len(snapshot.tables),
        len(manifest["files"]),
    )
    return Backup(output, manifest)


def _vendor(using: str) -> str:
    from django.db import connections

    return connections[using].vendor


def prune_backups(
    *, directory: Path | str | None = None, days: int | None = None, now: datetime | None = None
) -> list[Path]:
    """Delete the time-stamped archives in `directory` (default KRIYA_BACKUP_DIR) older
    than `days` (default KRIYA_BACKUP_RETENTION_DAYS), judged by the time in their name.
    Other files are never touched. Returns what was deleted."""
    directory = Path(directory or settings.KRIYA_BACKUP_DIR)
    days = settings.KRIYA_BACKUP_RETENTION_DAYS if days is None else days
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    deleted = []
    if not directory.is_dir():
        return deleted
    for path in sorted(directory.glob(f"{NAME_PREFIX}*{NAME_SUFFIX}")):
        stamp = path.name[len(NAME_PREFIX) : -len(NAME_SUFFIX)]
        try:
            made = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        if made < cutoff:
            path.unlink()
            deleted.append(path)
    return deleted


def nightly_backup() -> dict:
    """The scheduled job: a new archive in KRIYA_BACKUP_DIR, then the old ones pruned.
    Returns what it did (for the job's record)."""
    backup = make_backup()
    pruned = prune_backups()
    return {
        "archive": str(backup.path),
        "files": len(backup.manifest["files"]),
        "pruned": [p.name for p in pruned],
    }
