"""The database part of a backup: a consistent snapshot into a file, and back.

Three formats, chosen by the database and what is installed:

- ``sqlite``: SQLite's online backup API (`sqlite3.Connection.backup`) copies the live
  database page by page into a single file, consistent while the site keeps running.
- ``pg_dump``: PostgreSQL's `pg_dump --format=custom`, run on a snapshot exported from a
  REPEATABLE READ transaction, so the row counts of the manifest describe exactly the
  rows in the dump. Restored with `pg_restore --no-owner` into an empty database.
- ``django-json``: Django's own serialization (`dumpdata --all`, every model of every
  app, primary keys kept), the fallback when `pg_dump` is missing or older than the
  server, and a portable format on request (`backup --db-format json`). Restored by
  migrating an empty database to the backup's migrations, then `loaddata`.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor

SQLITE = "sqlite"
PG_DUMP = "pg_dump"
DJANGO_JSON = "django-json"
FILE_NAMES = {SQLITE: "kriya.sqlite3", PG_DUMP: "kriya.pgdump", DJANGO_JSON: "kriya.jsonl"}


class DatabaseError(Exception):
    """A snapshot or restore that cannot go on; the message says why and what to do."""


@dataclass
class Snapshot:
    format: str
    path: Path
    tables: dict[str, int]
    migrations: list[list[str]]
    warnings: list[str] = field(default_factory=list)


# --- Reading the database ----------------------------------------------------


def model_tables(using: str = "default") -> list[str]:
    """The tables of every installed model (auto-created many-to-many tables included)
    that exist in the database."""
    connection = connections[using]
    with connection.cursor():
        names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(names)


def count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from Django's own model registry, quoted by the backend.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [list(row) for row in cursor.fetchall()]


def is_empty(using: str = "default") -> bool:
    """True when the database holds no table at all (a new file, a new database)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


# --- Snapshots ---------------------------------------------------------------


def snapshot(*, directory: Path, using: str = "default", portable: bool = False) -> Snapshot:
    """Write a consistent snapshot of the database into `directory`. `portable` forces
    Django's serialization (restorable into SQLite and PostgreSQL alike)."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise DatabaseError("A backup cannot run inside a transaction.")
    if portable:
        return _json_snapshot(directory, using)
    if connection.vendor == "sqlite":
        return _sqlite_snapshot(directory, using)
    if connection.vendor == "postgresql":
        problem = pg_dump_problem(using)
        if problem is None:
            return _pg_dump_snapshot(directory, using)
        result = _json_snapshot(directory, using)
        result.warnings.append(problem + " Fell back to Django's serialization.")
        return result
    return _json_snapshot(directory, using)


def _sqlite_snapshot(directory: Path, using: str) -> Snapshot:
    connection = connections[using]
    tables = model_tables(using)
    path = directory / FILE_NAMES[SQLITE]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # One self-contained file: no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        cursor = target.cursor()
        counts = count_rows(cursor, tables, _sqlite_quote)
        migrations = applied_migrations(cursor)
    finally:
        target.close()
    return Snapshot(SQLITE, path, counts, migrations)


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_dump_snapshot(directory: Path, using: str) -> Snapshot:
    connection = connections[using]
    tables = model_tables(using)
    path = directory / FILE_NAMES[PG_DUMP]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        counts = count_rows(cursor, tables, connection.ops.quote_name)
        migrations = applied_migrations(cursor)
        # pg_dump reads the very snapshot the counts were taken in, while it stays open.
        _run(
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={path}",
            ],
            env=pg_environment(connection.settings_dict),
        )
    return Snapshot(PG_DUMP, path, counts, migrations)


def _json_snapshot(directory: Path, using: str) -> Snapshot:
    connection = connections[using]
    tables = model_tables(using)
    path = directory / FILE_NAMES[DJANGO_JSON]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = count_rows(cursor, tables, connection.ops.quote_name)
        migrations = applied_migrations(cursor)
        # --all: the base manager, so rows a default manager filters out are kept.
        call_command(
            "dumpdata",
            format="jsonl",
            output=str(path),
            database=using,
            use_base_manager=True,
            verbosity=0,
        )
    return Snapshot(DJANGO_JSON, path, counts, migrations)


# --- PostgreSQL client programs ----------------------------------------------


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq environment for pg_dump/pg_restore: the connection settings of Django's
    database, the password never on a command line."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGHOST": settings_dict.get("HOST") or options.get("host"),
        "PGPORT": settings_dict.get("PORT") or options.get("port"),
        "PGUSER": settings_dict.get("USER") or options.get("user"),
        "PGDATABASE": settings_dict.get("NAME") or options.get("dbname"),
    }
    merged = {**os.environ, **(env or {})}
    merged.update({k: str(v) for k, v in values.items() if v})
    return merged


def _major(version_output: str) -> int | None:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    found = re.search(r"\)\s*(\d+)", version_output)
    return int(found.group(1)) if found else None


def pg_dump_problem(using: str = "default") -> str | None:
    """Why pg_dump cannot dump this server (None: it can). pg_dump refuses a server
    newer than itself, so the major versions are compared first."""
    program = shutil.which("pg_dump")
    if program is None:
        return "pg_dump is not installed (Debian: apt-get install postgresql-client)."
    output = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout
    client = _major(output)
    connection = connections[using]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client is None or client < server:
        return (
            f"pg_dump {client} cannot dump PostgreSQL {server}: install postgresql-client-{server}."
        )
    return None


def _run(command: list[str], *, env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise DatabaseError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


# --- Restoring ---------------------------------------------------------------


def wipe(using: str = "default") -> None:
    """Remove every table (and on PostgreSQL every object of the schema): only for a
    restore told to replace what is there."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # Copying an empty database over the file leaves an empty database.
        empty = sqlite3.connect(":memory:")
        try:
            empty.backup(connection.connection)
        finally:
            empty.close()
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            schema = connection.ops.quote_name(cursor.fetchone()[0])
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
    else:
        raise DatabaseError(f"Cannot empty a {connection.vendor} database.")
    connection.close()


