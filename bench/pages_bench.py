"""Public pages under gunicorn, side by side with /healthz (issue 14 item 9).

    .venv/bin/python bench/pages_bench.py                 # 2 workers, 8 clients, 3 rounds
    .venv/bin/python bench/pages_bench.py --seconds 5 --rounds 5 --workers 2
    .venv/bin/python bench/pages_bench.py --no-page-cache # the same without the page cache

The demo data (`manage.py seed`) lives in its own folder, var/bench/pages/ (SQLite, the
database cache of `make run`), made once and reused. gunicorn runs as `make run` runs it
(config/gunicorn.py, debug off, WhiteNoise) with `--workers` workers. Anonymous clients
(no cookie: what a festival crowd or a shared link brings) then fetch, in each round,
every page with `--clients` concurrent connections,
in alternating slices with /healthz (`--slices` of `--seconds` each); each page's
requests per second are divided by /healthz's of the same slices. The
target: every ratio ≥ 0.5 and every p99 ≤ 100 ms. Also timed, one client at a time:
logged-in pages of the demo (the owner's business, the desk's queue, a request page),
their server time from the `duration_ms` of Kriya's own request log, and the same pages
through Django's handler in a child process: wall and CPU time (the target of ≤ 50 ms
is checked on the CPU time, which other processes on a shared machine do not inflate)
and their query count.

Results go to bench/out/pages.json; the exit status is 1 when a target is missed.
`main(argv)` is what `make bench` calls.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VAR = ROOT / "var" / "bench" / "pages"


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=1.0, help="one slice")
    parser.add_argument("--slices", type=int, default=4, help="slices of each, alternating")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ratio", type=float, default=0.5, help="target rps ÷ /healthz")
    parser.add_argument("--p99-ms", type=float, default=100.0, help="target p99")
    parser.add_argument("--private-ms", type=float, default=50.0, help="logged-in target")
    parser.add_argument("--no-page-cache", action="store_true", help="KRIYA_PAGE_CACHE=0")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--out", type=Path, default=OUT / "pages.json")
    parser.add_argument("--discover", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--time-private", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def environment(port: int, *, page_cache: bool) -> dict:
    env = dict(os.environ)
    env.update(
        KRIYA_VAR_DIR=str(VAR),
        KRIYA_DEBUG="0",
        KRIYA_SSL_REDIRECT="0",
        KRIYA_REQUIRE_STAFF_2FA="0",
        KRIYA_PUBLIC_URL=f"http://127.0.0.1:{port}",
        KRIYA_PAGE_CACHE="1" if page_cache else "0",
        KRIYA_LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DATABASE_URL", None)
    env.pop("KRIYA_CACHE_URL", None)
    return env


def manage(env, *args, capture=False):
    cmd = [sys.executable, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def prepare(env) -> None:
    """The demo database and collected static files, once."""
    VAR.mkdir(parents=True, exist_ok=True)
    if not (VAR / "kriya.sqlite3").exists() or not (VAR / "seeded").exists():
        print("preparing the demo data in", VAR, flush=True)
        manage(env, "local_secrets")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "createcachetable")
        manage(env, "seed")
        (VAR / "seeded").write_text("1\n")
    else:
        manage(env, "migrate", "--noinput", "-v0")
    if not (VAR / "static" / "staticfiles.json").exists():
        print("collecting static files", flush=True)
        manage(env, "collectstatic", "--noinput", "-v0")


def discover() -> int:
    """(In a child with Django set up.) The URLs to measure and sessions of demo users."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from kriya.accounts.models import Membership, Role
    from kriya.certification.models import Certificate
    from kriya.desk.models import ServiceRequest
    from kriya.registry.models import Business, Product
    from kriya.showcase.models import Destination
    from kriya.verify.models import IssuedDocument

    product = (
        Product.objects.filter(is_demo=True, is_published=True, business__status="verified")
        .order_by("pk")
        .first()
    )
    business = product.business
    destination = Destination.objects.filter(is_published=True).first()
    document = IssuedDocument.objects.order_by("pk").first()
    pages = {
        "home": "/",
        "catalogue": "/produk/",
        "catalogue ?q=batik": "/produk/?q=batik",
        "product": f"/produk/{product.slug}/",
        "business": f"/usaha/{business.slug}/",
        "district": f"/kecamatan/{business.district_id}/",
        "destination": f"/destinasi/{destination.slug}/" if destination else "/destinasi/",
        "services /layanan/": "/layanan/",
        "certificate directory": "/sertifikasi/direktori/",
        "/verifikasi/": "/verifikasi/",
    }
    if document is not None:
        pages["/verifikasi/ a document"] = f"/verifikasi/{document.doc_type}/{document.number}/"

    def session_of(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    private = {}
    owned = (
        Business.objects.filter(is_demo=True, organisation__memberships__role=Role.OWNER)
        .order_by("pk")
        .first()
    )
    if owned is not None:
        owner = Membership.objects.filter(organisation=owned.organisation, role=Role.OWNER)
        owner = owner.first().user
        private["owner: business page"] = (f"/usaha-saya/{owned.pk}/", session_of(owner))
    desk = Membership.objects.filter(role=Role.DESK).select_related("user").first()
    if desk is not None:
        private["desk: queue"] = ("/permohonan/antrean/", session_of(desk.user))
        # The fullest demo request (bills, documents, items): the page's worst case.
        request = (
            ServiceRequest.objects.annotate(
                parts=Count("bills", distinct=True)
                + Count("documents", distinct=True)
                + Count("items", distinct=True)
            )
            .order_by("-parts", "-pk")
            .first()
        )
        if request is not None:
            private["desk: request page"] = (f"/permohonan/{request.pk}/", session_of(desk.user))
    print(
        json.dumps(
            {"pages": pages, "private": private, "certificates": Certificate.objects.count()}
        )
    )
    return 0


def time_private() -> int:
    """(In a child with Django set up.) Each logged-in page through Django's handler
    (all middleware, the view, the template), 30 times after 3 untimed: wall time and
    the CPU time of this process, which the other processes of a shared machine do not
    inflate; and the number of queries."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    private = json.loads(sys.stdin.read())
    results = {}
    for name, (path, session) in private.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = session
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        wall, cpu = [], []
        for _ in range(30):
            w, c = time.perf_counter(), time.process_time()
            client.get(path)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        wall.sort()
        cpu.sort()
        results[name] = {
            "path": path,
            "wall_p50_ms": percentile(wall, 50),
            "wall_p95_ms": percentile(wall, 95),
            "cpu_p50_ms": percentile(cpu, 50),
            "cpu_p95_ms": percentile(cpu, 95),
            "queries": len(queries),
        }
    print(json.dumps(results))
    return 0


# --- Load --------------------------------------------------------------------------


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, float, bytes]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Language": "id", "Connection": "close"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, time.perf_counter() - started, body


def load(port: int, path: str, *, clients: int, seconds: float) -> dict:
    """`clients` threads fetching `path` for `seconds`; rps and latency percentiles."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client():
        mine, bad = [], 0
        while time.perf_counter() < stop:
            status, took, _ = fetch(port, path)
            if status != 200:
                bad += 1
            mine.append(took)
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "latencies": latencies,
    }


