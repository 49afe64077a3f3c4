"""A database made before the service desk became `desk` migrates forward and loses nothing.

Until commit 1d3b9a1 the desk was the app `services`. The fixtures are dumps of databases
that the code of the commit before (7059106) migrated and filled (fixtures/README.md).
Each run loads its backend's dump into a scratch database, runs the new code's `migrate`
against it in a subprocess — as a deployment would — and compares what the database held
before with what it holds after. SQLite runs without DATABASE_URL; PostgreSQL runs when
DATABASE_URL names a PostgreSQL server (a scratch database on it, dropped afterwards)."""

# Table, column and id lists in this file's SQL come from the scratch database's own
# catalogue, never from input: hence S608 off for the file.
# ruff: noqa: S608

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(settings.BASE_DIR)
DESK_MIGRATIONS = {
    ("desk", "0001_initial"),
    ("desk", "0002_sponsorship"),
    ("desk", "0003_notifications_and_reminders"),
    ("desk", "0004_satisfaction_survey"),
    ("desk", "0005_complaints"),
    ("desk", "0006_tables_named_for_desk"),
    ("desk", "0007_records_named_for_desk"),
}
# Rows outside the desk that point at desk rows, and must still find them.
OUTSIDE_REFERENCES = {
    ("lab_sample", "request_id"): "servicerequest",
    ("certification_evaluation", "request_id"): "servicerequest",
    ("certification_scheme", "service_id"): "service",
}


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else ""


