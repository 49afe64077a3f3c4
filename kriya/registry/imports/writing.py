"""Bulk writes for the import, at the speed of the database rather than of the ORM.

Django's bulk_create builds a model instance and prepares every field of every row; for
a 31-column business that is about 4,000 rows/s, far below what the databases take. The
import therefore writes rows it has already validated and typed itself:

- SQLite: `executemany` of one INSERT / UPDATE statement;
- PostgreSQL: `COPY … FROM STDIN` for inserts, a pipelined `executemany` for updates.

Columns come from the model's `_meta`, so a new column with a default needs no change
here; `test_import_rows_read_back_like_service_created` checks that a row written here
reads back exactly like one written by `services.create_business`.

Primary keys of the organisations are reserved before the insert (the business rows point
to them): from the sequence on PostgreSQL, from `sqlite_sequence` on SQLite (the reserving
UPDATE takes SQLite's write lock, which the transaction then holds until it commits).
"""

from __future__ import annotations

import contextlib
import json

from django.db import connection

# SQL here is built only from the models' own table and column names (quoted by the
# backend); every value is a parameter. Hence the `noqa: S608` below.

# Keys per look-up query (kriya.registry.imports.runner looks up a batch's NIBs and slugs).
LOOKUP_KEYS = 10_000

# SQLite's page cache per connection is 2 MiB by default; a bulk import into a registry of
# hundreds of thousands of rows touches index pages all over the file. For the duration of
# the import the connection keeps up to 64 MiB of pages (released when it ends), and the
# write-ahead log is copied back into the database (a checkpoint, with an fsync) every
# 256 MiB instead of every 4 MiB. A checkpoint writes each page once however many batches
# changed it, so rarer checkpoints write less (10–15 % less time for the inserts and
# commits of 100,000 rows, docs/benchmarks.md); the WAL file grows to about that size and
# is reused afterwards.
SQLITE_BULK_CACHE_KIB = 65536
SQLITE_BULK_CHECKPOINT_PAGES = 65536


@contextlib.contextmanager
def bulk_session():
    """Connection settings for a bulk import, restored after. bench/run.py measures its
    ceiling inside the same session, so both see the same database configuration."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        checkpoint = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB:d}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_BULK_CHECKPOINT_PAGES:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache):d}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint):d}")


def relaxed_commit() -> None:
    """Inside a batch's transaction: on PostgreSQL, COMMIT need not wait for the WAL to
    reach the disk. A crash right after may lose the last batches (never half a batch);
    the import's closing event (`business.import_finished`, or the job's `finish`) is
    committed normally, and that flushes every batch before it. SQLite in WAL mode with
    synchronous=NORMAL already commits so."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def insert_columns(model) -> list:
    """Every concrete field except an auto primary key, in table order."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]


class BulkWriter:
    def __init__(self):
        self.vendor = connection.vendor
        if self.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"Bulk import is not implemented for {self.vendor}.")
        self.ops = connection.ops

    # --- values ------------------------------------------------------------------

    def datetime(self, value):
        """A datetime as the driver wants it (SQLite stores text)."""
        if value is None or self.vendor == "postgresql":
            return value
        return self.ops.adapt_datetimefield_value(value)

    def json(self, value):
        return json.dumps(value)

    def json_param(self, value):
        """A JSON value as a statement parameter (COPY takes json text instead)."""
        if self.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return Jsonb(value)
        return json.dumps(value)

    # --- statements --------------------------------------------------------------

    def reserve_ids(self, model, count: int) -> list[int]:
        """`count` fresh primary keys for `model`, never handed out again."""
        if count == 0:
            return []
        table = model._meta.db_table
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, pk, count],
                )
                return [row[0] for row in cursor.fetchall()]
            quoted, quoted_pk = self.ops.quote_name(table), self.ops.quote_name(pk)
            reserve = (
                "UPDATE sqlite_sequence SET seq = MAX(seq, "  # noqa: S608
                f"(SELECT COALESCE(MAX({quoted_pk}), 0) FROM {quoted})) + %s WHERE name = %s"
            )
            cursor.execute(reserve, [count, table])
            if cursor.rowcount == 0:
                cursor.execute(f"SELECT COALESCE(MAX({quoted_pk}), 0) FROM {quoted}")  # noqa: S608
                last = cursor.fetchone()[0] + count
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last]
                )
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                last = cursor.fetchone()[0]
        return list(range(last - count + 1, last + 1))

    def select_in(self, model, fields, key: str, keys) -> list[dict]:
        """Rows of `model` whose `key` is one of `keys`, as dicts of `fields` (attnames),
        converted as the ORM would (JSON decoded). One query per LOOKUP_KEYS keys, so any
        batch size stays within SQLite's limit of 32,766 parameters per statement (the
        ORM's `__in` lookup costs several microseconds per key, this costs none)."""
        keys = list(keys)
        if len(keys) > LOOKUP_KEYS:
            return [
                row
                for start in range(0, len(keys), LOOKUP_KEYS)
                for row in self.select_in(model, fields, key, keys[start : start + LOOKUP_KEYS])
            ]
        if not keys:
            return []
        meta = model._meta
        columns = [meta.get_field(name) for name in fields]
        names = ", ".join(self.ops.quote_name(f.column) for f in columns)
        table = self.ops.quote_name(meta.db_table)
        column = self.ops.quote_name(meta.get_field(key).column)
        if self.vendor == "postgresql":
            # One array parameter: PostgreSQL plans it once, whatever the batch size.
            sql = f"SELECT {names} FROM {table} WHERE {column} = ANY(%s)"  # noqa: S608
            params = [keys]
        else:
            marks = ", ".join(["%s"] * len(keys))
            sql = f"SELECT {names} FROM {table} WHERE {column} IN ({marks})"  # noqa: S608
            params = keys
        convert = [
            (i, f.from_db_value) for i, f in enumerate(columns) if hasattr(f, "from_db_value")
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        result = []
        for row in rows:
            if convert:
                row = list(row)
                for i, function in convert:
                    row[i] = function(row[i], None, connection)
            result.append(dict(zip(fields, row, strict=True)))
        return result

    def insert(self, model, columns: list[str], rows: list) -> None:
        """Insert `rows` (tuples or lists in the order of `columns`)."""
        if not rows:
            return
        table = self.ops.quote_name(model._meta.db_table)
        names = ", ".join(self.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)

    def update(self, model, columns: list[str], rows: list) -> None:
        """UPDATE each row by primary key; each row is the values of `columns`, then the pk."""
        if not rows:
            return
        table = self.ops.quote_name(model._meta.db_table)
        sets = ", ".join(f"{self.ops.quote_name(c)} = %s" for c in columns)
        pk = self.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608
            cursor.executemany(sql, rows)
