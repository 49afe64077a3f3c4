"""The bulk import of a regency's business spreadsheet (issue 3 §5).

`import_businesses()` is the service behind the upload page and the
`import_businesses` command. What it guarantees:

- Every data row is accounted for: rows = created + updated + rejected + duplicate + blank.
  Rows are the rows below the header; blank rows after the last filled row are not data.
- A row whose NIB is new is created; a row whose NIB the registry already holds for this
  regency updates that business (only from the cells that are filled; a re-import of the
  same file creates nothing); a NIB held by a business of another regency is rejected; a
  NIB already accepted from an earlier row of the file makes the later row a duplicate.
- Rows are read as a stream, parsed and written in batches (BATCH_SIZE); a large file is
  read and parsed in a child process while this one writes (kriya.registry.imports.reading).
  Per batch, whatever its size: one query for the existing NIBs, one or two for slugs, a
  few bulk statements (kriya.registry.imports.writing) and ONE audit event
  `business.imported` naming the NIBs created and the fields changed per NIB updated. The
  regency's regions are loaded once per import.
- Each batch is its own transaction. If a batch fails, the batches before it stay, the
  failing batch leaves no trace, and the outcome says at which row the import stopped.
- Imported businesses get their own (memberless) organisation, like a business created
  by a facilitator; an owner claims it later. Their status: `verified` when the importer
  is a regency officer of that regency (the person the lifecycle lets verify), otherwise
  `submitted`, in the regency's verification queue. See docs/registry-import.md.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kriya.accounts.models import Organisation, OrganisationKind
from kriya.core import audit
from kriya.regions.models import Region

from ..models import KEY_FIELDS, Business, BusinessStatus, LegalForm, Sector
from ..services import BUSINESS_FIELDS
from ..sizing import size_class
from ..workflow import own_regency_officer
from .matching import RegionMatcher
from .parsing import ParsedRow, RowParser, SourceError, column_label, open_sheet
from .reading import read_batches
from .report import ImportReport
from .writing import BulkWriter, bulk_session, insert_columns, relaxed_commit

logger = logging.getLogger(__name__)

# Rows per batch (each its own transaction), by database. At every commit SQLite writes
# out each index page the batch changed; the random NIBs and slugs of a batch touch pages
# all over their indexes, so a batch of 10,000 costs little more to commit than one of
# 2,000. PostgreSQL was fastest with 2,000 (docs/benchmarks.md).
BATCH_SIZE = {"sqlite": 10_000, "postgresql": 2_000}


def default_batch_size() -> int:
    return BATCH_SIZE.get(connection.vendor, 2_000)


# Business fields a spreadsheet may fill: those of the pages but the NIB (the key, which
# never changes) and the map point.
IMPORTED_FIELDS = tuple(f for f in BUSINESS_FIELDS if f not in {"nib", "latitude", "longitude"})
UPDATED_COLUMNS = (*IMPORTED_FIELDS, "district_id", "regency_id", "size_class", "status")
REQUIRED_TO_CREATE = ("name", "owner_name", "village_id")
FIELD_COLUMN = {"village_id": "village"}  # values key → parsing column name


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    duplicate: int = 0
    blank: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.rejected + self.duplicate + self.blank

    def line(self) -> str:
        """The one line the command prints and the upload page shows."""
        return (
            f"rows {self.rows}: created {self.created}, updated {self.updated}, "
            f"rejected {self.rejected}, duplicate {self.duplicate}, blank {self.blank}"
        )

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "rejected": self.rejected,
            "duplicate": self.duplicate,
            "blank": self.blank,
        }

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.rejected += other.rejected
        self.duplicate += other.duplicate
        self.blank += other.blank


@dataclass
class ImportOutcome:
    counts: Counts = field(default_factory=Counts)
    header_row: int | None = None
    total_estimate: int | None = None
    last_row: int = 0  # the last row number written (committed)
    stopped_at_row: int | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


Progress = Callable[[ImportOutcome], None]


def import_businesses(
    *,
    fileobj,
    regency: Region,
    by=None,
    dry_run: bool = False,
    report: ImportReport | None = None,
    batch_size: int | None = None,
    parallel: bool | None = None,
    job=None,
    on_start: Progress | None = None,
    on_progress: Progress | None = None,
) -> ImportOutcome:
    """Import the businesses of `fileobj` (binary, seekable; CSV or XLSX) into `regency`.

    `by` is the importing user (None for the system). With `dry_run` every batch is
    written and rolled back, so the outcome is the one a real run would have. `report`
    receives the rows not created or updated, and the notes. `on_start` is called once
    the header is found, `on_progress` after each committed batch. `parallel`: read and
    parse in a child process while this one writes (None: for large files; see
    kriya.registry.imports.reading). A file that cannot be read at all gives an outcome
    with `error` and `stopped_at_row` None.
    """
    batch_size = batch_size or default_batch_size()
    outcome = ImportOutcome()
    try:
        sheet = open_sheet(fileobj)
    except SourceError as exc:
        outcome.error = str(exc)
        return outcome
    outcome.header_row = sheet.header.row
    outcome.total_estimate = sheet.total_estimate
    if on_start:
        on_start(outcome)
    with bulk_session(), young_collections_only():
        _run(sheet, outcome, regency, by, dry_run, report, job, batch_size, parallel, on_progress)
    if not dry_run:
        # Committed normally: once this event is durable, so is every batch before it.
        audit.record(
            actor=by,
            verb="business.import_finished",
            obj=job if job is not None else regency,
            data={
                "job": getattr(job, "pk", None),
                "regency": regency.code,
                **outcome.counts.as_dict(),
                "stopped_at_row": outcome.stopped_at_row,
            },
        )
    return outcome


def _run(sheet, outcome, regency, by, dry_run, report, job, batch_size, parallel, on_progress):
    batches = _Batches(sheet=sheet, regency=regency, by=by, dry_run=dry_run, report=report, job=job)
    source = read_batches(
        sheet, batches.parser, batch_size, prepare=batches.prepare, parallel=parallel
    )
    batch: list[ParsedRow] = []
    try:
        try:
            for batch in source:
                batches.run(batch, outcome)
                batch = []
                gc.collect(1)
                if on_progress:
                    on_progress(outcome)
        except SourceError as exc:
            outcome.stopped_at_row = getattr(exc, "row", None) or outcome.last_row + 1
            outcome.error = str(exc)
    except Exception as exc:
        rows = f"{batch[0].number}–{batch[-1].number}" if batch else "?"
        logger.exception("Import into %s stopped in rows %s", regency.code, rows)
        outcome.stopped_at_row = batch[0].number if batch else outcome.last_row + 1
        outcome.error = _(
            "Impor berhenti di baris %(row)s karena kesalahan saat menyimpan (%(kind)s). "
            "Baris sebelumnya sudah tersimpan; baris %(row)s dan seterusnya tidak diimpor."
        ) % {"row": outcome.stopped_at_row, "kind": type(exc).__name__}
    finally:
        source.close()
        sheet.close()


@contextlib.contextmanager
def young_collections_only():
    """No automatic garbage collection during the import; the young generations are
    collected after each batch instead (`gc.collect(1)`). An import allocates a few
    container objects per row and frees them by reference counting; the automatic
    collector would meanwhile walk every long-lived object of the process again and again
    (docs/benchmarks.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Batches:
    """State of one import across its batches."""

    def __init__(self, *, sheet, regency, by, dry_run, report, job):
        self.sheet = sheet
        self.header = sheet.header
        self.regency = regency
        self.by = by if getattr(by, "is_authenticated", False) else None
        self.dry_run = dry_run
        self.report = report
        self.job = job
        self.parser = RowParser(sheet.header, RegionMatcher(regency))
        self.writer = BulkWriter()
        # NIB → row number of the row accepted for it (duplicates name that row).
        self.seen: dict[int, int] = {}
        self.kbli_json: dict[tuple, str] = {}
        # The lifecycle's own rule: who may verify a business of this regency.
        self.verifier = self.by is not None and own_regency_officer(
            self.by, SimpleNamespace(regency_id=regency.code)
        )
        self.new_status = BusinessStatus.VERIFIED if self.verifier else BusinessStatus.SUBMITTED
        self.business_columns = insert_columns(Business)
        self.business_pos = {f.attname: i for i, f in enumerate(self.business_columns)}
        self.org_columns = [Organisation._meta.pk, *insert_columns(Organisation)]
        self.org_pos = {f.attname: i for i, f in enumerate(self.org_columns)}
        pos = self.business_pos
        template = _template(self.business_columns, self.writer, None)
        template[pos["status"]] = str(self.new_status)
        template[pos["sector"]] = Sector.LAINNYA
        template[pos["legal_form"]] = LegalForm.PERORANGAN
        template[pos["created_by_id"]] = self.by.pk if self.by else None
        self.business_template = template
        # Set when the batch is written.
        self.stamped = [pos["created_at"], pos["updated_at"]]
        if self.verifier:
            self.stamped.append(pos["verified_at"])
        # Translated once (the import runs in the importer's language).
        self.labels = {
            "created": _("Dibuat"),
            "updated": _("Diperbarui"),
            "rejected": _("Ditolak"),
            "duplicate": _("Duplikat"),
            "blank": _("Kosong"),
            "blank_reason": _("Baris kosong."),
            "nib_required": _("NIB wajib diisi."),
        }
        self.existing_fields = (
            "id",
            "nib",
            "organisation_id",
            "status",
            "district_id",
            "regency_id",
            "size_class",
            "name",
            *IMPORTED_FIELDS[1:],
        )

    # --- where the batch is read (in the reading process for a large file) ---------

    def prepare(self, batch: list[ParsedRow]) -> None:
        """Build the business row each row would be inserted as, all but what the database
        decides (its organisation, the final slug, the time of writing). The slug position
        holds the slug's base meanwhile."""
        pos = self.business_pos
        template = self.business_template
        kbli_at, slug_at = pos["kbli"], pos["slug"]
        district_at, regency_at, size_at = pos["district_id"], pos["regency_id"], pos["size_class"]
        for row in batch:
            values = row.values
            if row.blank or row.errors or any(n not in values for n in REQUIRED_TO_CREATE):
                continue
            business = template.copy()
            for name, value in values.items():
                business[pos[name]] = value
            if "kbli" in values:
                business[kbli_at] = self._kbli_json(values["kbli"])
            village = values["village_id"]
            business[district_at] = village[:8]
            business[regency_at] = village[:5]
            business[size_at] = size_class(
                capital=values.get("capital"), annual_sales=values.get("annual_sales")
            )
            business[slug_at] = fast_slugify(values["name"])[:200] or "x"
            row.insert = business

    # --- one batch ---------------------------------------------------------------

    def run(self, parsed: list[ParsedRow], outcome: ImportOutcome) -> None:
        nibs = {p.values["nib"] for p in parsed if "nib" in p.values}
        existing = {
            row["nib"]: row
            for row in self.writer.select_in(Business, self.existing_fields, "nib", nibs)
        }
        counts = Counts()
        entries: list[tuple] = []  # report rows, written after the batch commits
        notes: list[tuple] = []
        creates: list[ParsedRow] = []
        updates: list[tuple[ParsedRow, dict]] = []
        accepted: dict[int, int] = {}
        nib_column = self.header.text("nib")
        labels = self.labels
        for row in parsed:
            values = row.values
            nib = values.get("nib")
            if row.blank:
                counts.blank += 1
                entries.append((row, labels["blank"], "", "", labels["blank_reason"]))
                continue
            if nib is None and not any(e[0] == nib_column for e in row.errors):
                row.errors.insert(0, (nib_column, "", labels["nib_required"]))
            if row.errors:
                counts.rejected += 1
                for column, value, message in row.errors:
                    entries.append((row, labels["rejected"], column, value, message))
                continue
            key = int(nib)
            first = self.seen.get(key) or accepted.get(key)
            if first is not None:
                counts.duplicate += 1
                entries.append(
                    (
                        row,
                        labels["duplicate"],
                        nib_column,
                        nib,
                        _("NIB sama dengan baris %(row)s; baris ini dilewati.") % {"row": first},
                    )
                )
                continue
            current = existing.get(nib)
            problems = self._check(row, current)
            if problems:
                counts.rejected += 1
                for column, value, message in problems:
                    entries.append((row, labels["rejected"], column, value, message))
                continue
            accepted[key] = row.number
            if current is None:
                creates.append(row)
                counts.created += 1
                label = labels["created"]
            else:
                updates.append((row, current))
                counts.updated += 1
                label = labels["updated"]
            if row.warnings:
                for column, value, message in row.warnings:
                    notes.append((row, label, column, value, message))

        with transaction.atomic():
            relaxed_commit()
            created = self._create(creates)
            changes, reverify = self._update(updates)
            audit.record(
                actor=self.by,
                verb="business.imported",
                obj=self.job if self.job is not None else self.regency,
                data={
                    "job": getattr(self.job, "pk", None),
                    "regency": self.regency.code,
                    "first_row": parsed[0].number,
                    "last_row": parsed[-1].number,
                    **counts.as_dict(),
                    "status": str(self.new_status),
                    "created_nibs": created,
                    "changes": changes,
                    "reverify": reverify,
                    "dry_run": self.dry_run,
                },
            )
            if self.dry_run:
                transaction.set_rollback(True)
        self.seen.update(accepted)
        outcome.counts.add(counts)
        outcome.last_row = parsed[-1].number
        if self.report is not None:
            for row, label, column, value, message in entries:
                self.report.add_row(
                    row=row.number,
                    result=label,
                    nib=row.values.get("nib", ""),
                    name=row.values.get("name", ""),
                    column=column,
                    value=value,
                    reason=message,
                )
            for row, label, column, value, message in notes:
                self.report.add_note(
                    row=row.number,
                    result=label,
                    nib=row.values.get("nib", ""),
                    name=row.values.get("name", ""),
                    column=column,
                    value=value,
                    note=message,
                )

    def _check(self, row: ParsedRow, current: dict | None) -> list[tuple]:
        """What the database knows that makes the row unacceptable."""
        values = row.values
        if current is not None and current["regency_id"] != self.regency.code:
            return [
                (
                    self.header.text("nib"),
                    values["nib"],
                    _("NIB ini sudah terdaftar untuk usaha di kabupaten/kota lain."),
                )
            ]
        problems = []
        if current is None:
            for name in REQUIRED_TO_CREATE:
                if name not in values:
                    column = FIELD_COLUMN.get(name, name)
                    problems.append(
                        (
                            self.header.text(column),
                            "",
                            _("%(column)s wajib diisi untuk usaha baru.")
                            % {"column": column_label(column)},
                        )
                    )
        merged = values if current is None else {**current, **values}
        total = merged.get("workforce_total") or 0
        for name in ("workforce_women", "workforce_youth"):
            if (merged.get(name) or 0) > total:
                problems.append(
                    (
                        self.header.text(
                            name if name in self.header.columns else "workforce_total"
                        ),
                        values.get(name, ""),
                        _("Tidak boleh lebih dari jumlah tenaga kerja (%(total)s).")
                        % {"total": total},
                    )
                )
        return problems

    # --- writes ------------------------------------------------------------------

    def _slugs(self, bases: list[str]) -> list[str]:
        """Unique slugs for these bases: the base itself while it is free."""
        taken = self._taken_slugs(set(bases))
        slugs: list[str] = []
        used: set[str] = set()
        suffixed: dict[int, str] = {}
        for index, base in enumerate(bases):
            slug = base
            if slug in taken or slug in used:
                slug = f"{base}-{secrets.token_hex(3)}"
                while slug in used:
                    slug = f"{base}-{secrets.token_hex(3)}"
                suffixed[index] = slug
            used.add(slug)
            slugs.append(slug)
        while suffixed:
            clash = self._taken_slugs(set(suffixed.values()))
            retry = {}
            for index, slug in suffixed.items():
                if slug in clash:
                    new = f"{bases[index]}-{secrets.token_hex(3)}"
                    while new in used:
                        new = f"{bases[index]}-{secrets.token_hex(3)}"
                    used.add(new)
                    slugs[index] = new
                    retry[index] = new
            suffixed = retry
        return slugs

    def _kbli_json(self, codes: list[str]) -> str:
        """The KBLI list as JSON text; the same few combinations repeat down a file."""
        key = tuple(codes)
        text = self.kbli_json.get(key)
        if text is None:
            text = self.writer.json(codes)
            if len(self.kbli_json) < 10_000:
                self.kbli_json[key] = text
        return text

    def _taken_slugs(self, slugs: set[str]) -> set[str]:
        return {row["slug"] for row in self.writer.select_in(Business, ("slug",), "slug", slugs)}

    def _create(self, rows: list[ParsedRow]) -> list[str]:
        if not rows:
            return []
        # In NIB order, the unique NIB index is written page by page rather than at random.
        rows = sorted(rows, key=lambda row: row.values["nib"])
        writer = self.writer
        stamp = writer.datetime(timezone.now())
        org_ids = writer.reserve_ids(Organisation, len(rows))
        org_template = _template(self.org_columns, writer, stamp)
        org_template[self.org_pos["kind"]] = OrganisationKind.BUSINESS
        org_id_at, org_name_at = self.org_pos["id"], self.org_pos["name"]
        org_at, slug_at = self.business_pos["organisation_id"], self.business_pos["slug"]
        stamped = self.stamped
        slugs = self._slugs([row.insert[slug_at] for row in rows])
        org_rows = []
        business_rows = []
        for row, org_id, slug in zip(rows, org_ids, slugs, strict=True):
            org = org_template.copy()
            org[org_id_at] = org_id
            org[org_name_at] = row.values["name"][:200]
            org_rows.append(org)
            business = row.insert
            business[org_at] = org_id
            business[slug_at] = slug
            for at in stamped:
                business[at] = stamp
            business_rows.append(business)
        writer.insert(Organisation, [f.column for f in self.org_columns], org_rows)
        writer.insert(Business, [f.column for f in self.business_columns], business_rows)
        return [row.values["nib"] for row in rows]

    def _update(self, rows: list[tuple[ParsedRow, dict]]) -> tuple[dict, list[str]]:
        """Write the changed fields of existing businesses; return the changes per NIB
        ({nib: {field: [old, new]}}) and the NIBs sent back to re-verification."""
        changes: dict[str, dict] = {}
        reverify: list[str] = []
        statements = []
        renames = []
        writer = self.writer
        for row, current in rows:
            values = row.values
            merged = {**current, **values}
            village = merged["village_id"]
            merged["district_id"], merged["regency_id"] = village[:8], village[:5]
            merged["size_class"] = size_class(
                capital=merged.get("capital"), annual_sales=merged.get("annual_sales")
            )
            changed = {
                name: [current[name], merged[name]]
                for name in UPDATED_COLUMNS
                if merged[name] != current[name]
            }
            if not changed:
                continue
            if (
                current["status"] == BusinessStatus.VERIFIED
                and not self.verifier
                and any(name in changed for name in KEY_FIELDS)
            ):
                # Like services.update_business: a key-field change sends it back.
                merged["status"] = BusinessStatus.SUBMITTED
                changed["status"] = [current["status"], merged["status"]]
                reverify.append(current["nib"])
            changes[current["nib"]] = changed
            statements.append(
                [
                    writer.json_param(merged[name]) if name == "kbli" else merged[name]
                    for name in UPDATED_COLUMNS
                ]
                + [current["id"]]
            )
            if "name" in changed:
                renames.append((merged["name"][:200], current["organisation_id"]))
        if statements:
            now = writer.datetime(timezone.now())
            columns = [Business._meta.get_field(n).column for n in UPDATED_COLUMNS]
            writer.update(
                Business,
                [*columns, "updated_at"],
                [[*s[:-1], now, s[-1]] for s in statements],
            )
            writer.update(Organisation, ["name"], renames)
        return changes, reverify


_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_DASH = re.compile(r"[-\s]+")


def fast_slugify(text: str) -> str:
    """django.utils.text.slugify, without its Unicode step for plain ASCII names."""
    if text.isascii():
        return _SLUG_DASH.sub("-", _SLUG_DROP.sub("", text.lower())).strip("-_")
    return slugify(text)


def _template(fields, writer: BulkWriter, stamp) -> list:
    """Default values per column, as the database wants them."""
    values = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(stamp)
            continue
        default = f.get_default()
        values.append(writer.json(default) if f.get_internal_type() == "JSONField" else default)
    return values
