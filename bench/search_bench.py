"""Showcase search benchmark: 1,000,000 products, a mix of 50 queries, SQLite and PostgreSQL.

    .venv/bin/python bench/search_bench.py                    # both databases
    .venv/bin/python bench/search_bench.py --backend sqlite --products 100000
    .venv/bin/python -m bench.search_bench --regenerate       # rebuild the data first

The data lives in its own databases, never the development one: var/bench/search.sqlite3
and the PostgreSQL database kriya_bench_search (KRIYA_BENCH_PG_URL). They are generated
once directly in bulk (about 20 minutes for both on two cores) and reused while they
hold the requested number of products.

Each database runs in its own process (Django is set up once per process). For every
query of the mix the run times `search()` alone and the whole catalogue page
`/produk/?q=…` through Django's test client (middleware, queries, template), and
`/healthz` beside it in the same loop: the ratio page/healthz shows the cost of search
independent of the machine's speed. Results go to bench/out/search.json; the exit
status is 1 when a p95 exceeds --target-ms.

`main(argv)` is what the lead's `make bench` runner calls.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BACKENDS = ("sqlite", "postgresql")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both")
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes over the mix")
    parser.add_argument("--target-ms", type=float, default=100.0, help="p95 limit")
    parser.add_argument("--regenerate", action="store_true", help="drop and regenerate the data")
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--out", type=Path, default=OUT / "search.json")
    parser.add_argument("--no-page", action="store_true", help="time search() only")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if args.worker:
        return worker(args)
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--backend", backend]
        cmd += ["--products", str(args.products), "--repeat", str(args.repeat)]
        cmd += ["--seed", str(args.seed)] + (["--regenerate"] if args.regenerate else [])
        cmd += ["--no-page"] if args.no_page else []
        print(f"== {backend}: {' '.join(cmd[2:])}", flush=True)
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode or not lines:
            print(proc.stdout)
            print(f"{backend}: worker failed (exit {proc.returncode})", file=sys.stderr)
            return 2
        results.append(json.loads(lines[-1]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(report(results))
    slow = [r["backend"] for r in results if r["search"]["p95"] > args.target_ms]
    slow += [r["backend"] + " page" for r in results if r["page"]["p95"] > args.target_ms]
    if slow:
        print(f"p95 above {args.target_ms} ms: {', '.join(slow)}")
    return 1 if slow else 0


def report(results) -> str:
    lines = [
        "| database | products | search() p50 / p95 / max | page p50 / p95 | /healthz p50 / p95 "
        "| page p95 ÷ healthz p95 |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        s, p, h = r["search"], r["page"], r["healthz"]
        lines.append(
            f"| {r['backend']} | {r['products']:,} | {s['p50']:.1f} / {s['p95']:.1f} / "
            f"{s['max']:.1f} ms | {p['p50']:.1f} / {p['p95']:.1f} ms | "
            f"{h['p50']:.2f} / {h['p95']:.2f} ms | {p['p95'] / h['p95']:.0f}× |"
        )
    for r in results:
        lines.append("")
        lines.append(
            f"{r['backend']} {r['version']}, search() p95 by kind (ms): "
            + ", ".join(f"{kind} {v:.1f}" for kind, v in r["by_kind"].items())
        )
        slowest = sorted(r["mix"], key=lambda m: -m["p50"])[:5]
        lines.append(
            "  slowest queries (p50 / max, ms): "
            + "; ".join(
                f"{m['q'] or '(no words)'} {m['filters'] or ''} {m['sort']} "
                f"{m['p50']:.0f} / {m['max']:.0f}"
                for m in slowest
            )
        )
        lines.append(
            "  repairs (p50, ms): "
            + "; ".join(
                f"{t} → {v['corrected']} ({v['found']} found) {v['p50']:.1f}"
                for t, v in r["repairs"].items()
            )
        )
        lines.append(
            f"  load average before / after: {r['load'][0]} / {r['load'][1]} on {r['cpus']} CPUs"
        )
    return "\n".join(lines)


# --- Worker (one database per process) ---------------------------------------------


def worker(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.search_settings"
    os.environ["KRIYA_BENCH_BACKEND"] = args.backend
    if args.backend == "postgresql":
        ensure_pg_database(drop=args.regenerate)
    elif args.regenerate:
        drop_sqlite()

    import django

    django.setup()
    from django.core.management import call_command

    from kriya.showcase.models import CatalogueEntry

    call_command("migrate", verbosity=0)
    have = CatalogueEntry.objects.count()
    if not _close(have, args.products):
        if have:
            log(f"database holds {have:,} entries, not ~{args.products:,}: regenerating")
            from django.db import connection

            connection.close()
            if args.backend == "postgresql":
                ensure_pg_database(drop=True)
            else:
                drop_sqlite()
            call_command("migrate", verbosity=0)
        generate(args.products, seed=args.seed)
    ensure_regions()
    result = measure(args)
    print(json.dumps(result), flush=True)
    return 0


PUBLISHED_SHARE_EXPECTED = 0.97


def _close(have: int, products: int) -> bool:
    # The published share is random per product: accept the database within 1 %.
    return bool(have) and abs(have - products * PUBLISHED_SHARE_EXPECTED) <= 0.01 * products


def log(message: str) -> None:
    print(f"   {time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def ensure_pg_database(*, drop: bool) -> None:
    import dj_database_url
    import psycopg

    url = os.environ.get(
        "KRIYA_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_search"
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
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_sqlite() -> None:
    for suffix in ("", "-wal", "-shm"):
        path = ROOT / "var" / "bench" / f"search.sqlite3{suffix}"
        if path.exists():
            path.unlink()


# --- Data ----------------------------------------------------------------------------

SECTORS = [
    ("batik", 60),
    ("bordir", 10),
    ("tenun", 6),
    ("anyaman", 6),
    ("kayu", 5),
    ("kulit", 5),
    ("keramik_gerabah", 3),
    ("perhiasan_aksesoris", 3),
    ("ecoprint", 2),
]
CATEGORIES = {
    "batik": ["kain", "kemeja", "selendang", "blus", "sarung", "daster", "outer", "taplak"],
    "bordir": ["mukena", "kerudung", "kebaya", "taplak", "sarung bantal", "kemeja"],
    "tenun": ["kain tenun", "sarung tenun", "syal", "tas tenun"],
    "anyaman": ["tas anyaman", "topi", "keranjang", "tikar", "dompet"],
    "kayu": ["topeng", "ukiran", "mangkuk kayu", "miniatur", "gantungan kunci"],
    "kulit": ["dompet kulit", "tas kulit", "sabuk", "sandal kulit", "jaket kulit"],
    "keramik_gerabah": ["vas", "guci", "piring", "cangkir", "pot"],
    "perhiasan_aksesoris": ["gelang", "kalung", "anting", "bros", "cincin perak"],
    "ecoprint": ["kain ecoprint", "syal ecoprint", "tas ecoprint"],
}
TECHNIQUES = [("tulis", 30), ("cap", 30), ("kombinasi", 20), ("printing", 20)]
MOTIFS = [
    "anggur", "batu batuan", "letusan gunung bromo", "banjir bandang", "parang", "kawung",
    "mega mendung", "truntum", "sidomukti", "sekar jagad", "lereng", "ceplok", "tambal",
    "pring sedapur", "gajah oling", "mangga", "bunga teratai", "daun jati", "ombak",
    "kupu kupu", "jagung", "tembakau", "kuda lumping", "edelweis", "kasada", "madakaripura",
]  # fmt: skip
COLOURS = ["merah", "biru", "hitam", "coklat", "sogan", "indigo", "hijau", "kuning", "ungu",
           "putih", "marun", "emas"]  # fmt: skip
MATERIALS = ["katun primisima", "katun prima", "sutra", "rayon", "dobby", "linen", "pandan",
             "mendong", "kulit sapi", "kulit kambing", "jati", "mahoni", "tanah liat", "perak"]  # fmt: skip
COMMON = ["cocok", "untuk", "acara", "resmi", "dan", "sehari", "hari", "dibuat", "dengan", "tangan", "oleh", "perajin", "lokal", "bahan", "nyaman", "dipakai", "warna", "tahan", "lama", "ukuran", "standar", "bisa", "pesan", "khusus", "kualitas", "terbaik", "produk", "asli", "probolinggo", "oleh", "oleh", "khas"]  # fmt: skip
SYLLABLES = [c + v for c in "bcdgjklmnprstw" for v in "aiueo"]
SHOP_WORDS = ["sekar", "arum", "melati", "mawar", "jaya", "makmur", "sentosa", "abadi",
              "lestari", "barokah", "rengganis", "pandalungan", "bromo", "tengger", "kenanga",
              "cempaka", "sari", "indah", "mulia", "mandiri"]  # fmt: skip


def rare_vocabulary(rng, size=200_000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def zipf_sampler(rng, n, s=1.05):
    weights = [1 / (k**s) for k in range(1, n + 1)]
    total = sum(weights)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w / total
        cumulative.append(acc)
    import bisect

    return lambda: min(bisect.bisect_left(cumulative, rng.random()), n - 1)


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def generate(total: int, *, seed: int) -> None:
    """Regions of Kabupaten Probolinggo, one business per 50 products, `total` products,
    their index rows, full-text rows and vocabulary, written directly in bulk."""
    from collections import Counter

    from django.db import connection, transaction

    from kriya.accounts.models import Organisation, OrganisationKind
    from kriya.regions.models import Region
    from kriya.registry.models import Business, BusinessStatus, Product
    from kriya.showcase import search
    from kriya.showcase.models import CatalogueDistrict, SearchWord

    rng = random.Random(seed)
    started = time.perf_counter()
    ensure_regions()
    by_code = {r.code: r for r in Region.objects.filter(code__startswith="35.13")}
    by_code["35"] = Region.objects.get(code="35")
    villages = [r for r in by_code.values() if r.level == 4]
    log(f"regions of the regency: {len(by_code)}")

    n_business = max(1, total // 50)
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"bench {i}", kind=OrganisationKind.BUSINESS)
            for i in range(n_business)
        ],
        batch_size=5000,
    )
    businesses = []
    for i, org in enumerate(orgs):
        village = rng.choice(villages)
        sector = weighted(rng, SECTORS)
        label = {"batik": "Batik", "bordir": "Bordir", "tenun": "Tenun"}.get(sector, "UD")
        name = f"{label} {rng.choice(SHOP_WORDS).title()} {rng.choice(SHOP_WORDS).title()} {i}"
        businesses.append(
            Business(
                organisation=org,
                nib=f"8{i:012d}",
                name=name,
                slug=f"bench-usaha-{i}",
                owner_name="Perajin",
                phone=f"+62812{i:08d}",
                village=village,
                district=by_code[village.parent_id],
                regency=by_code["35.13"],
                sector=sector,
                status=BusinessStatus.VERIFIED,
            )
        )
    Business.objects.bulk_create(businesses, batch_size=5000)
    businesses = list(Business.objects.order_by("pk"))
    for b in businesses:  # attach the cached regions build_entry reads
        b.village, b.district, b.regency = (
            by_code[b.village_id],
            by_code[b.district_id],
            by_code[b.regency_id],
        )
    log(f"businesses: {len(businesses):,}")

    rare = rare_vocabulary(rng)
    pick_rare = zipf_sampler(rng, len(rare))
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if pg:  # a GIN index is built far faster once than row by row
            cursor.execute("DROP INDEX IF EXISTS showcase_entry_search")
        else:  # generation only: a large page cache for the random index inserts
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.execute("PRAGMA synchronous = OFF")
    counts: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    batch = 10_000
    done = 0
    while done < total:
        size = min(batch, total - done)
        products = []
        for j in range(size):
            business = businesses[rng.randrange(len(businesses))]
            sector = business.sector if rng.random() < 0.9 else weighted(rng, SECTORS)
            category = rng.choice(CATEGORIES[sector])
            technique = weighted(rng, TECHNIQUES) if sector == "batik" else ""
            motif = rng.choice(MOTIFS) if sector in ("batik", "bordir", "tenun") else ""
            colour = rng.choice(COLOURS)
            words = [category.capitalize()]
            if sector == "batik":
                words.append("batik " + technique if technique != "printing" else "printing")
            words += (["motif", motif] if motif else []) + [colour]
            description = " ".join(
                rng.sample(COMMON, rng.randint(5, 10))
                + [rare[pick_rare()] for _ in range(rng.randint(1, 3))]
            )
            price = int(math.exp(rng.uniform(math.log(25_000), math.log(5_000_000))) // 1000) * 1000
            products.append(
                Product(
                    business=business,
                    name=" ".join(words),
                    slug=f"bench-produk-{done + j}",
                    description=description,
                    sector=sector,
                    category=category,
                    technique=technique,
                    motif=motif,
                    fabric=rng.choice(MATERIALS),
                    price=price,
                    is_published=rng.random() < PUBLISHED_SHARE_EXPECTED,
                )
            )
        with transaction.atomic():
            created = Product.objects.bulk_create(products)
            entries = [search.build_entry(p) for p in created if p.is_published]
            from kriya.showcase.models import CatalogueEntry

            CatalogueEntry.objects.bulk_create(entries)
            search._backend().write(entries, [])
            for entry in entries:
                counts.update(search._doc_words(entry))
                districts[entry.district_id] += 1
        done += size
        if done % 100_000 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            log(f"products: {done:,} ({rate:,.0f}/s)")
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, doc_count=n) for w, n in counts.items()], batch_size=10_000
    )
    CatalogueDistrict.objects.bulk_create(
        [CatalogueDistrict(district_id=d, product_count=n) for d, n in districts.items()]
    )
    search.touch()
    with connection.cursor() as cursor:
        if pg:
            log("building the GIN index")
            cursor.execute(
                "CREATE INDEX showcase_entry_search ON showcase_catalogueentry "
                "USING gin (search_vector)"
            )
            cursor.execute("VACUUM ANALYZE")
        else:
            log("optimising FTS5")
            cursor.execute("INSERT INTO showcase_fts (showcase_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    log(f"generated in {time.perf_counter() - started:,.0f} s; vocabulary {len(counts):,} words")


def ensure_regions() -> None:
    """Every region of the Kepmendagri list, as in production: the district list of
    the pages looks at all of them. Idempotent."""
    from django.conf import settings

    from kriya.regions.models import Region, level_of, parent_code

    if Region.objects.count() > 90_000:
        return
    with open(settings.KRIYA_REGIONS_CSV, encoding="utf-8-sig") as fh:
        rows = [line.strip().split(",", 1) for line in fh]
    Region.objects.bulk_create(
        [
            Region(code=c, name=n, level=level_of(c), parent_id=parent_code(c))
            for c, n in rows
            if level_of(c) is not None
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )


# --- Queries -------------------------------------------------------------------------


def query_mix(rng):
    """50 queries: (kind, text, filters, sort). Rare words are chosen from the generated
    vocabulary (3 to 30 products each)."""
    from kriya.showcase.models import CatalogueEntry, SearchWord
    from kriya.showcase.search import Filters

    rare = list(
        SearchWord.objects.filter(doc_count__range=(3, 30))
        .order_by("word")
        .values_list("word", flat=True)[:2000]
    )
    rare = rng.sample(rare, 10)
    districts = list(
        CatalogueEntry.objects.values_list("district_id", flat=True)
        .distinct()
        .order_by("district_id")
    )
    big, small = districts[19], districts[0]  # Kraksaan-sized and Sukapura-sized
    F = Filters
    mix = [
        *[
            ("common", t, F(), "")
            for t in (
                "batik",
                "kain",
                "batik tulis",
                "kemeja batik",
                "tas",
                "merah",
                "motif",
                "selendang",
                "bordir",
                "sutra",
            )
        ],
        *[("rare", t, F(), "") for t in rare],
        *[
            ("prefix", t, F(), "")
            for t in ("bat", "kem", "sel", "tenu", "anyam", "kul", "ba", "mo", "selend", "kemej")
        ],
        ("filtered", "batik", F(district=big), ""),
        ("filtered", "batik", F(district=small), ""),
        ("filtered", "batik tulis", F(district=small, price_max=500_000), ""),
        ("filtered", "kain", F(technique="tulis"), ""),
        ("filtered", "kain", F(price_min=100_000, price_max=300_000), ""),
        ("filtered", "selendang", F(technique="cap"), "price"),
        ("filtered", "tas", F(sector="kulit"), ""),
        ("filtered", "merah", F(sector="batik", technique="kombinasi"), "-price"),
        ("filtered", rare[0], F(district=big), ""),
        ("filtered", rare[1], F(sector="batik"), ""),
        ("filtered", "mot", F(district=small), "newest"),
        ("filtered", "batik", F(price_min=4_000_000), ""),
        ("filtered", "kemeja", F(district=big, technique="cap"), "price"),
        ("filtered", "bordir mukena", F(district=big), ""),
        ("filtered", "bromo", F(sector="batik", price_max=200_000), ""),
        ("browse", "", F(), ""),
        ("browse", "", F(), "price"),
        ("browse", "", F(district=small), ""),
        ("browse", "", F(sector="tenun", price_max=250_000), ""),
        ("browse", "", F(technique="tulis"), "-price"),
    ]
    assert len(mix) == 50, len(mix)
    return mix


REPAIRS = [("typo", "selendnag"), ("typo", "kemjea"), ("missing space", "batiktulis"),
           ("missing space", "kainsutra")]  # fmt: skip


def percentile(values, q):
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(values):
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values),
    }


def page_url(text, filters, sort):
    from urllib.parse import urlencode

    params = {
        "q": text,
        "urut": {"price": "termurah", "-price": "termahal", "newest": "terbaru"}.get(sort, ""),
    }
    params.update(
        {
            "kecamatan": filters.district,
            "sektor": filters.sector,
            "teknik": filters.technique,
            "harga_min": filters.price_min if filters.price_min is not None else "",
            "harga_max": filters.price_max if filters.price_max is not None else "",
        }
    )
    return "/produk/?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def measure(args):
    from django.db import connection
    from django.test import Client

    from kriya.showcase import search
    from kriya.showcase.models import CatalogueEntry
    from kriya.showcase.search import Filters, SearchQuery

    rng = random.Random(args.seed + 1)
    mix = query_mix(rng)
    load_before = os.getloadavg()[0]
    client = Client()
    timings = {"search": [], "page": [], "healthz": []}
    by_kind: dict[str, list[float]] = {}
    by_query: dict[int, list[float]] = {}

    def timed(fn):
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    for _kind, text, filters, sort in mix:  # warm-up pass, not timed
        search.search(SearchQuery(text=text, filters=filters, sort=sort))
        if not args.no_page:
            client.get(page_url(text, filters, sort))
        client.get("/healthz")
    for _ in range(args.repeat):
        for i, (kind, text, filters, sort) in enumerate(mix):
            query = SearchQuery(text=text, filters=filters, sort=sort)
            ms = timed(lambda query=query: search.search(query))
            timings["search"].append(ms)
            by_kind.setdefault(kind, []).append(ms)
            by_query.setdefault(i, []).append(ms)
            if not args.no_page:
                url = page_url(text, filters, sort)
                timings["page"].append(timed(lambda url=url: _ok(client.get(url))))
            timings["healthz"].append(timed(lambda: _ok(client.get("/healthz"))))
    repairs = {}
    for kind, text in REPAIRS:
        query = SearchQuery(text=text, filters=Filters())
        search.search(query)
        runs = [timed(lambda query=query: search.search(query)) for _ in range(args.repeat)]
        result = search.search(query)
        repairs[text] = {"kind": kind, "p50": percentile(runs, 0.5), "corrected": result.corrected,
                         "found": result.total}  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "backend": args.backend,
        "vendor": connection.vendor,
        "version": version,
        "cpus": os.cpu_count(),
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "products": CatalogueEntry.objects.count(),
        "queries": len(mix),
        "repeat": args.repeat,
        "search": stats(timings["search"]),
        "page": stats(timings["page"] or [0.0]),
        "healthz": stats(timings["healthz"]),
        "by_kind": {k: percentile(v, 0.95) for k, v in by_kind.items()},
        "repairs": repairs,
        "mix": [
            {
                "kind": k,
                "q": t,
                "filters": {f: getattr(fl, f) for f in fl.__dataclass_fields__ if getattr(fl, f)},
                "sort": s,
                "p50": percentile(by_query[i], 0.5),
                "max": max(by_query[i]),
            }
            for i, (k, t, fl, s) in enumerate(mix)
        ],
    }


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code} for {response.request['PATH_INFO']}")
    return response


if __name__ == "__main__":
    sys.exit(main())
