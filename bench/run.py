"""Kriya benchmarks (`make bench`; never part of `make test`).

For each database (SQLite file var/bench/kriya.sqlite3, PostgreSQL database kriya_bench):

1. a fresh database: migrations, the region list, then a generated registry for all of
   East Java (default 300,000 businesses, 1,000,000 products) — bench/generate.py;
2. the import of a regency spreadsheet of --rows rows (default 100,000, CSV as regency
   offices export it) with `import_businesses`, end to end, in rows/s;
3. the ceiling, in the same run: the very rows the import wrote (organisations and
   businesses), deleted and written again by a raw `executemany` (SQLite) or `COPY`
   (PostgreSQL) in one transaction;
4. the same file imported again (every row an update, nothing changed);
5. peak memory (getrusage of the child process) of `manage.py import_businesses` on a
   --memory-rows file (default 1,000,000).

Quick run (a few minutes): python bench/run.py --quick
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
PG_URL = "postgres://postgres@127.0.0.1:5432/kriya_bench"
IMPORT_PREFIX = "7"  # NIBs of the imported spreadsheet
MEMORY_PREFIX = "6"  # NIBs of the memory test's spreadsheet


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--businesses", type=int, default=300_000)
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the import CSV")
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--regency", default="35.07", help="regency of the imported sheet")
    parser.add_argument("--batch-size", type=int, default=0, help="rows per batch (0: default)")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes: 20,000 businesses, 60,000 products, 20,000 rows, 100,000-row file",
    )
    parser.add_argument(
        "--phases",
        action="store_true",
        help="also report where the import's time goes (parse, look-ups, writes, commits)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the generated registry of a previous run (its imported rows are removed)",
    )
    return parser.parse_args(argv)


# --- parent: one child process per database ------------------------------------------


def database_env(database: str, args) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        KRIYA_DEBUG="",
        KRIYA_SECRET_KEY="bench-not-secret",
        KRIYA_SSL_REDIRECT="0",
        KRIYA_VAR_DIR=str(BENCH_DIR),
        KRIYA_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    if database == "postgresql":
        env["DATABASE_URL"] = args.pg_url
    return env


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.quick:
        args.businesses, args.products, args.rows, args.memory_rows = (
            20_000,
            60_000,
            20_000,
            100_000,
        )
    if args.child:
        results = child(args)
        print("RESULT " + json.dumps(results), flush=True)
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    facts = machine_facts()
    print(f"machine: {facts}", flush=True)
    all_results = {}
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        print(f"\n== {database} ==", flush=True)
        if database == "postgresql" and not postgres_reachable(args.pg_url):
            print(f"  PostgreSQL not reachable at {args.pg_url}; skipped.", flush=True)
            continue
        command = [sys.executable, __file__, "--child", database, *_pass_through(args)]
        process = subprocess.Popen(
            command, env=database_env(database, args), stdout=subprocess.PIPE, text=True
        )
        result = None
        for line in process.stdout:  # streamed, so a long run shows its progress
            if line.startswith("RESULT "):
                result = json.loads(line[len("RESULT ") :])
            else:
                print(line, end="", flush=True)
        process.wait()
        if process.returncode or result is None:
            raise SystemExit(f"{database}: benchmark failed (exit {process.returncode})")
        all_results[database] = result
    print()
    print(summary(all_results, facts))
    if args.json:
        print(json.dumps({"machine": facts, "results": all_results}, indent=2))


def postgres_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def _pass_through(args) -> list[str]:
    return [
        f"--businesses={args.businesses}",
        f"--products={args.products}",
        f"--rows={args.rows}",
        f"--memory-rows={args.memory_rows}",
        f"--regency={args.regency}",
        f"--batch-size={args.batch_size}",
        f"--pg-url={args.pg_url}",
        *(["--reuse"] if args.reuse else []),
        *(["--phases"] if args.phases else []),
    ]


def machine_facts() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    import sqlite3

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }


def summary(results: dict, facts: dict) -> str:
    lines = [
        "| database | import rows/s | ceiling rows/s | import / ceiling | re-import rows/s | "
        "big file rows | big file peak memory (both processes: RSS peaks added / PSS) | "
        "big file rows/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for database, r in results.items():
        memory = r.get("memory") or {}
        lines.append(
            f"| {database} | {r['import']['rows_per_s']:,.0f} | {r['ceiling']['rows_per_s']:,.0f} "
            f"| {r['import']['rows_per_s'] / r['ceiling']['rows_per_s']:.2f} "
            f"| {r['reimport']['rows_per_s']:,.0f} "
            f"| {memory.get('rows', 0):,} | {memory.get('tree_peak_rss_mib', 0):,.0f} / "
            f"{memory.get('tree_peak_pss_mib', 0):,.0f} MiB "
            f"| {memory.get('rows_per_s', 0):,.0f} |"
        )
    return "\n".join(lines)


# --- child: everything on one database -------------------------------------------------


def child(args) -> dict:
    sys.path.insert(0, str(ROOT))
    if args.reuse:
        pass
    elif args.child == "postgresql":
        recreate_pg_database(args.pg_url)
    else:
        for suffix in ("", "-wal", "-shm"):
            (BENCH_DIR / f"kriya.sqlite3{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    results: dict = {"database": args.child}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    regions_csv = settings.KRIYA_REGIONS_CSV
    with open(os.devnull, "w") as quiet:
        call_command("load_regions", str(regions_csv), stdout=quiet)
    results["setup_s"] = round(time.perf_counter() - started, 1)
    log(f"migrated and loaded regions in {results['setup_s']} s")

    villages = generate.load_villages(regions_csv)
    started = time.perf_counter()
    from kriya.registry.models import Business, Product

    if args.reuse and Business.objects.exists():
        remove_imported((IMPORT_PREFIX, MEMORY_PREFIX))
        counts = {
            "businesses": Business.objects.count(),
            "products": Product.objects.count(),
            "villages": len(villages),
            "regencies": len({v.code[:5] for v in villages}),
            "reused": True,
        }
    else:
        counts = seed_registry(generate, villages, args.businesses, args.products)
    results["generate"] = {**counts, "seconds": round(time.perf_counter() - started, 1)}
    log(
        f"generated {counts['businesses']:,} businesses and {counts['products']:,} products "
        f"over {counts['villages']:,} villages of {counts['regencies']} regencies "
        f"in {results['generate']['seconds']} s"
    )

    from kriya.regions.models import Region

    regency = Region.objects.get(code=args.regency)
    sheet_villages = [v for v in villages if v.code.startswith(args.regency + ".")]
    sheet = BENCH_DIR / f"import-{args.regency}-{args.rows}.csv"
    generate.write_sheet(
        sheet, sheet_villages, args.rows, nib_prefix=IMPORT_PREFIX, regency_name=regency.name
    )
    log(f"wrote {sheet.name} ({sheet.stat().st_size / 1e6:.1f} MB) for {regency.name}")

    # The import and its ceiling start from the very same database, restored from one
    # snapshot: same pages, same free space, same caches (docs/benchmarks.md).
    snap = snapshot()
    restore(snap)
    settle()
    phases = Phases() if args.phases else None
    results["import"] = timed_import(sheet, args.regency, args.batch_size)
    if phases:
        results["import"]["phases"] = phases.stop()
        log(f"import phases (wall s): {results['import']['phases']}")
    log(
        f"import: {results['import']['line']} in {results['import']['seconds']} s "
        f"= {results['import']['rows_per_s']:,.0f} rows/s"
    )
    results["ceiling"] = ceiling(IMPORT_PREFIX, snap)
    drop_snapshot(snap)
    log(
        f"ceiling ({results['ceiling']['method']}): {results['ceiling']['rows']:,} rows in "
        f"{results['ceiling']['seconds']} s = {results['ceiling']['rows_per_s']:,.0f} rows/s"
    )
    settle()
    results["reimport"] = timed_import(sheet, args.regency, args.batch_size)
    log(
        f"re-import: {results['reimport']['line']} in {results['reimport']['seconds']} s "
        f"= {results['reimport']['rows_per_s']:,.0f} rows/s"
    )

    if args.memory_rows:
        big = BENCH_DIR / f"memory-{args.regency}-{args.memory_rows}.csv"
        generate.write_sheet(
            big,
            sheet_villages,
            args.memory_rows,
            nib_prefix=MEMORY_PREFIX,
            regency_name=regency.name,
        )
        results["memory"] = memory_run(big, args.regency, args.batch_size)
        log(
            f"{args.memory_rows:,}-row file ({big.stat().st_size / 1e6:.0f} MB): "
            f"{results['memory']['line']} in {results['memory']['seconds']} s, "
            f"peak RSS {results['memory']['peak_mib']:,.0f} MiB; with its reading process "
            f"at most {results['memory']['tree_peak_rss_mib']:,.0f} MiB (both peaks added), "
            f"{results['memory']['tree_peak_pss_mib']:,.0f} MiB PSS sampled"
        )
        big.unlink()
    return results


def log(message: str) -> None:
    print(f"  {message}", flush=True)


def recreate_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed_registry(generate, villages, business_count: int, product_count: int) -> dict:
    """Write the generated registry with the import's own bulk writer."""
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from kriya.accounts.models import Organisation
    from kriya.registry.imports.writing import BulkWriter, insert_columns
    from kriya.registry.models import Business, Product

    writer = BulkWriter()
    stamp = writer.datetime(timezone.now())
    b_fields = insert_columns(Business)
    b_names = [f.attname for f in b_fields]
    p_fields = insert_columns(Product)
    p_names = [f.attname for f in p_fields]
    chunk = 20_000
    rows = generate.businesses(villages, business_count)
    sectors: list[tuple[int, str]] = []
    done = 0
    while done < business_count:
        part = [next(rows) for _ in range(min(chunk, business_count - done))]
        with transaction.atomic():
            ids = writer.reserve_ids(Organisation, len(part))
            writer.insert(
                Organisation,
                ["id", "name", "kind", "regency_id", "phone", "email", "created_at"],
                [
                    (i, b["name"][:200], "business", None, "", "", stamp)
                    for i, b in zip(ids, part, strict=True)
                ],
            )
            values = []
            for serial, (org_id, b) in enumerate(zip(ids, part, strict=True), done):
                b.update(
                    organisation_id=org_id,
                    slug=f"{slugify(b['name'])[:200]}-{serial}",
                    legal_form="perorangan",
                    email="",
                    trademark_number="",
                    latitude=None,
                    longitude=None,
                    return_reason="",
                    verified_at=stamp if b["status"] == "verified" else None,
                    created_by_id=None,
                    is_demo=False,
                    created_at=stamp,
                    updated_at=stamp,
                    kbli=writer.json(b["kbli"]),
                )
                values.append([b[name] for name in b_names])
            writer.insert(Business, [f.column for f in b_fields], values)
        done += len(part)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, sector FROM registry_business ORDER BY id")
        sectors = cursor.fetchall()
    made = 0
    items = generate.products(sectors, product_count)
    while made < product_count:
        part = [next(items) for _ in range(min(chunk, product_count - made))]
        with transaction.atomic():
            values = []
            for p in part:
                serial = p.pop("serial")
                p.update(
                    slug=f"{slugify(p['name'])[:200]}-{serial}",
                    is_demo=False,
                    created_at=stamp,
                    updated_at=stamp,
                )
                values.append([p[name] for name in p_names])
            writer.insert(Product, [f.column for f in p_fields], values)
        made += len(part)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "businesses": business_count,
        "products": product_count,
        "villages": len(villages),
        "regencies": len({v.code[:5] for v in villages}),
    }


