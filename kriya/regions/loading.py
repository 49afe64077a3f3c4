"""Loading the Kepmendagri region list: idempotent, in bulk."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kriya.core import audit

from .models import Region, level_of, parent_code


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def __str__(self):
        return (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}"
        )


def load_regions(path: Path, *, by=None, batch_size: int = 5000) -> LoadResult:
    """Create missing regions and rename changed ones; a second run changes nothing.

    Rows are sorted by code, so every parent is written before its children.
    """
    result = LoadResult()
    rows: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("code") or "").strip()
            name = (row.get("name") or "").strip()
            if not code or not name or level_of(code) is None:
                result.skipped += 1
                continue
            rows[code] = name
    existing = dict(Region.objects.values_list("code", "name"))
    to_create = []
    to_update = []
    for code in sorted(rows, key=lambda c: (len(c), c)):
        name = rows[code]
        if code not in existing:
            to_create.append(
                Region(code=code, name=name, level=level_of(code), parent_id=parent_code(code))
            )
        elif existing[code] != name:
            to_update.append(Region(code=code, name=name))
        else:
            result.unchanged += 1
    with transaction.atomic():
        Region.objects.bulk_create(to_create, batch_size=batch_size)
        Region.objects.bulk_update(to_update, ["name"], batch_size=batch_size)
        result.created, result.updated = len(to_create), len(to_update)
        if to_create or to_update:
            audit.record(
                actor=by,
                verb="regions.loaded",
                data={
                    "file": Path(path).name,
                    "created": result.created,
                    "updated": result.updated,
                },
            )
    return result
