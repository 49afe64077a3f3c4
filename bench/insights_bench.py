"""Data and information benchmark (issue 18, "Speed"): the dashboards at /dasbor/<key>/
and the cooperation programme page, the memory of the registry export and of the
largest open-data file, and the DCAT catalogue's throughput beside /healthz, at
300,000 businesses, 1,000,000 products, 200,000 service requests, 50,000 participants
and 500,000 event sales rows, on SQLite and PostgreSQL.

    .venv/bin/python bench/insights_bench.py                       # both databases, full size
    .venv/bin/python bench/insights_bench.py --scale 0.02 --backend sqlite   # a quick check
    .venv/bin/python bench/insights_bench.py --regenerate          # make the data again

The data lives in its own databases (bench/insights_settings.py): var/bench/insights.sqlite3
and kriya_bench_insights at full size, var/bench/insights-<scale>.sqlite3 and
kriya_bench_insights_<scale> for a --scale below 1 (so a quick run never throws the full
data away). It is generated once in bulk and reused while it holds the requested sizes:
the registry of all East Java (bench/run.py's `seed_registry`, bench/generate.py's
businesses and products, registration dates then spread over five years); service
requests over every service of the catalogue, with samples and test reports for the
laboratory's, certificates and a surveillance visit for the certification bodies',
surveys and complaints; training programmes, batches and one enrolment per participant
over the province's villages, with follow-ups; the events of Kabupaten Probolinggo
(bench/events_bench.py's `make_events`: 500 sales rows per event) and their summaries.

Measured in one process per database, production settings, through Django's test client
(server time: the whole request, middleware, queries and template), `--repeat` times
after one untimed request, with wall and CPU time and the queries of every request:
each dashboard as the agency (every regency, then one regency) and as the regency officer
(their regency, and one district), and the programme page of the regency's agreement as
both. Then, each in a child process measured by bench/run.py's `sampled_run` (peak RSS
from getrusage and /proc): the registry export of every regency as CSV and XLSX by the
worker function (`exports.produce`), and the largest open-data dataset in each format
through its public view (`/data/<slug>.<fmt>`, page cache off). Last, gunicorn on the
same database and /data/catalog.jsonld against /healthz (events_bench.beside_healthz).
Results go to bench/out/insights.json (insights-<scale>.json); query counts are compared
with the other size's file when it exists. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
BACKENDS = ("sqlite", "postgresql")
REGENCY = "35.13"  # Kabupaten Probolinggo: the officer's regency and the events'
SALES_PER_EVENT = 500  # bench/events_bench.py: 400 current and 100 superseded rows
SIZES = {
    "businesses": 300_000,
    "products": 1_000_000,
    "requests": 200_000,
    "participants": 50_000,
    "sales": 500_000,
}
FORMATS = ("csv", "json", "xlsx")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0, help="of every size below")
    for name, size in SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=None, help=f"default {size:,}×scale")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests of each page")
    parser.add_argument("--target-ms", type=float, default=300.0, help="p95 limit")
    parser.add_argument("--memory-mib", type=float, default=150.0, help="peak RSS limit")
    sys.path[:0] = [str(ROOT), str(BENCH)]
    from events_bench import add_throughput_options

    add_throughput_options(parser, "/data/catalog.jsonld")
    parser.add_argument("--skip", default="", help="comma list of: pages, memory, catalogue")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    for name, size in SIZES.items():
        if getattr(args, name) is None:
            setattr(args, name, max(1, round(size * args.scale)))
    args.events = max(2, round(args.sales / SALES_PER_EVENT))
    args.label = "" if args.scale == 1 else f"-{args.scale:g}"
    if args.out is None:
        args.out = OUT / f"insights{args.label}.json"
    return args


def main(argv=None) -> int:
    args = parse(argv)
    if args.child:
        return child(args)
    if args.worker:
        return worker(args)
    from events_bench import run_workers

    backends = BACKENDS if args.backend == "both" else (args.backend,)
    options = ["--scale", str(args.scale)]
    for name in (*SIZES, "repeat", "workers", "clients", "seconds", "slices", "seed"):
        options += [f"--{name}", str(getattr(args, name))]
    options += ["--skip", args.skip] + (["--regenerate"] if args.regenerate else [])
    results = run_workers(Path(__file__), backends, options)
    if results is None:
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    others = [p for p in sorted(OUT.glob("insights*.json")) if p != args.out]
    print(report(results, others))
    missed = misses(args, results, others)
    if missed:
        print("missed: " + "; ".join(missed))
    return 1 if missed else 0


def _other_counts(others) -> dict:
    """{(backend, page): (scale, queries)} from the results of other sizes."""
    found = {}
    for path in others:
        try:
            rows = json.loads(path.read_text())
        except ValueError:
            continue
        for r in rows:
            for page, s in r.get("pages", {}).items():
                found[(r["backend"], page)] = (r["data"]["scale"], s["queries"])
    return found


def misses(args, results, others) -> list[str]:
    missed = []
    other = _other_counts(others)
    for r in results:
        b = r["backend"]
        for page, s in r.get("pages", {}).items():
            if s["p95"] > args.target_ms:
                missed.append(f"{b} {page} p95 {s['p95']:.0f} ms")
            if len(s["queries"]) != 1:
                missed.append(f"{b} {page} queries vary: {s['queries']}")
            if (b, page) in other and other[(b, page)][1] != s["queries"]:
                missed.append(f"{b} {page} queries {s['queries']} ≠ {other[(b, page)]}")
        for name, m in r.get("memory", {}).items():
            if m["peak_mib"] > args.memory_mib:
                missed.append(f"{b} {name} peak {m['peak_mib']:.0f} MiB")
        cat = r.get("catalogue")
        if cat and (cat["errors"] or cat["ratio"] < args.ratio):
            missed.append(f"{b} catalogue ratio {cat['ratio']:.2f} errors {cat['errors']}")
    return missed


def _row(page: str, s: dict, other: str) -> str:
    return (
        f"| {page} | {s['p50']:.0f} / {s['p95']:.0f} | {s['cpu']['p50']:.0f} / "
        f"{s['cpu']['p95']:.0f} | {'/'.join(map(str, s['queries']))} | {other} |"
    )


def report(results, others=()) -> str:
    other = _other_counts(others)
    lines = []
    for r in results:
        d = r["data"]
        lines += [
            "",
            f"{r['backend']} {r['version']}: {d['businesses']:,} businesses, "
            f"{d['products']:,} products, {d['requests']:,} requests, {d['participants']:,} "
            f"participants, {d['sales']:,} sales rows (scale {d['scale']:g}); generated in "
            f"{d['generate_s']:.0f} s; load average before / after {r['load'][0]} / "
            f"{r['load'][1]} on {r['cpus']} CPUs",
            "",
            "| page | wall p50 / p95 ms | CPU p50 / p95 ms | queries | at the other size |",
            "|---|---|---|---|---|",
        ]
        for page, s in r.get("pages", {}).items():
            seen = other.get((r["backend"], page))
            lines.append(
                _row(page, s, f"{'/'.join(map(str, seen[1]))} (scale {seen[0]:g})" if seen else "–")
            )
        if r.get("live"):
            lines += ["", "Computed live from the source tables instead (the functions alone):"]
            lines += [_row(page, s, "") for page, s in r["live"].items()]
        if r.get("rollups"):
            ro = r["rollups"]
            lines.append(
                f"\nsummaries rebuilt: {ro['rows']:,} rows in {ro['seconds']:.1f} s "
                f"(CPU {ro['cpu_s']:.1f} s)"
            )
        if r.get("memory"):
            lines += ["", "| file | rows | seconds | peak RSS MiB | tree peak PSS MiB |"]
            lines.append("|---|---|---|---|---|")
            for name, m in r["memory"].items():
                lines.append(
                    f"| {name} | {m.get('rows', '')} | {m['seconds']} | {m['peak_mib']:.0f} | "
                    f"{m['tree_peak_pss_mib']:.0f} |"
                )
        if r.get("catalogue"):
            c = r["catalogue"]
            lines.append(
                f"\n/data/catalog.jsonld ÷ /healthz: {c['rps']:.0f} ÷ {c['healthz_rps']:.0f} rps "
                f"= {c['ratio']:.2f} ({c['errors']} errors)"
            )
    return "\n".join(lines)


# --- Worker (one database per process) ---------------------------------------------


def log(message: str) -> None:
    from events_bench import log as events_log

    events_log(message)


def pg_url(args) -> str:
    base = os.environ.get(
        "KRIYA_BENCH_INSIGHTS_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_insights"
    )
    return base + args.label.replace("-", "_").replace(".", "_")


def environment(args) -> str:
    """This size's databases for bench/insights_settings.py; returns the PostgreSQL URL
    (also inherited by the children and gunicorn, so it is set once)."""
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.insights_settings"
    os.environ["KRIYA_BENCH_BACKEND"] = args.backend
    if os.environ.get("KRIYA_BENCH_INSIGHTS_NAME") != f"insights{args.label}":
        os.environ["KRIYA_BENCH_INSIGHTS_NAME"] = f"insights{args.label}"
        os.environ["KRIYA_BENCH_INSIGHTS_PG_URL"] = pg_url(args)
    return os.environ["KRIYA_BENCH_INSIGHTS_PG_URL"]


def worker(args) -> int:
    url = environment(args)
    from events_bench import drop_sqlite, pg_database

    if args.backend == "postgresql":
        pg_database(drop=args.regenerate, url=url)
    elif args.regenerate:
        drop_sqlite(f"insights{args.label}")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    wanted = {name: getattr(args, name) for name in SIZES} | {"seed": args.seed}
    data = json.loads(marker(args).read_text()) if marker(args).exists() else None
    if not data or any(data.get(k) != v for k, v in wanted.items()):
        from django.db import connection

        from kriya.registry.models import Business

        if Business.objects.exists():
            log("the database holds other sizes: regenerating")
            connection.close()
            if args.backend == "postgresql":
                pg_database(drop=True, url=url)
            else:
                drop_sqlite(f"insights{args.label}")
            call_command("migrate", verbosity=0)
        data = generate(args) | wanted
        marker(args).write_text(json.dumps(data))
    data["scale"] = args.scale
    result = measure(args, data)
    print(json.dumps(result), flush=True)
    return 0


def marker(args) -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / "bench" / f"insights{args.label}-{args.backend}.json"


# --- Data ------------------------------------------------------------------------------


def personas():
    """The regency officer of REGENCY, agency staff (an analyst) and the applicant who
    filed the generated requests; created once."""
    from kriya.accounts.models import Membership, Organisation, OrganisationKind, Role, User

    def person(email, organisation, role):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=email)
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    unit, _ = Organisation.objects.get_or_create(
        name="Bench: DKUPP Kabupaten Probolinggo",
        defaults={"kind": OrganisationKind.REGENCY_UNIT, "regency_id": REGENCY},
    )
    agency, _ = Organisation.objects.get_or_create(
        name="Bench: Balai", defaults={"kind": OrganisationKind.AGENCY}
    )
    return {
        "unit": unit,
        "agency": agency,
        "officer": person("officer@insights-bench.test", unit, Role.REGENCY_OFFICER),
        "analyst": person("analyst@insights-bench.test", agency, Role.ANALYST),
        "staff": person("staff@insights-bench.test", agency, Role.DESK),
    }


def spread_registrations(days: int = 5 * 365) -> None:
    """seed_registry stamps every business with one moment: spread the registration
    (and last change) over the `days` before it, deterministically by id."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE registry_business SET created_at = created_at - "
                f"((id * 7919) % {days}) * interval '1 day', updated_at = updated_at - "
                f"((id * 7919) % {days}) * interval '1 day'"
            )
        else:
            cursor.execute(
                "UPDATE registry_business SET "
                f"created_at = datetime(created_at, '-' || ((id * 7919) % {days}) || ' days'), "
                f"updated_at = datetime(updated_at, '-' || ((id * 7919) % {days}) || ' days')"
            )