def side_by_side(port, path, args) -> dict:
    """/healthz and the page in alternating slices of `--seconds`, `--slices` each, so
    that both see the same moments of a machine whose load changes (other processes);
    the ratio is the page's requests over /healthz's in the same total time."""
    page, healthz = [], []
    for _ in range(args.slices):
        healthz.append(load(port, "/healthz", clients=args.clients, seconds=args.seconds))
        page.append(load(port, path, clients=args.clients, seconds=args.seconds))
    rps = sum(r["rps"] for r in page) / len(page)
    base = sum(r["rps"] for r in healthz) / len(healthz)
    return {
        "rps": rps,
        "healthz_rps": base,
        "ratio": rps / base,
        "errors": sum(r["errors"] for r in page),
        "requests": sum(r["requests"] for r in page),
        "p50_ms": percentile(sorted(x for r in page for x in r["latencies"]), 50) * 1000,
        "p99_ms": percentile(sorted(x for r in page for x in r["latencies"]), 99) * 1000,
        "healthz_p99_ms": percentile(sorted(x for r in healthz for x in r["latencies"]), 99) * 1000,
    }


def percentile(values, p):
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return values[index]


def server_times(log: Path, path: str, since: int) -> list[float]:
    """duration_ms of the requests for `path` logged after byte `since`."""
    times = []
    with log.open() as lines:
        lines.seek(since)
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("path") == path.split("?")[0] and "duration_ms" in record:
                times.append(float(record["duration_ms"]))
    return times


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def main(argv=None) -> int:
    args = parse(argv)
    if args.discover:
        return discover()
    if args.time_private:
        return time_private()
    port = args.port or free_port()
    env = environment(port, page_cache=not args.no_page_cache)
    prepare(env)
    found = json.loads(
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--discover"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    pages, private = found["pages"], found["private"]
    in_process = json.loads(
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--time-private"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            input=json.dumps(private),
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    log = VAR / "gunicorn.log"
    with log.open("w") as sink:
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
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_up(port)
        return measure(args, port, pages, private, log, in_process)
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(args, port, pages, private, log, in_process) -> int:
    for path in pages.values():  # every worker renders each page once before timing
        for _ in range(args.workers * 3):
            status = fetch(port, path)[0]
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    load_before = os.getloadavg()
    rounds = []
    for number in range(1, args.rounds + 1):
        row = {"pages": {}}
        print(f"round {number}", flush=True)
        for name, path in pages.items():
            result = side_by_side(port, path, args)
            row["pages"][name] = result
            print(
                f"  {name:28s} {result['rps']:7.0f} rps  /healthz {result['healthz_rps']:5.0f}"
                f"  ratio {result['ratio']:.2f}  p50 {result['p50_ms']:6.1f} ms"
                f"  p99 {result['p99_ms']:6.1f} ms (/healthz {result['healthz_p99_ms']:5.1f})"
                + (f"  errors {result['errors']}" if result["errors"] else ""),
                flush=True,
            )
        rounds.append(row)
    private_results = {}
    for name, (path, session) in private.items():
        cookie = f"sessionid={session}"
        for _ in range(3):
            fetch(port, path, cookie)
        since = log.stat().st_size
        client = []
        for _ in range(30):
            status, took, _ = fetch(port, path, cookie)
            if status != 200:
                raise SystemExit(f"{path} answered {status} to a logged-in user")
            client.append(took * 1000)
        time.sleep(0.5)
        server = sorted(server_times(log, path, since))
        client.sort()
        private_results[name] = {
            "path": path,
            "server_p50_ms": percentile(server, 50),
            "server_p95_ms": percentile(server, 95),
            "client_p50_ms": percentile(client, 50),
        }
    load_after = os.getloadavg()
    summary = summarise(args, rounds, private_results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "workers": args.workers,
                "clients": args.clients,
                "seconds": args.seconds,
                "page_cache": not args.no_page_cache,
                "load_average": [load_before, load_after],
                "rounds": rounds,
                "summary": summary,
                "private": private_results,
                "private_in_process": in_process,
            },
            indent=2,
        )
    )
    print(f"load average before {load_before[0]:.1f}, after {load_after[0]:.1f}")
    print("\npage                          ratio (min of rounds)  p99 ms (max)")
    missed = False
    for name, (ratio, p99) in summary.items():
        ok = ratio >= args.ratio and p99 <= args.p99_ms
        missed |= not ok
        print(f"  {name:28s} {ratio:5.2f}  {p99:7.1f}  {'ok' if ok else 'MISSED'}")
    print("\nlogged in, under gunicorn (one client)   server p50 / p95 ms   client p50 ms")
    for name, result in private_results.items():
        print(
            f"  {name:28s} {result['server_p50_ms']:6.1f} / {result['server_p95_ms']:6.1f}"
            f"   {result['client_p50_ms']:6.1f}"
        )
    print("\nlogged in, in process        wall p50 / p95 ms   CPU p50 / p95 ms   queries")
    for name, result in in_process.items():
        ok = result["cpu_p95_ms"] <= args.private_ms
        missed |= not ok
        print(
            f"  {name:28s} {result['wall_p50_ms']:6.1f} / {result['wall_p95_ms']:6.1f}"
            f"   {result['cpu_p50_ms']:6.1f} / {result['cpu_p95_ms']:6.1f}"
            f"   {result['queries']:3d}  {'ok' if ok else 'MISSED'}"
        )
    return 1 if missed else 0


def summarise(args, rounds, private_results) -> dict:
    names = rounds[0]["pages"].keys()
    return {
        name: (
            min(r["pages"][name]["ratio"] for r in rounds),
            max(r["pages"][name]["p99_ms"] for r in rounds),
        )
        for name in names
    }


if __name__ == "__main__":
    sys.exit(main())