class Phases:
    """Wall time spent in the import's parts, by wrapping them for one measured step. For a
    file read by a child process (kriya.registry.imports.reading) "parse rows" happens
    there, in parallel, and is missing from these totals of the importing process."""

    def __init__(self):
        from django.db import connection

        from kriya.core import audit
        from kriya.registry.imports import parsing, runner, writing

        self.totals: dict[str, float] = {}
        self.undo = []
        for owner, name, label in (
            (parsing.RowParser, "parse", "parse rows"),
            (writing.BulkWriter, "select_in", "look-ups"),
            (writing.BulkWriter, "reserve_ids", "reserve ids"),
            (writing.BulkWriter, "insert", "insert"),
            (writing.BulkWriter, "update", "update"),
            (runner._Batches, "_create", "create (all)"),
            (audit, "record", "audit"),
            (connection, "commit", "commit"),
        ):
            self._wrap(owner, name, label)

    def _wrap(self, owner, name, label):
        original = getattr(owner, name)
        totals = self.totals

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)
        self.undo.append((owner, name, original))

    def stop(self) -> dict:
        for owner, name, original in self.undo:
            setattr(owner, name, original)
        return {k: round(v, 2) for k, v in self.totals.items()}


def settle() -> None:
    """Start each measured step alike: the WAL checkpointed (SQLite), dead rows vacuumed and
    statistics fresh (PostgreSQL), and a new connection, so no step inherits another's
    warm page cache or pending work."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("VACUUM ANALYZE registry_business")
            cursor.execute("VACUUM ANALYZE accounts_organisation")
            cursor.execute("CHECKPOINT")
    connection.close()


def remove_imported(prefixes) -> None:
    """Businesses (and their organisations) imported by an earlier run."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for prefix in prefixes:
            cursor.execute(
                "SELECT organisation_id FROM registry_business WHERE nib LIKE %s", [prefix + "%"]
            )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute("DELETE FROM registry_business WHERE nib LIKE %s", [prefix + "%"])
            cursor.executemany(
                "DELETE FROM accounts_organisation WHERE id = %s", [(i,) for i in ids]
            )