def restore(*, path: Path, format: str, migrations: list[list[str]], using: str = "default"):
    """Load a snapshot into the (empty) database."""
    connection = connections[using]
    if format == SQLITE:
        if connection.vendor != "sqlite":
            raise DatabaseError(
                "This backup holds an SQLite database; restore it with DATABASE_URL unset, "
                "or make a portable backup (backup --db-format json)."
            )
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    elif format == PG_DUMP:
        if connection.vendor != "postgresql":
            raise DatabaseError(
                "This backup holds a pg_dump archive; restore it into PostgreSQL "
                "(DATABASE_URL=postgres://…), or make a portable backup (backup --db-format json)."
            )
        program = shutil.which("pg_restore")
        if program is None:
            raise DatabaseError(
                "pg_restore is not installed (Debian: apt-get install postgresql-client)."
            )
        connection.close()
        settings_dict = connection.settings_dict
        _run(
            [
                program,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                str(path),
            ],
            env=pg_environment(settings_dict),
        )
    elif format == DJANGO_JSON:
        _load_json(path, migrations, using)
    else:
        raise DatabaseError(f"Unknown database format {format!r}.")


def _load_json(path: Path, migrations: list[list[str]], using: str) -> None:
    connection = connections[using]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    # Rows of apps no longer installed (a renamed app's old name) are history only.
    applied = {tuple(m) for m in migrations if m[0] in executor.loader.migrated_apps}
    unknown = sorted(applied - set(graph.nodes))
    if unknown:
        raise DatabaseError(
            "The backup was made by a newer Kriya (unknown migrations: "
            + ", ".join(f"{a}.{n}" for a, n in unknown[:5])
            + "); restore it with that version."
        )
    # The schema as it was when the backup was made; newer migrations run after loading.
    targets = [
        node
        for node in applied
        if not any(
            child.key in applied and child.key[0] == node[0]
            for child in graph.node_map[node].children
        )
    ]
    executor.migrate(targets)
    # Data migrations may have written rows: the backup's rows replace them all.
    call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(path), database=using, verbosity=0)
    call_command("migrate", database=using, interactive=False, verbosity=0)
    call_command("createcachetable", database=using, verbosity=0)
    # The SQLite full-text table is not a model: rebuild it from the loaded catalogue.
    if connection.vendor == "sqlite":
        from kriya.showcase import search

        search.rebuild()


def pending_migrations(using: str = "default") -> int:
    """How many of this code's migrations the restored database has not applied yet."""
    executor = MigrationExecutor(connections[using])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
