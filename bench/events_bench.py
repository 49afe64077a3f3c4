"""Events benchmark (issue 17, "Speed"): the "perputaran ekonomi" report page and the
year view at 1,000 events, 50,000 exhibitor applications and 500,000 daily sales rows,
and the public /acara/ page's throughput beside /healthz, on SQLite and PostgreSQL.

    .venv/bin/python bench/events_bench.py                        # both databases, full size
    .venv/bin/python bench/events_bench.py --backend sqlite --events 40   # a quick check
    .venv/bin/python bench/events_bench.py --regenerate           # make the data again

The data lives in its own databases (bench/events_settings.py): var/bench/events.sqlite3
and kriya_bench_events (KRIYA_BENCH_EVENTS_PG_URL). It is generated once in bulk
(`bulk_create` in batches) and reused while it holds the requested number of events:
10,000 businesses over Kabupaten Probolinggo's villages (bench/generate.py); half the
events in the year before, half in the year of the run (series of two editions), every
one over; 10 days each; 50 applications per event (45 exhibiting); per event 400
current sales reports (the other 50 exhibitor-days stay missing) and 100 superseded ones
(corrections); visitor counts for 9 days of 10. The report summaries are then built by
`kriya.events.totals.rebuild()` (timed: the repair command's cost at this size).

Measured in one process per database, production settings: the report page of
`--sample` events and the year view of both years, `--repeat` times each after one
untimed request, as the organising officer through Django's test client (server time:
the whole request through middleware, queries and template), with the number of
queries of every request; then gunicorn on the same database (`--workers`, as
bench/pages_bench.py starts it) and /acara/ against /healthz in alternating slices
(pages_bench.side_by_side), plus the uncached rendering of /acara/ in process.
Results go to bench/out/events.json; the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
BACKENDS = ("sqlite", "postgresql")
REGENCY = "35.13"
DAYS = 10
APPLICATIONS = 50
EXHIBITING = 45
CURRENT = 400  # of the 450 exhibitor-days
SUPERSEDED = 100


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both")
    parser.add_argument("--events", type=int, default=1000, help="50 applications, 500 rows each")
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=30, help="report pages measured")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests of each page")
    parser.add_argument("--target-ms", type=float, default=250.0, help="p95 limit")
    add_throughput_options(parser, "/acara/")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, default=OUT / "events.json")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def add_throughput_options(parser, page: str) -> None:
    """The options of `beside_healthz` (also bench/insights_bench.py's)."""
    parser.add_argument("--ratio", type=float, default=0.5, help=f"{page} rps ÷ /healthz")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=1.0, help="one slice")
    parser.add_argument("--slices", type=int, default=4)


def main(argv=None) -> int:
    args = parse(argv)
    if args.worker:
        return worker(args)
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    options = []
    for name in ("events", "businesses", "sample", "repeat", "workers", "clients"):
        options += [f"--{name}", str(getattr(args, name))]
    options += ["--seconds", str(args.seconds), "--slices", str(args.slices)]
    options += ["--seed", str(args.seed)] + (["--regenerate"] if args.regenerate else [])
    results = run_workers(Path(__file__), backends, options)
    if results is None:
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(report(results))
    missed = []
    for r in results:
        for name in ("report", "year"):
            if r[name]["p95"] > args.target_ms:
                missed.append(f"{r['backend']} {name} p95 {r[name]['p95']:.0f} ms")
            if len(r[name]["queries"]) != 1:
                missed.append(f"{r['backend']} {name} queries vary: {r[name]['queries']}")
        if r["acara"]["errors"]:
            missed.append(f"{r['backend']} /acara/ errors {r['acara']['errors']}")
        if r["acara"]["ratio"] < args.ratio:
            missed.append(f"{r['backend']} /acara/ ratio {r['acara']['ratio']:.2f}")
    if missed:
        print("missed: " + "; ".join(missed))
    return 1 if missed else 0


def run_workers(script: Path, backends, options: list[str]) -> list[dict] | None:
    """`script --worker --backend <b> <options>` for each backend in turn, each in its
    own process (Django is set up once per process); the last JSON line of each, or None
    when one failed (its output printed). Also bench/insights_bench.py's."""
    results = []
    for backend in backends:
        cmd = [sys.executable, str(Path(script).resolve()), "--worker", "--backend", backend]
        cmd += options
        print(f"== {backend}: {' '.join(cmd[2:])}", flush=True)
        env = dict(os.environ)
        env.pop("DATABASE_URL", None)
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False
        )
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode or not lines:
            print(proc.stdout)
            print(f"{backend}: worker failed (exit {proc.returncode})", file=sys.stderr)
            return None
        results.append(json.loads(lines[-1]))
    return results


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0]