def timed_import(path: Path, regency: str, batch_size: int = 0) -> dict:
    """`manage.py import_businesses` in this process, with its report, timed end to end."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    report = path.with_suffix(".report.xlsx")
    started = time.perf_counter()
    options = {"batch_size": batch_size} if batch_size else {}
    call_command(
        "import_businesses", str(path), regency=regency, report=str(report), stdout=out, **options
    )
    seconds = time.perf_counter() - started
    line = out.getvalue().strip()
    rows = int(line.split(":", 1)[0].split()[1])
    return {"line": line, "rows": rows, "seconds": round(seconds, 2), "rows_per_s": rows / seconds}


def snapshot() -> str:
    """A copy of the benchmark database as it is now: a file copy (SQLite) or a database
    made from it as a template (PostgreSQL)."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        copy = name + ".snapshot"
        shutil.copyfile(name, copy)
        return copy
    connection.close()
    copy = name + "_snapshot"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}" STRATEGY FILE_COPY')
    return copy


def restore(copy: str) -> None:
    """The benchmark database replaced by a fresh copy of the snapshot."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    connection.close()
    if connection.vendor == "sqlite":
        for suffix in ("-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        shutil.copyfile(copy, name)
        return
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{copy}" STRATEGY FILE_COPY')


def drop_snapshot(copy: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(copy).unlink(missing_ok=True)
        return
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')


def _pg_admin():
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def ceiling(prefix: str, snap: str) -> dict:
    """The rows the import wrote, written again as fast as the database takes them:
    executemany (SQLite) or COPY (PostgreSQL), one transaction, into the database as it
    was before the import (restored from `snap`)."""
    from django.db import connection

    from kriya.accounts.models import Organisation
    from kriya.registry.imports.writing import insert_columns
    from kriya.registry.models import Business

    b_columns = [f.column for f in insert_columns(Business)]
    o_columns = [f.column for f in [Organisation._meta.pk, *insert_columns(Organisation)]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(b_columns)} FROM registry_business WHERE nib LIKE %s",
            [prefix + "%"],
        )
        businesses = cursor.fetchall()
        before = list(businesses)
        org_ids = [row[b_columns.index("organisation_id")] for row in businesses]
        cursor.execute(
            f"SELECT {', '.join(o_columns)} FROM accounts_organisation "
            f"WHERE id IN (SELECT organisation_id FROM registry_business WHERE nib LIKE %s)",
            [prefix + "%"],
        )
        organisations = cursor.fetchall()
    assert len(organisations) == len(org_ids)
    restore(snap)
    settle()
    if connection.vendor == "postgresql":
        # COPY takes JSON as text; Django's psycopg connection already returns jsonb as
        # text, another driver setup might return Python values.
        kbli = b_columns.index("kbli")
        businesses = [
            row
            if isinstance(row[kbli], str)
            else (*row[:kbli], json.dumps(row[kbli]), *row[kbli + 1 :])
            for row in businesses
        ]
    from kriya.registry.imports.writing import bulk_session

    with bulk_session():  # the same connection settings as the import
        result = _ceiling(connection, organisations, businesses, o_columns, b_columns)
    # The same rows, really: what is in the table now is what the import had written.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(b_columns)} FROM registry_business WHERE nib LIKE %s",
            [prefix + "%"],
        )
        again = cursor.fetchall()
    if sorted(map(tuple, again)) != sorted(map(tuple, before)):
        raise SystemExit("ceiling: the rows written differ from the rows the import wrote")
    if connection.vendor == "postgresql":
        # The sequence is as it was before the import; the ceiling wrote explicit ids.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('accounts_organisation', 'id'), "
                "(SELECT max(id) FROM accounts_organisation))"
            )
    return result


def _ceiling(connection, organisations, businesses, o_columns, b_columns) -> dict:
    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with raw.transaction(), raw.cursor() as cursor:
            with cursor.copy(
                f"COPY accounts_organisation ({', '.join(o_columns)}) FROM STDIN"
            ) as copy:
                for row in organisations:
                    copy.write_row(row)
            with cursor.copy(f"COPY registry_business ({', '.join(b_columns)}) FROM STDIN") as copy:
                for row in businesses:
                    copy.write_row(row)
        method = "COPY"
    else:
        cursor = raw.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.executemany(
            f"INSERT INTO accounts_organisation ({', '.join(o_columns)}) "
            f"VALUES ({', '.join('?' * len(o_columns))})",
            organisations,
        )
        cursor.executemany(
            f"INSERT INTO registry_business ({', '.join(b_columns)}) "
            f"VALUES ({', '.join('?' * len(b_columns))})",
            businesses,
        )
        cursor.execute("COMMIT")
        method = "executemany"
    seconds = time.perf_counter() - started
    return {
        "method": method,
        "rows": len(businesses),
        "seconds": round(seconds, 2),
        "rows_per_s": len(businesses) / seconds,
    }


def tree_memory(pid: int) -> dict[int, tuple[int, int]]:
    """{pid: (RSS, PSS) in KiB} of a process and its children, from /proc. RSS counts the
    pages a forked child shares with its parent in both; PSS splits them."""
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    found = {}
    for p in pids:
        rss = pss = 0
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
        except OSError:
            continue
        found[p] = (rss, pss)
    return found


def sampled_run(command: list[str], env: dict | None = None) -> dict:
    """`command` in its own process: its output, wall time, its peak resident memory from
    getrusage, each process's peak (it and its children) sampled from /proc every 50 ms
    (added: an upper bound of all together), and the highest sampled PSS of all. Also
    bench/insights_bench.py's (exports and open-data files)."""
    import threading

    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    started = time.perf_counter()
    peak_rss: dict[int, int] = {}  # per process
    peak_pss = 0  # of all processes at one moment
    done = threading.Event()

    def sample():
        nonlocal peak_pss
        while not done.wait(0.05):
            found = tree_memory(process.pid)
            for pid, (rss, _pss) in found.items():
                peak_rss[pid] = max(peak_rss.get(pid, 0), rss)
            peak_pss = max(peak_pss, sum(pss for _rss, pss in found.values()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    done.set()
    sampler.join()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    returncode = os.waitstatus_to_exitcode(status)
    if returncode:
        raise SystemExit(f"memory run failed ({returncode}): {output}")
    return {
        "output": output,
        "seconds": round(seconds, 1),
        "peak_mib": usage.ru_maxrss / 1024,  # ru_maxrss is in KiB on Linux
        # Upper bound of all processes together: each one's own peak, added.
        "tree_peak_rss_mib": (
            max(usage.ru_maxrss, peak_rss.get(process.pid, 0))
            + sum(v for pid, v in peak_rss.items() if pid != process.pid)
        )
        / 1024,
        "tree_peak_pss_mib": peak_pss / 1024,
    }


def memory_run(path: Path, regency: str, batch_size: int = 0) -> dict:
    """`manage.py import_businesses` with its reading child, measured by `sampled_run`."""
    result = sampled_run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_businesses",
            str(path),
            f"--regency={regency}",
            *([f"--batch-size={batch_size}"] if batch_size else []),
        ]
    )
    line = result.pop("output").strip()
    rows = int(line.split(":", 1)[0].split()[1])
    return {"line": line, "rows": rows, "rows_per_s": rows / result["seconds"], **result}


if __name__ == "__main__":
    main()