def _moment(day: date, rng) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
        hours=rng.randint(8, 15), minutes=rng.randrange(60)
    )


def make_requests(count: int, businesses, people, rng) -> dict:
    """`count` service requests over `businesses` ((id, regency) of verified ones) and
    every service, filed over the last two years; for the finished ones a survey (half)
    and a complaint (2 %); samples and test reports for the laboratory's, certificates
    with a surveillance visit for the certification bodies'."""
    from django.db import transaction
    from django.utils import timezone

    from kriya.certification.models import Certificate, Scheme, Surveillance
    from kriya.desk.models import (
        OPEN,
        Body,
        Complaint,
        ComplaintStatus,
        Service,
        ServiceRequest,
        Status,
        SurveyResponse,
    )
    from kriya.lab.models import Sample, TestReport
    from kriya.lab.verdicts import Verdict

    today = timezone.localdate()
    services = list(Service.objects.filter(is_active=True))
    schemes = {}
    for scheme in Scheme.objects.filter(issues_certificate=True, service__isnull=False):
        schemes.setdefault(scheme.service_id, scheme)
    open_states = sorted(OPEN)
    filer, staff = people["staff"], people["analyst"]
    batch = 5000
    made = {"requests": 0, "surveys": 0, "complaints": 0, "samples": 0, "certificates": 0}
    serial = 0
    while made["requests"] < count:
        part = min(batch, count - made["requests"])
        rows = []
        for _ in range(part):
            business, _regency = businesses[rng.randrange(len(businesses))]
            service = services[rng.randrange(len(services))]
            submitted = today - timedelta(days=rng.randrange(730))
            roll = rng.random()
            standard = service.standard_days or 15
            used = max(1, int(rng.gammavariate(2, standard / 2.5)))
            done = submitted + timedelta(days=used * 7 // 5)
            if roll < 0.05:
                status, done = Status.DRAFT, None
            elif roll < 0.13 or done >= today:
                status, done = rng.choice(open_states), None
            elif roll < 0.21:
                status = rng.choice((Status.REJECTED, Status.CANCELLED))
            else:
                status = Status.COMPLETED
            moment = _moment(submitted, rng)
            rows.append(
                ServiceRequest(
                    business_id=business,
                    service=service,
                    status=status,
                    filed_by=filer,
                    standard_days=service.standard_days,
                    clock_days_used=used if done else min(used, (today - submitted).days),
                    clock_running_since=None if done else submitted,
                    clock_deadline=None if done else submitted + timedelta(days=standard * 7 // 5),
                    submitted_at=None if status == Status.DRAFT else moment,
                    status_changed_at=moment,
                    completed_at=_moment(done, rng) if status == Status.COMPLETED else None,
                    created_at=moment,
                )
            )
        with transaction.atomic():
            created = ServiceRequest.objects.bulk_create(rows)
            surveys, complaints, samples, reports, certificates = [], [], [], [], []
            for r in created:
                serial += 1
                if r.status == Status.COMPLETED:
                    if rng.random() < 0.5:
                        surveys.append(
                            SurveyResponse(
                                request=r,
                                service=r.service,
                                respondent=filer,
                                created_at=r.completed_at,
                                **{f"u{i}": rng.choice((2, 3, 3, 4, 4)) for i in range(1, 10)},
                            )
                        )
                    if rng.random() < 0.02:
                        complaints.append(
                            Complaint(
                                request=r,
                                filed_by=filer,
                                subject="Waktu layanan",
                                body="Hasil terlambat.",
                                status=rng.choice(list(ComplaintStatus)),
                                created_at=r.completed_at,
                            )
                        )
                body = r.service.body
                received = r.submitted_at and r.submitted_at + timedelta(days=2)
                if body == Body.LAB and received and (r.completed_at or r.status in OPEN):
                    samples.append(
                        Sample(
                            code=f"B{serial:09d}",
                            request=r,
                            description="Kain batik tulis",
                            condition="good",
                            storage_location="Rak A",
                            received_at=received,
                            received_by=staff,
                            retain_until=received.date() + timedelta(days=90),
                        )
                    )
                    if r.completed_at:
                        reports.append(
                            TestReport(
                                number=f"LHU-B{serial:09d}",
                                request=r,
                                overall_verdict=rng.choice(
                                    [Verdict.WITHIN] * 8
                                    + [Verdict.OUTSIDE, Verdict.OUTSIDE, Verdict.NO_LIMIT]
                                ),
                                issued_at=r.completed_at,
                                issued_by=staff,
                            )
                        )
                scheme = schemes.get(r.service_id)
                if scheme and r.completed_at:
                    issued = r.completed_at.date()
                    certificates.append(
                        Certificate(
                            number=f"BENCH/{scheme.code}/{serial:09d}",
                            scheme=scheme,
                            business_id=r.business_id,
                            holder_name="Usaha bench",
                            holder_nib="9120000000000",
                            scope="Kain batik",
                            issued_on=issued,
                            valid_until=issued + timedelta(days=3 * 365),
                            status="suspended" if rng.random() < 0.03 else "active",
                            issued_by=staff,
                        )
                    )
            SurveyResponse.objects.bulk_create(surveys)
            Complaint.objects.bulk_create(complaints)
            Sample.objects.bulk_create(samples)
            TestReport.objects.bulk_create(reports)
            Certificate.objects.bulk_create(certificates)
            Surveillance.objects.bulk_create(
                [
                    Surveillance(certificate=c, sequence=1, due_on=c.issued_on + timedelta(365))
                    for c in certificates
                ]
            )
        made["requests"] += len(created)
        made["surveys"] += len(surveys)
        made["complaints"] += len(complaints)
        made["samples"] += len(samples)
        made["certificates"] += len(certificates)
    return made


def make_training(count: int, villages, people, rng) -> dict:
    """`count` participants over the villages, each enrolled once in a batch of 25 (in a
    village of the same regency) of one of five programmes, batches over two years; a
    3-month follow-up answered by a third of those who completed."""
    from django.db import transaction
    from django.utils import timezone

    from kriya.training.models import (
        Batch,
        BatchStatus,
        Enrolment,
        EnrolmentStatus,
        FollowUp,
        Participant,
        Programme,
    )

    today = timezone.localdate()
    programmes = [
        Programme.objects.get_or_create(
            slug=f"bench-pelatihan-{n}",
            defaults={
                "title_id": f"Pelatihan batik {n}",
                "organiser": people["agency"],
                "sector": "batik",
                "technique": "batik_tulis",
            },
        )[0]
        for n in range(5)
    ]
    size = 25
    made = {"participants": 0, "batches": 0, "enrolments": 0, "follow_ups": 0}
    by_regency: dict[str, list] = {}
    for v in villages:
        by_regency.setdefault(v.code[:5], []).append(v.code)
    regencies = sorted(by_regency)
    stamp = timezone.now()
    while made["participants"] < count:
        with transaction.atomic():
            batches, people_rows, plan = [], [], []
            for _ in range(min(200, -(-(count - made["participants"]) // size))):
                regency = regencies[rng.randrange(len(regencies))]
                start = today - timedelta(days=rng.randrange(20, 730))
                programme = programmes[made["batches"] % 5]
                batches.append(
                    Batch(
                        programme=programme,
                        number=made["batches"] // 5 + 1,
                        starts_on=start,
                        ends_on=start + timedelta(days=4),
                        village_id=rng.choice(by_regency[regency]),
                        capacity=size,
                        status=BatchStatus.COMPLETED,
                    )
                )
                made["batches"] += 1
                n = min(size, count - made["participants"] - len(people_rows))
                for _i in range(n):
                    village = rng.choice(by_regency[regency])
                    people_rows.append(
                        Participant(
                            full_name="Peserta bench",
                            birth_date=date(rng.randint(1965, 2008), rng.randint(1, 12), 15),
                            gender=rng.choice(("female", "female", "male")),
                            phone="081234567890",
                            village_id=village,
                            created_at=stamp,
                        )
                    )
                    plan.append(len(batches) - 1)
            Batch.objects.bulk_create(batches)
            Participant.objects.bulk_create(people_rows)
            enrolments = []
            for person, b in zip(people_rows, plan, strict=True):
                roll = rng.random()
                status = (
                    EnrolmentStatus.COMPLETED
                    if roll < 0.75
                    else EnrolmentStatus.ENROLLED
                    if roll < 0.9
                    else EnrolmentStatus.CANCELLED
                )
                enrolments.append(
                    Enrolment(
                        batch=batches[b],
                        participant=person,
                        status=status,
                        channel="self",
                        post_test=rng.randint(50, 100),
                        completed_at=_moment(batches[b].ends_on, rng)
                        if status == EnrolmentStatus.COMPLETED
                        else None,
                    )
                )
            Enrolment.objects.bulk_create(enrolments)
            follow_ups = [
                FollowUp(
                    enrolment=e,
                    round=3,
                    due_on=e.batch.ends_on + timedelta(days=90),
                    answered_at=_moment(e.batch.ends_on + timedelta(days=95), rng),
                    produces=rng.random() < 0.6,
                    sells=rng.random() < 0.5,
                    employs=rng.random() < 0.1,
                )
                for e in enrolments
                if e.status == EnrolmentStatus.COMPLETED
                and e.batch.ends_on + timedelta(days=95) < today
                and rng.random() < 0.33
            ]
            FollowUp.objects.bulk_create(follow_ups)
        made["participants"] += len(people_rows)
        made["enrolments"] += len(enrolments)
        made["follow_ups"] += len(follow_ups)
    return made


def make_agreement(people) -> None:
    """The regency's cooperation agreement with a target for every indicator this year."""
    from django.utils import timezone

    from kriya.insights import indicators
    from kriya.insights.models import CooperationAgreement, Target

    year = timezone.localdate().year
    agreement, _ = CooperationAgreement.objects.get_or_create(
        number="BENCH/PKS/001",
        defaults={
            "title": "Kerja sama pengembangan IKM (bench)",
            "regency_unit": people["unit"],
            "agency": people["agency"],
            "regency_id": REGENCY,
            "signed_on": date(year - 1, 12, 1),
            "starts_on": date(year - 1, 1, 1),
            "ends_on": date(year + 1, 12, 31),
        },
    )
    for indicator in indicators.all_indicators():
        Target.objects.get_or_create(
            agreement=agreement, year=year, indicator=indicator.key, defaults={"value": 100}
        )


def generate(args) -> dict:
    import generate as registry_data
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from events_bench import make_events
    from run import seed_registry
    from search_bench import ensure_regions

    from kriya.events import totals
    from kriya.registry.models import Business, BusinessStatus

    timings = {}
    started = time.perf_counter()
    rng = random.Random(args.seed)
    ensure_regions()
    call_command("load_services", verbosity=0)
    call_command("load_schemes", verbosity=0)
    people = personas()
    villages = registry_data.load_villages(settings.KRIYA_REGIONS_CSV)
    log(f"{args.businesses:,} businesses, {args.products:,} products over {len(villages):,}")
    seed_registry(registry_data, villages, args.businesses, args.products)
    spread_registrations()
    timings["registry_s"] = time.perf_counter() - started

    mark = time.perf_counter()
    verified = list(
        Business.objects.filter(status=BusinessStatus.VERIFIED).values_list("id", "regency_id")
    )
    log(f"{args.requests:,} service requests")
    made = make_requests(args.requests, verified, people, rng)
    timings["requests_s"] = time.perf_counter() - mark

    mark = time.perf_counter()
    log(f"{args.participants:,} participants")
    made |= make_training(args.participants, villages, people, rng)
    timings["training_s"] = time.perf_counter() - mark

    mark = time.perf_counter()
    local = list(Business.objects.filter(regency_id=REGENCY).values_list("id", "sector"))
    districts = sorted({v.code[:8] for v in villages if v.code.startswith(REGENCY + ".")})
    log(f"{args.events:,} events of {REGENCY}")
    made |= {
        k: v
        for k, v in make_events(args.events, local, people["unit"], districts, rng).items()
        if k != "years"
    }
    totals.rebuild()
    timings["events_s"] = time.perf_counter() - mark
    make_agreement(people)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    generated = time.perf_counter() - started
    log(f"generated in {generated:.0f} s: {made}")
    return {
        "made": made,
        "generate_s": generated,
        **{k: round(v, 1) for k, v in timings.items()},
    }


# --- Measurement -------------------------------------------------------------------


def pages(people) -> dict[str, tuple[object, str]]:
    """{label: (user, path)}: every dashboard as the agency (all regencies, one regency)
    and as the officer (their regency, one district), and the programme page."""
    from kriya.insights import dashboards
    from kriya.insights.models import CooperationAgreement
    from kriya.regions.models import Level, Region

    district = (
        Region.objects.filter(level=Level.DISTRICT, parent_id=REGENCY)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    found = {}
    for board in dashboards.all_dashboards():
        path = f"/dasbor/{board.key}/"
        found[f"{board.key} · agency"] = (people["analyst"], path)
        found[f"{board.key} · agency {REGENCY}"] = (
            people["analyst"],
            f"{path}?kabupaten={REGENCY}",
        )
        found[f"{board.key} · officer"] = (people["officer"], path)
        found[f"{board.key} · officer district"] = (
            people["officer"],
            f"{path}?kecamatan={district}",
        )
    agreement = CooperationAgreement.objects.get(number="BENCH/PKS/001")
    found["programme · officer"] = (people["officer"], f"/dasbor/program/{agreement.pk}/")
    found["programme · agency"] = (people["analyst"], f"/dasbor/program/{agreement.pk}/")
    return found


def measure_pages(args, people) -> dict:
    from django.test import Client
    from events_bench import timed_pages

    clients = {}
    results = {}
    for label, (user, path) in pages(people).items():
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        results[label] = timed_pages(clients[user.pk], [path], args.repeat)
        s = results[label]
        log(f"{label}: p50 {s['p50']:.0f} / p95 {s['p95']:.0f} ms, queries {s['queries']}")
    return results


def measure_live(args) -> dict:
    """The registry and desk dashboards computed live from the source tables (what the
    summaries replace), as the functions alone, for the record: agency and officer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from events_bench import stats

    from kriya.desk.survey import parse_period
    from kriya.insights import dashboards
    from kriya.insights.scope import Filters

    results = {}
    for name, build in (
        ("registri", dashboards.registry_charts_live),
        ("layanan", dashboards.desk_charts_live),
    ):
        for who, regency in (("agency", None), ("officer", REGENCY)):
            filters = Filters(parse_period(None), regency, None)
            times, cpu, counts = [], [], []
            for _ in range(max(2, args.repeat // 2)):
                with CaptureQueriesContext(connection) as ctx:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    build(filters)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                counts.append(len(ctx.captured_queries))
            s = results[f"{name} live · {who}"] = stats(times, counts) | {"cpu": stats(cpu, counts)}
            log(f"{name} live · {who}: p50 {s['p50']:.0f} / p95 {s['p95']:.0f} ms")
    return results


def largest_dataset() -> tuple[str, int, dict]:
    from kriya.insights import opendata

    counts = {d.slug: sum(1 for _ in d.rows()) for d in opendata.all_datasets()}
    slug = max(counts, key=counts.get)
    return slug, counts[slug], counts


def measure_memory(args, people) -> dict:
    """Each file made in its own child process (`child`), sampled by run.sampled_run."""
    from run import sampled_run

    from kriya.insights.models import ExportJob

    results = {}
    base = [sys.executable, str(Path(__file__).resolve()), "--backend", args.backend]
    base += ["--scale", str(args.scale)]
    for fmt in ("csv", "xlsx"):
        job = ExportJob.objects.create(
            requested_by=people["analyst"], kind="usaha", regency_id=None, file_format=fmt
        )
        log(f"registry export ({fmt}) in a child")
        m = sampled_run([*base, "--child", "export", str(job.pk)])
        m["rows"] = json.loads(m.pop("output").strip().splitlines()[-1])["rows"]
        results[f"registry export {fmt}"] = m
        log(f"registry export {fmt}: {m}")
    slug, rows, counts = largest_dataset()
    log(f"open data rows per dataset: {counts}")
    for fmt in FORMATS:
        log(f"open data {slug}.{fmt} in a child")
        m = sampled_run([*base, "--child", "opendata", slug, fmt])
        m["bytes"] = json.loads(m.pop("output").strip().splitlines()[-1])["bytes"]
        m["rows"] = rows
        results[f"open data {slug}.{fmt}"] = m
        log(f"open data {slug}.{fmt}: {m}")
    return results


def child(args) -> int:
    """One file in this process, for its peak memory: `export <job id>` runs the worker's
    function on the job; `opendata <slug> <fmt>` fetches /data/<slug>.<fmt> through the
    public view with the page cache off. These two are where the measurement hooks into
    the app (docs/benchmarks.md): change them when the files are made elsewhere."""
    environment(args)
    import django

    django.setup()
    what, *rest = args.child
    if what == "export":
        from kriya.insights import exports
        from kriya.insights.models import ExportJob

        job = exports.produce(ExportJob.objects.get(pk=int(rest[0])))
        print(json.dumps({"rows": job.rows_done, "bytes": job.file.size}))
        return 0
    from django.test import Client, override_settings

    slug, fmt = rest
    with override_settings(KRIYA_PAGE_CACHE=False):
        response = Client().get(f"/data/{slug}.{fmt}")
    if response.status_code != 200:
        raise SystemExit(f"/data/{slug}.{fmt}: {response.status_code}")
    size = len(response.content) if not response.streaming else sum(map(len, response))
    print(json.dumps({"bytes": size}))
    return 0


def measure(args, data):
    import logging

    from django.db import connection
    from events_bench import beside_healthz, database_version

    logging.getLogger("kriya.request").setLevel(logging.WARNING)  # one line per request
    skip = set(filter(None, args.skip.split(",")))
    load_before = os.getloadavg()[0]
    people = personas()
    result = {
        "backend": args.backend,
        "vendor": connection.vendor,
        "cpus": os.cpu_count(),
        "data": data,
    }
    result["version"] = database_version()
    if "pages" not in skip:
        from kriya.insights import rollups

        log("rebuilding the dashboards' summaries (the scheduler's job)")
        started, cpu = time.perf_counter(), time.process_time()
        rows = rollups.rebuild()
        result["rollups"] = {
            "rows": rows,
            "seconds": time.perf_counter() - started,
            "cpu_s": time.process_time() - cpu,
        }
        log(f"{rows:,} summary rows in {result['rollups']['seconds']:.1f} s")
        result["pages"] = measure_pages(args, people)
        result["live"] = measure_live(args)
    if "memory" not in skip:
        result["memory"] = measure_memory(args, people)
    connection.close()
    if "catalogue" not in skip:
        log("gunicorn: /data/catalog.jsonld beside /healthz")
        result["catalogue"] = beside_healthz(args, "/data/catalog.jsonld")
    result["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


if __name__ == "__main__":
    sys.exit(main())