def report(results) -> str:
    lines = [
        "| database | events / applications / sales rows | rebuild s | report p50 / p95 ms "
        "(queries) | CPU p50 / p95 ms | year view p50 / p95 ms (queries) | CPU p50 / p95 ms "
        "| /acara/ ÷ /healthz rps | /acara/ uncached p50 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        d, rep, yr, ac = r["data"], r["report"], r["year"], r["acara"]
        lines.append(
            f"| {r['backend']} {r['version']} | {d['events']:,} / {d['applications']:,} / "
            f"{d['sales']:,} | {d['rebuild_s']:.1f} | {rep['p50']:.1f} / {rep['p95']:.1f} "
            f"({'/'.join(map(str, rep['queries']))}) | {rep['cpu']['p50']:.1f} / "
            f"{rep['cpu']['p95']:.1f} | {yr['p50']:.1f} / {yr['p95']:.1f} "
            f"({'/'.join(map(str, yr['queries']))}) | {yr['cpu']['p50']:.1f} / "
            f"{yr['cpu']['p95']:.1f} | {ac['rps']:.0f} ÷ {ac['healthz_rps']:.0f}"
            f" = {ac['ratio']:.2f} | {r['acara_uncached']['p50']:.0f} |"
        )
    for r in results:
        lines.append(
            f"{r['backend']}: load average before / after {r['load'][0]} / {r['load'][1]} on "
            f"{r['cpus']} CPUs; generated in {r['data']['generate_s']:.0f} s"
        )
    return "\n".join(lines)


# --- Worker (one database per process) ---------------------------------------------


def log(message: str) -> None:
    print(f"   {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def worker(args) -> int:
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.events_settings"
    os.environ["KRIYA_BENCH_BACKEND"] = args.backend
    if args.backend == "postgresql":
        pg_database(drop=args.regenerate)
    elif args.regenerate:
        drop_sqlite()

    import django

    django.setup()
    from django.core.management import call_command

    from kriya.events.models import Event

    call_command("migrate", verbosity=0)
    data = json.loads(marker().read_text()) if marker().exists() else None
    have = Event.objects.count()
    if not data or have != args.events or data.get("events") != args.events:
        if have:
            log(f"database holds {have:,} events, not {args.events:,}: regenerating")
            from django.db import connection

            connection.close()
            if args.backend == "postgresql":
                pg_database(drop=True)
            else:
                drop_sqlite()
            call_command("migrate", verbosity=0)
        data = generate(args)
        marker().write_text(json.dumps(data))
    result = measure(args, data)
    print(json.dumps(result), flush=True)
    return 0


def marker() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "bench" / f"events-{os.environ['KRIYA_BENCH_BACKEND']}.json"


def pg_database(*, drop: bool, url: str | None = None) -> None:
    """Create the benchmark's PostgreSQL database (dropped first with `drop`); `url`
    names another benchmark's database (bench/insights_bench.py)."""
    import dj_database_url
    import psycopg

    url = url or os.environ.get(
        "KRIYA_BENCH_EVENTS_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_events"
    )
    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    with psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_sqlite(name: str = "events") -> None:
    base = ROOT / "var" / "bench" / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(base) + suffix).unlink(missing_ok=True)


def officer():
    from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role, User

    unit, _ = Organisation.objects.get_or_create(
        name="Bench: DKUPP Kabupaten Probolinggo",
        defaults={"kind": OrganisationKind.REGENCY_UNIT, "regency_id": REGENCY},
    )
    user = User.objects.filter(email="officer@events-bench.test").first()
    if user is None:
        user = User.objects.create_user(email="officer@events-bench.test", password=None)
        Membership.objects.create(user=user, organisation=unit, role=Role.REGENCY_OFFICER)
    return unit, user


def make_businesses(registry_data, villages, count: int) -> None:
    """The registry generator's businesses, written with bulk_create."""
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from kriya.accounts.models import Organisation
    from kriya.registry.models import Business

    rows = list(registry_data.businesses(villages, count))
    for start in range(0, count, 5000):
        part = rows[start : start + 5000]
        with transaction.atomic():
            orgs = Organisation.objects.bulk_create(
                [Organisation(name=b["name"][:200], kind="business") for b in part]
            )
            Business.objects.bulk_create(
                [
                    Business(
                        **b,
                        organisation=org,
                        slug=f"{slugify(b['name'])[:200]}-{n}",
                        legal_form="perorangan",
                        verified_at=timezone.now() if b["status"] == "verified" else None,
                    )
                    for n, (org, b) in enumerate(zip(orgs, part, strict=True), start)
                ]
            )


def generate(args) -> dict:
    import generate as registry_data
    from django.conf import settings
    from django.db import connection
    from search_bench import ensure_regions

    from kriya.events import totals
    from kriya.registry.models import Business

    started = time.perf_counter()
    rng = random.Random(args.seed)
    ensure_regions()
    villages = registry_data.load_villages(settings.KRIYA_REGIONS_CSV, prefix=REGENCY)
    log(f"{args.businesses:,} businesses over {len(villages)} villages")
    make_businesses(registry_data, villages, args.businesses)
    unit, _user = officer()
    businesses = list(Business.objects.values_list("id", "sector"))
    districts = sorted({v.code[:8] for v in villages})
    made = make_events(args.events, businesses, unit, districts, rng)
    generated = time.perf_counter() - started
    log(f"{made['sales']:,} sales rows in {generated:.0f} s; building the summaries")
    started = time.perf_counter()
    totals.rebuild()
    rebuild = time.perf_counter() - started
    log(f"summaries of {made['events']:,} events in {rebuild:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        **made,
        "businesses": len(businesses),
        "generate_s": generated,
        "rebuild_s": rebuild,
    }


def make_events(count: int, businesses, unit, districts, rng) -> dict:
    """`count` events of REGENCY organised by `unit` over `districts`, with their days,
    50 applications each from `businesses` ((id, sector) of that regency), 500 sales rows
    and 9 visitor counts each, written in bulk (also bench/insights_bench.py's)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from kriya.events.models import (
        Application,
        Event,
        EventDay,
        EventSeries,
        SalesReport,
        VisitorCount,
    )

    today = timezone.localdate()
    years = (today.year - 1, today.year)
    series_count = math.ceil(count / 2)
    stamp = timezone.now()
    batch = 5000
    with transaction.atomic():
        EventSeries.objects.bulk_create(
            [EventSeries(name=f"Acara {i}", slug=f"bench-acara-{i}") for i in range(series_count)]
        )
        series = list(
            EventSeries.objects.filter(slug__startswith="bench-").values_list("id", flat=True)
        )
        events = []
        for i in range(count):
            year = years[i % 2]
            last = date(year, 12, 31) if year < today.year else today - timedelta(days=DAYS + 1)
            start = date(year, 1, 1) + timedelta(
                days=rng.randrange((last - date(year, 1, 1)).days - DAYS)
            )
            events.append(
                Event(
                    series_id=series[i // 2],
                    year=year,
                    name=f"Pameran UMKM {i // 2} {year}",
                    slug=f"bench-pameran-{i}",
                    kind=rng.choice(["expo", "festival", "bazaar"]),
                    organiser=unit,
                    regency_id=REGENCY,
                    district_id=rng.choice(districts),
                    venue="Alun-alun",
                    description="Pameran UMKM.",
                    starts_on=start,
                    ends_on=start + timedelta(days=DAYS - 1),
                    status="closed" if year < today.year else rng.choice(["reporting", "closed"]),
                )
            )
        Event.objects.bulk_create(events, batch_size=batch)
    events = list(Event.objects.filter(slug__startswith="bench-").values_list("id", "starts_on"))
    log(f"{len(events):,} events; days, applications")
    with transaction.atomic():
        EventDay.objects.bulk_create(
            [
                EventDay(
                    event_id=e, date=s + timedelta(days=d), opens_at=dtime(9), closes_at=dtime(21)
                )
                for e, s in events
                for d in range(DAYS)
            ],
            batch_size=batch,
        )
        apps = []
        for e, _s in events:
            for n, (b, sector) in enumerate(rng.sample(businesses, APPLICATIONS)):
                status = (
                    rng.choice(["accepted", "confirmed", "confirmed"])
                    if n < EXHIBITING
                    else rng.choice(["rejected", "waitlisted", "withdrawn"])
                )
                apps.append(
                    Application(
                        event_id=e, business_id=b, sector=sector, status=status, booth_width_m=3
                    )
                )
        Application.objects.bulk_create(apps, batch_size=batch)
    days: dict[int, list[int]] = {}
    for pk, e in EventDay.objects.order_by("date").values_list("id", "event_id"):
        days.setdefault(e, []).append(pk)
    exhibitors: dict[int, list[tuple[int, str]]] = {}
    for pk, e, sector in Application.objects.filter(
        status__in=("accepted", "confirmed")
    ).values_list("id", "event_id", "sector"):
        exhibitors.setdefault(e, []).append((pk, sector))
    log("sales reports and visitor counts")
    sales = 0
    for chunk_start in range(0, len(events), 50):
        rows = []
        visits = []
        for e, _s in events[chunk_start : chunk_start + 50]:
            slots = [(a, d) for a in exhibitors[e] for d in days[e]]
            reported = rng.sample(slots, CURRENT)
            for n, ((app, sector), day) in enumerate(reported):
                scale = rng.lognormvariate(14, 1)  # median about Rp 1.2 million a day
                for current in (False, True) if n < SUPERSEDED else (True,):
                    cash = int(scale * rng.random()) // 500 * 500
                    qris = int(scale * rng.random() / 2) // 500 * 500
                    transfer = int(scale * rng.random() / 4) // 500 * 500
                    rows.append(
                        SalesReport(
                            application_id=app,
                            day_id=day,
                            sector=sector,
                            transactions=max(1, int(scale / 60_000)),
                            turnover=cash + qris + transfer,
                            cash=cash,
                            qris=qris,
                            transfer=transfer,
                            is_current=current,
                            is_outlier=current and rng.random() < 0.01,
                            created_at=stamp,
                        )
                    )
            for d in days[e][:-1]:
                visits.append(VisitorCount(day_id=d, visitors=rng.randint(200, 20_000)))
        with transaction.atomic():
            SalesReport.objects.bulk_create(rows, batch_size=batch)
            VisitorCount.objects.bulk_create(visits, batch_size=batch)
        sales += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "events": len(events),
        "applications": len(apps),
        "sales": sales,
        "years": list(years),
    }


# --- Measurement -------------------------------------------------------------------


def percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(values, queries):
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values),
        "queries": sorted(set(queries)),
    }


def timed_pages(client, paths, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpu, counts = [], [], []
    for path in paths:
        _ok(client.get(path))  # untimed
    for _ in range(repeat):
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                start, start_cpu = time.perf_counter(), time.process_time()
                _ok(client.get(path))
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            counts.append(len(ctx.captured_queries))
    result = stats(times, counts)
    result["cpu"] = stats(cpu, counts)
    return result


def measure(args, data):
    from django.db import connection
    from django.test import Client, override_settings

    from kriya.events.models import Event

    load_before = os.getloadavg()[0]
    _unit, user = officer()
    rng = random.Random(args.seed + 1)
    ids = list(
        Event.objects.filter(year=data["years"][1]).order_by("pk").values_list("pk", flat=True)
    )
    sample = rng.sample(ids, min(args.sample, len(ids)))
    client = Client()
    client.force_login(user)
    log(f"report page of {len(sample)} events × {args.repeat}")
    report_stats = timed_pages(
        client, [f"/acara/kelola/{pk}/laporan/" for pk in sample], args.repeat
    )
    log("year view")
    year_stats = timed_pages(
        client, [f"/acara/kelola/tahun/{y}/" for y in data["years"]], args.repeat * 4
    )
    anonymous = Client()
    with override_settings(KRIYA_PAGE_CACHE=False):
        uncached = timed_pages(anonymous, ["/acara/"], args.repeat)
    version = database_version()
    connection.close()
    log("gunicorn: /acara/ beside /healthz")
    acara = beside_healthz(args, "/acara/")
    return {
        "backend": args.backend,
        "vendor": connection.vendor,
        "version": version,
        "cpus": os.cpu_count(),
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "data": data,
        "report": report_stats,
        "year": year_stats,
        "acara": acara,
        "acara_uncached": uncached,
    }


def beside_healthz(args, path: str) -> dict:
    """gunicorn (`--workers`, the production config, the page cache on) on this process's
    database and settings, `path` against /healthz in alternating slices
    (pages_bench.side_by_side); also bench/insights_bench.py's."""
    import pages_bench

    port = pages_bench.free_port()
    env = dict(os.environ)
    env.update(KRIYA_DEBUG="0", KRIYA_LOG_LEVEL="WARNING", KRIYA_PAGE_CACHE="1")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:config.gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pages_bench.wait_up(port)
        for _ in range(args.workers * 3):
            pages_bench.fetch(port, path)
        return pages_bench.side_by_side(port, path, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _ok(response):
    if response.status_code != 200:
        where = response.get("Location", "")
        raise RuntimeError(f"{response.status_code} for {response.request['PATH_INFO']} {where}")
    return response


if __name__ == "__main__":
    sys.exit(main())
