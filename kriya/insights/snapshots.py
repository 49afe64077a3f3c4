"""The stored files of the open datasets, written by the scheduler (docs/insights.md).

`refresh(dataset)` streams the dataset's published rows (`opendata.published_rows`:
its query read with `iterator()`, suppression applied) once, into a temporary CSV and a
temporary file of typed rows (JSON lines), so memory stays flat whatever the size. The
CSV's sha256 is the fingerprint of the data: when it equals the stored snapshot's,
nothing is written and only `checked_at` moves (a re-run is idempotent). Otherwise the
JSON and the XLSX (openpyxl's write-only workbook) are written from the typed rows, and
the three files are saved through Django's default storage under names that carry their
own checksum (`opendata/<slug>/<slug>-<sha256[:16]>.<fmt>`). Only when all three are
stored does the `OpenDataSnapshot` row switch to them, in one UPDATE: that switch is the
swap, so a reader sees the old files or the new ones, never half a file, on a local
folder as on S3-compatible storage (which cannot rename). The previous generation is
kept (a download that began before the swap finishes); older files are deleted once an
hour old (a younger one may be a concurrent refresh's, not yet swapped in).

`ensure()` is what the public views call: it reads every snapshot in one query and, on
a fresh install where a dataset has none yet, builds it there and then.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import tempfile
from datetime import date, datetime, timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from kriya.core import pagecache
from kriya.core.figures import Dataset

from . import opendata
from .models import OpenDataSnapshot

logger = logging.getLogger("kriya.insights.snapshots")

FOLDER = "opendata"
BLOCK = 1 << 16
# A file no snapshot points to is deleted once this old: younger, it may be another
# worker's refresh that has not swapped yet.
PRUNE_AFTER = timedelta(hours=1)


def current() -> dict[str, OpenDataSnapshot]:
    """Every stored snapshot by slug: one query."""
    return {s.slug: s for s in OpenDataSnapshot.objects.all()}


def ensure() -> dict[str, OpenDataSnapshot]:
    """The snapshots of every registered dataset; one missing (a fresh install, a new
    dataset before the job's next run) is built now, so no page fails for the lack."""
    found = current()
    for dataset in opendata.all_datasets():
        if dataset.slug not in found:
            found[dataset.slug] = refresh(dataset)[0]
    return found


def get(dataset: Dataset) -> OpenDataSnapshot:
    """One dataset's snapshot, built now when it has none yet."""
    found = OpenDataSnapshot.objects.filter(slug=dataset.slug).first()
    return found if found is not None else refresh(dataset)[0]


def refresh_all(*, now: datetime | None = None) -> dict[str, bool]:
    """Refresh every dataset (slug → changed). A dataset that fails does not stop the
    others; the failure is raised at the end, so the scheduler retries the job."""
    results, failed = {}, []
    for dataset in opendata.all_datasets():
        try:
            results[dataset.slug] = refresh(dataset, now=now)[1]
        except Exception:
            logger.exception("Open dataset %s could not be refreshed", dataset.slug)
            failed.append(dataset.slug)
    if failed:
        raise RuntimeError(f"open datasets not refreshed: {', '.join(failed)}")
    return results


def refresh(dataset: Dataset, *, now: datetime | None = None) -> tuple[OpenDataSnapshot, bool]:
    """Write the dataset's files if its published data changed; returns the snapshot and
    whether it changed."""
    now = now or timezone.now()
    previous = OpenDataSnapshot.objects.filter(slug=dataset.slug).first()
    with tempfile.TemporaryFile() as csv_raw, tempfile.TemporaryFile() as rows_raw:
        count, start, end = _write_csv(dataset, csv_raw, rows_raw)
        csv_sha, csv_size = _digest(csv_raw)
        checksum = _fingerprint(dataset, csv_sha)
        if previous is not None and previous.checksum == checksum and _complete(previous):
            OpenDataSnapshot.objects.filter(pk=previous.pk).update(checked_at=now)
            previous.checked_at = now
            return previous, False
        files = {"csv": _store(dataset, "csv", csv_raw, csv_sha, csv_size)}
        head = opendata.header(dataset)
        meta = opendata.metadata(dataset, opendata.base_url(), now)
        with tempfile.TemporaryFile() as raw:
            _write_json(raw, head, _typed_rows(rows_raw), meta)
            files["json"] = _store(dataset, "json", raw, *_digest(raw))
        with tempfile.TemporaryFile() as raw:
            _write_xlsx(raw, head, _typed_rows(rows_raw), meta)
            files["xlsx"] = _store(dataset, "xlsx", raw, *_digest(raw))
    values = {
        "checksum": checksum,
        "rows": count,
        "files": files,
        "period_start": start,
        "period_end": end,
        "modified_at": now,
        "checked_at": now,
    }
    snapshot = _swap(dataset.slug, values)
    keep = {f["name"] for f in files.values()}
    if previous is not None:
        keep |= {f.get("name") for f in previous.files.values()}
    _prune(dataset.slug, keep)
    pagecache.bump("opendata")
    return snapshot, True


def _fingerprint(dataset: Dataset, csv_sha: str) -> str:
    """The published data (the CSV's sha256) and the metadata the files carry but for
    their date: a new title or column definition writes the files again too."""
    meta = opendata.metadata(dataset, opendata.base_url(), timezone.now())
    meta.pop("diperbarui")
    text = csv_sha + json.dumps(meta, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _swap(slug: str, values: dict) -> OpenDataSnapshot:
    """Point the snapshot at the new files: one row written in one statement."""
    try:
        with transaction.atomic():
            snapshot, _created = OpenDataSnapshot.objects.update_or_create(
                slug=slug, defaults=values
            )
    except IntegrityError:  # another worker created it meanwhile: ours is as new
        OpenDataSnapshot.objects.filter(slug=slug).update(**values)
        snapshot = OpenDataSnapshot.objects.get(slug=slug)
    return snapshot


def open_file(snapshot: OpenDataSnapshot, fmt: str):
    return default_storage.open(snapshot.file(fmt)["name"], "rb")


# --- Writing ------------------------------------------------------------------------------


def _write_csv(dataset: Dataset, csv_raw, rows_raw) -> tuple[int, date | None, date | None]:
    """The CSV (UTF-8, one header line, "\\n" line ends, empty for None) and the typed
    rows as JSON lines, in one pass over the dataset's rows. Returns the row count and the
    first and last day covered by its month or semester column."""
    text = io.TextIOWrapper(csv_raw, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(opendata.header(dataset))
    period = next(
        (i for i, c in enumerate(dataset.columns) if c.type in ("month", "semester")), None
    )
    count, low, high = 0, None, None
    for row in opendata.published_rows(dataset):
        writer.writerow(["" if v is None else v for v in row])
        rows_raw.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        count += 1
        if period is not None and row[period]:
            key = str(row[period])
            low = key if low is None or key < low else low
            high = key if high is None or key > high else high
    text.flush()
    text.detach()
    return count, _first_day(low), _last_day(high)


def _first_day(key: str | None) -> date | None:
    if not key:
        return None
    year, _sep, part = key.partition("-")
    if part.startswith("S"):
        return date(int(year), 1 if part == "S1" else 7, 1)
    return date(int(year), int(part), 1)


def _last_day(key: str | None) -> date | None:
    if not key:
        return None
    year, _sep, part = key.partition("-")
    month = (6 if part == "S1" else 12) if part.startswith("S") else int(part)
    following = date(int(year) + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _typed_rows(rows_raw):
    rows_raw.seek(0)
    for line in rows_raw:
        yield json.loads(line)


def _indent(text: str, depth: int) -> str:
    return text.replace("\n", "\n" + " " * depth)


def _write_json(raw, head, rows, meta) -> None:
    """`{"metadata": …, "data": [{column: value}, …]}`, byte for byte what
    `json.dumps(…, ensure_ascii=False, indent=1)` makes of it, written row by row."""
    text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    dumps = json.JSONEncoder(ensure_ascii=False, indent=1).encode
    text.write('{\n "metadata": ' + _indent(dumps(meta), 1) + ',\n "data": [')
    first = True
    for row in rows:
        text.write(
            ("\n  " if first else ",\n  ") + _indent(dumps(dict(zip(head, row, strict=True))), 2)
        )
        first = False
    text.write("]\n}" if first else "\n ]\n}")
    text.flush()
    text.detach()


def _write_xlsx(raw, head, rows, meta) -> None:
    """Sheets `data` and `metadata`; openpyxl's write-only workbook keeps no rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    notes = book.create_sheet("metadata")
    for key, value in meta.items():
        if isinstance(value, (list, dict)):
            value = json.dumps(value, ensure_ascii=False)
        notes.append([key, value])
    book.save(raw)


# --- Storage ------------------------------------------------------------------------------


def _digest(raw) -> tuple[str, int]:
    raw.seek(0)
    sha, size = hashlib.sha256(), 0
    while block := raw.read(BLOCK):
        sha.update(block)
        size += len(block)
    return sha.hexdigest(), size


def _store(dataset: Dataset, fmt: str, raw, sha: str, size: int) -> dict:
    name = f"{FOLDER}/{dataset.slug}/{dataset.slug}-{sha[:16]}.{fmt}"
    if not default_storage.exists(name):  # the same name holds the same bytes
        raw.seek(0)
        name = default_storage.save(name, File(raw, name=name))
    return {"name": name, "size": size, "sha256": sha}


def _complete(snapshot: OpenDataSnapshot) -> bool:
    return all(
        snapshot.file(fmt)["name"] and default_storage.exists(snapshot.file(fmt)["name"])
        for fmt in opendata.FORMATS
    )


def _prune(slug: str, keep: set) -> None:
    """Delete the dataset's files older than the previous generation (and than
    PRUNE_AFTER)."""
    folder = f"{FOLDER}/{slug}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    current = OpenDataSnapshot.objects.filter(slug=slug).values_list("files", flat=True).first()
    keep = keep | {f.get("name") for f in (current or {}).values()}
    cutoff = timezone.now() - PRUNE_AFTER
    for name in names:
        path = f"{folder}/{name}"
        if path in keep:
            continue
        try:
            if default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
        except (OSError, NotImplementedError):  # gone already, or no times to go by
            logger.info("Open-data file %s not pruned", path)