def sqlite_schema(query) -> set[tuple]:
    """Every table, index and trigger with the SQL that made it."""
    return set(
        query("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    )


def postgresql_schema(query) -> set[tuple]:
    """Columns, indexes, constraints and identity sequences, by name."""
    columns = query(
        "SELECT 'column', table_name, column_name, data_type, is_nullable, is_identity,"
        " character_maximum_length FROM information_schema.columns"
        " WHERE table_schema = 'public'"
    )
    indexes = query(
        "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    )
    constraints = query(
        "SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        " FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
    )
    sequences = query(
        "SELECT 'sequence', s.relname, t.relname, a.attname"
        " FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " WHERE s.relkind = 'S'"
    )
    # A dump and load reparses partial indexes' conditions: `(ARRAY['a'::varchar])::text[]`
    # comes back as `ARRAY[('a'::varchar)::text]`. Compare them without casts and brackets.
    indexes = [(*row[:3], _without_casts(row[3])) for row in indexes]
    constraints = [(*row[:3], _without_casts(row[3])) for row in constraints]
    return set(columns) | set(indexes) | set(constraints) | set(sequences)


def _without_casts(definition: str) -> str:
    return re.sub(r"::[a-z ]+(\[\])?|[()]", "", definition)


class SQLite:
    vendor = "sqlite"

    def __init__(self, directory: Path, name: str):
        self.path = directory / f"{name}.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def _connect(self):
        db = sqlite3.connect(self.path)
        # Check constraints written by Django call REGEXP, which Django defines per connection.
        db.create_function("REGEXP", 2, lambda p, s: s is not None and bool(re.search(p, s)))
        return db

    def create(self, dump: str = "") -> None:
        db = self._connect()
        db.executescript(dump)
        db.close()

    def drop(self) -> None:
        self.path.unlink(missing_ok=True)

    def query(self, sql: str) -> list[tuple]:
        db = self._connect()
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def tables(self) -> set[str]:
        rows = self.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows if not name.startswith("sqlite_")}

    def references(self) -> dict[tuple[str, str], str]:
        """(table, column) → the table its foreign key points at."""
        found = {}
        for table in self.tables():
            for row in self.query(f'PRAGMA foreign_key_list("{table}")'):
                found[(table, row[3])] = row[2]
        return found

    def schema(self) -> set[tuple]:
        return sqlite_schema(self.query)


class PostgreSQL:
    vendor = "postgresql"

    def __init__(self, server_url: str, name: str):
        self.name = name
        self.server = server_url.rsplit("/", 1)[0] + "/postgres"
        self.url = server_url.rsplit("/", 1)[0] + "/" + name

    def create(self, dump: str = "") -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        if dump:
            with psycopg.connect(self.url) as conn:
                conn.execute(dump)

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql).fetchall()

    def tables(self) -> set[str]:
        rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {name for (name,) in rows}

    def references(self) -> dict[tuple[str, str], str]:
        rows = self.query(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
            """
        )
        return {(table, column): target for table, column, target in rows}

    def schema(self) -> set[tuple]:
        return postgresql_schema(self.query)


def snapshot(db) -> dict:
    """What the tests compare: desk rows, content types and what points at them."""
    tables = db.tables()
    desk_tables = {t for t in tables if t.startswith(("services_", "desk_"))}
    types = db.query(
        "SELECT id, app_label, model FROM django_content_type"
        " WHERE app_label IN ('services', 'desk')"
    )
    type_ids = ", ".join(str(pk) for pk, _app, _model in types) or "NULL"
    references = {key: target for key, target in db.references().items() if target in desk_tables}
    return {
        "tables": tables,
        # Every row of every desk table, whole, under the name it has without its prefix.
        "rows": {
            table.split("_", 1)[1]: db.query(f'SELECT * FROM "{table}" ORDER BY 1')
            for table in desk_tables
        },
        "content_types": {model: (pk, app) for pk, app, model in types},
        "audit_events": db.query(
            "SELECT id, object_type_id, object_id FROM core_auditevent"
            f" WHERE object_type_id IN ({type_ids}) ORDER BY id"
        ),
        "permissions": db.query(
            "SELECT id, content_type_id, codename FROM auth_permission"
            f" WHERE content_type_id IN ({type_ids}) ORDER BY id"
        ),
        "granted": db.query(
            "SELECT g.group_id, p.codename FROM auth_group_permissions g"
            " JOIN auth_permission p ON p.id = g.permission_id"
            f" WHERE p.content_type_id IN ({type_ids})"
            " UNION ALL SELECT u.user_id, p.codename FROM accounts_user_user_permissions u"
            " JOIN auth_permission p ON p.id = u.permission_id"
            f" WHERE p.content_type_id IN ({type_ids}) ORDER BY 1, 2"
        ),
        "admin_log": db.query(
            "SELECT id, content_type_id, object_id FROM django_admin_log"
            f" WHERE content_type_id IN ({type_ids}) ORDER BY id"
        ),
        "tasks": dict(db.query("SELECT id, task_path FROM django_tasks_database_dbtaskresult")),
        "migrations": set(db.query("SELECT app, name FROM django_migrations")),
        # (table, column) outside the desk → (desk table, rows pointing, rows that find it)
        "references": {
            (table, column): (
                target,
                *db.query(
                    f'SELECT COUNT(r."{column}"), COUNT(t.id) FROM "{table}" r'
                    f' LEFT JOIN "{target}" t ON t.id = r."{column}"'
                )[0],
            )
            for (table, column), target in references.items()
            if table not in desk_tables
        },
    }


# What the new code reads back through its models, and the ids new rows get.
PROBE = """
import json
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django_tasks.backends.database.models import DBTaskResult
from kriya.core.models import AuditEvent
from kriya.desk.models import Service, ServiceRequest

counts = {}
for model in apps.get_app_config("desk").get_models():
    rows = list(model.objects.all())
    for row in rows:  # every foreign key of every row resolves
        for field in model._meta.concrete_fields:
            if field.is_relation:
                getattr(row, field.name)
    counts[model._meta.db_table] = len(rows)
requests = ServiceRequest.objects.all()
events = sum(AuditEvent.objects.for_object(r).count() for r in requests)
paths = set()
for queued in DBTaskResult.objects.all():
    try:
        paths.add(queued.task.module_path)
    except Exception:  # the worker could not run it either
        paths.add("unresolved " + queued.task_path)
largest = Service.objects.order_by("-pk").values_list("pk", flat=True).first()
new = Service.objects.create(code="uji-migrasi", name_id="Uji migrasi")
print(json.dumps({
    "counts": counts,
    "request_type": ContentType.objects.get_for_model(ServiceRequest).pk,
    "events": events,
    "task_paths": sorted(paths),
    "largest_service": largest,
    "new_service": new.pk,
}))
"""


def manage(db, var: Path, *args) -> subprocess.CompletedProcess:
    """`manage.py` of this checkout against `db`, with production settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "KRIYA"))}
    env.update(
        DATABASE_URL=db.url,
        DJANGO_SETTINGS_MODULE="config.settings",
        KRIYA_VAR_DIR=str(var),
        KRIYA_TASKS_BACKEND="django_tasks.backends.database.DatabaseBackend",
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


def _ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def migration(request, tmp_path_factory):
    """Load the old database, migrate it twice, check the models against it, then probe
    it with the new code (which adds a row, so it comes last)."""
    server = _postgres_url()
    var = tmp_path_factory.mktemp("var")
    suffix = uuid.uuid4().hex[:8]
    if request.param == "postgresql":
        if not server:
            pytest.skip("the PostgreSQL case runs when DATABASE_URL names a PostgreSQL server")
        old = PostgreSQL(server, f"kriya_before_desk_{suffix}")
        dump = (FIXTURES / "services_before_desk.postgresql.sql").read_text(encoding="utf-8")
    else:
        if server:
            pytest.skip("the SQLite case runs when DATABASE_URL is unset")
        old = SQLite(tmp_path_factory.mktemp("db"), "before_desk")
        dump = (FIXTURES / "services_before_desk.sqlite3.sql").read_text(encoding="utf-8")
    try:
        old.create(dump)
        before = snapshot(old)
        first = _ok(manage(old, var, "migrate", "--noinput"))
        after = snapshot(old)
        second = _ok(manage(old, var, "migrate", "--noinput"))
        again = snapshot(old)
        check = manage(old, var, "makemigrations", "--check", "--dry-run")
        schema = old.schema()
        probe = json.loads(_ok(manage(old, var, "shell", "-c", PROBE)).stdout.splitlines()[-1])
        yield {
            "before": before,
            "after": after,
            "first": first,
            "second": second,
            "again": again,
            "check": check,
            "schema": schema,
            "probe": probe,
        }
    finally:
        old.drop()


def test_the_fixture_holds_rows_in_every_services_table(migration):
    before = migration["before"]
    services_tables = {t for t in before["tables"] if t.startswith("services_")}
    assert len(services_tables) == 17
    assert all(before["rows"][t.split("_", 1)[1]] for t in services_tables)
    assert not any(t.startswith("desk_") for t in before["tables"])


def test_every_desk_table_holds_exactly_the_rows_of_its_services_table(migration):
    before, after = migration["before"], migration["after"]
    renamed = {t.replace("services_", "desk_", 1) for t in before["tables"] if "services_" in t}
    assert renamed <= after["tables"]
    assert after["rows"].keys() == before["rows"].keys()
    for table, rows in before["rows"].items():
        # Columns that later desk migrations add (desk/0008's idempotency fingerprint)
        # come after the old ones; the old columns hold exactly the old values.
        width = len(rows[0]) if rows else 0
        assert [row[:width] for row in after["rows"][table]] == rows, table


def test_no_table_keeps_the_old_name(migration):
    assert not [t for t in migration["after"]["tables"] if t.startswith("services_")]


def test_migrate_applies_the_two_new_desk_migrations_and_records_all_seven(migration):
    output = migration["first"].stdout
    assert "Applying desk.0006_tables_named_for_desk... OK" in output
    assert "Applying desk.0007_records_named_for_desk... OK" in output
    assert "desk.0001" not in output  # 0001–0005 are found applied under the old name
    assert migration["after"]["migrations"] >= DESK_MIGRATIONS
    assert not DESK_MIGRATIONS & migration["before"]["migrations"]


def test_content_types_move_to_desk_and_keep_their_ids(migration):
    before = migration["before"]["content_types"]
    after = migration["after"]["content_types"]
    assert len(before) == 16
    assert {app for _pk, app in before.values()} == {"services"}
    assert after == {model: (pk, "desk") for model, (pk, _app) in before.items()}


def test_audit_events_permissions_and_admin_history_still_point_at_the_desk_models(migration):
    before, after = migration["before"], migration["after"]
    for key in ("audit_events", "permissions", "granted", "admin_log"):
        assert before[key], key
        assert after[key] == before[key], key


def test_queued_tasks_point_at_the_desk_task_functions(migration):
    before, after = migration["before"]["tasks"], migration["after"]["tasks"]
    old = {pk: path for pk, path in before.items() if path.startswith("kriya.services.")}
    assert old
    assert after.keys() == before.keys()
    for pk, path in before.items():
        expected = path.replace("kriya.services.", "kriya.desk.", 1) if pk in old else path
        assert after[pk] == expected
    assert not [p for p in after.values() if p.startswith("kriya.services.")]


def test_lab_and_certification_rows_still_reach_their_desk_rows(migration):
    before = migration["before"]["references"]
    after = migration["after"]["references"]
    # Tables made after the old database (training's and events' fee requests) may
    # point at desk rows too; every reference the old database had is still there.
    assert before.keys() <= after.keys()
    assert not {table for table, _column in after.keys() - before.keys()} & set(
        migration["before"]["tables"]
    )
    for key, model in OUTSIDE_REFERENCES.items():
        target, pointing, found = after[key]
        assert target == f"desk_{model}"
        assert before[key] == (f"services_{model}", pointing, found)
        assert pointing > 0
    for key, (target, pointing, found) in after.items():
        assert target.startswith("desk_"), key
        assert found == pointing, key


def test_the_new_code_reads_every_old_row_and_numbers_new_rows_after_them(migration):
    probe, after = migration["probe"], migration["after"]
    assert probe["counts"] == {
        f"desk_{t}": len(rows) for t, rows in after["rows"].items() if t != "programme_services"
    }
    assert probe["request_type"] == after["content_types"]["servicerequest"][0]
    assert probe["events"] > 0
    assert probe["task_paths"]
    # Every queued task resolves to a desk task (some now live beside the code they run,
    # e.g. kriya.desk.notifications; kriya.desk.tasks names them for rows queued before).
    assert all(p.startswith("kriya.desk.") for p in probe["task_paths"]), probe["task_paths"]
    assert probe["new_service"] > probe["largest_service"]


def test_migrating_again_changes_nothing(migration):
    assert "No migrations to apply." in migration["second"].stdout
    assert migration["again"] == migration["after"]


def test_the_models_need_no_new_migration_against_the_migrated_database(migration):
    check = migration["check"]
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No changes detected" in check.stdout


@pytest.mark.django_db
def test_the_schema_is_the_one_a_new_installation_gets(migration, request):
    # The test database is a new installation: migrations (and createcachetable) made it.
    if request.config.getvalue("nomigrations"):
        pytest.skip("the test database was not made by migrations (--nomigrations)")

    def query(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    fresh = {"sqlite": sqlite_schema, "postgresql": postgresql_schema}[connection.vendor](query)
    # The test settings cache in memory, so the test database has no cache table.
    schema = {item for item in migration["schema"] if "kriya_cache" not in item}
    assert sorted(schema - fresh, key=str) == sorted(fresh - schema, key=str) == []
