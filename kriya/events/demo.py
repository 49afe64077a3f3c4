"""Demo data for `manage.py seed`: the yearly events of reference.yaml
(`probolinggo.events`) as series, and two editions of Harjakapro — a past one (May of
this year) with exhibitors, booths, two days of sales and visitor counts, and the next
one (May of next year) with the exhibitor call open. Every record is marked demo; the
editions' dates, venue hours, booths and figures are invented for the demo (the
reference data gives only the month and the place), see docs/events.md."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils.text import slugify

from kriya.accounts.demo import REGENCY_UNIT, demo_email
from kriya.accounts.models import Organisation, User
from kriya.core.reference import load_reference
from kriya.regions.models import Region
from kriya.registry.models import Business, BusinessStatus

from . import services
from .models import Application, Event, EventSeries, SalesReport

# After certification (scores read certificates) and the showcase's destinations.
SEED_ORDER = 66

HARJAKAPRO = "Hari Jadi Kabupaten Probolinggo (Harjakapro)"


def _series(rows) -> dict[str, EventSeries]:
    found = {}
    for row in rows:
        series, _made = EventSeries.objects.get_or_create(
            slug=slugify(row["name"].split("(")[0])[:200],
            defaults={"name": row["name"], "usual_time": row.get("when", ""), "is_demo": True},
        )
        found[row["name"]] = series
    return found


def _kraksaan(regency_code: str):
    return (
        Region.objects.filter(parent_id=regency_code, level=3, name__iexact="Kraksaan").first()
        or Region.objects.filter(parent_id=regency_code, level=3).order_by("code").first()
    )


def _edition(series, unit, officer, district, year, days, status_path) -> Event:
    event = services.create_event(
        data={
            "series": series,
            "year": year,
            "name": f"Pameran UMKM Harjakapro {year}",
            "kind": "expo",
            "organiser": unit,
            "regency_id": unit.regency_id,
            "district": district,
            "venue": "Alun-alun Kraksaan",
            "description": (
                "Pameran UMKM dan peragaan busana batik dan bordir dalam rangka Hari Jadi "
                "Kabupaten Probolinggo."
            ),
            "description_en": (
                "A small-business fair with a batik and embroidery fashion show for the "
                "anniversary of Probolinggo Regency."
            ),
            "criteria": "Usaha kerajinan dan batik dari Kabupaten Probolinggo.",
            "terms": "Peserta menjaga stan selama jam buka dan melaporkan penjualan setiap hari.",
            "category_quota": {"batik": 6, "bordir": 2},
        },
        days=[(d, time(9), time(21)) for d in days],
        by=officer,
    )
    Event.objects.filter(pk=event.pk).update(is_demo=True)
    for action in status_path:
        services.transition_event(event=event, action=action, by=officer)
    return event


@transaction.atomic
def seed() -> None:
    officer = User.objects.filter(email=demo_email("dkupp")).first()
    unit = Organisation.objects.filter(name=REGENCY_UNIT).first()
    if officer is None or unit is None or not unit.regency_id:
        return
    try:
        rows = (load_reference().get("probolinggo") or {}).get("events") or []
    except FileNotFoundError:
        rows = []
    series = _series(rows)
    if HARJAKAPRO not in series or Event.objects.filter(series=series[HARJAKAPRO]).exists():
        return
    district = _kraksaan(unit.regency_id)
    if district is None:
        return
    today = date.today()
    past_year = today.year if today.month > 5 else today.year - 1
    next_year = past_year + 1
    past = _edition(
        series[HARJAKAPRO],
        unit,
        officer,
        district,
        past_year,
        [date(past_year, 5, 17), date(past_year, 5, 18)],
        ["publish", "open_call"],
    )
    booths = services.add_booths(
        event=past,
        rows=[
            {"code": f"A{i}", "zone": "Batik", "sector": "batik", "power_watts": 450}
            for i in range(1, 5)
        ]
        + [{"code": "B1", "zone": "Bordir", "sector": "bordir", "power_watts": 0}],
        by=officer,
    )
    businesses = list(
        Business.objects.filter(is_demo=True, status=BusinessStatus.VERIFIED).order_by("nib")[:4]
    )
    applications = []
    for business in businesses:
        application = Application.objects.create(
            event=past,
            business=business,
            sector=business.sector,
            applied_by=officer,
            needs_power=True,
            is_demo=True,
        )
        services.decide_application(application=application, action="accept", by=officer)
        applications.append(application)
    for application, booth in zip(applications, booths, strict=False):
        services.allocate_booth(application=application, booth=booth, by=officer)
    for action in ("close_call", "start", "finish"):
        services.transition_event(event=past, action=action, by=officer)
    days = list(past.days.all())
    figures = [(1_250_000, 14), (2_100_000, 22), (850_000, 9), (1_600_000, 17)]
    for n, application in enumerate(applications):
        for d, day in enumerate(days):
            if n == len(applications) - 1 and d == 1:
                continue  # one report missing: the report shows it as missing
            turnover, count = figures[n]
            turnover += d * 300_000
            services.report_sales(
                application=application,
                day=day,
                sector=application.sector,
                transactions=count + d,
                cash=turnover // 2,
                qris=turnover - turnover // 2,
                transfer=0,
                by=officer,
                confirmed=True,
            )
    for day, visitors in zip(days, (2400, 3100), strict=False):
        services.record_visitors(day=day, visitors=visitors, by=officer)
    services.transition_event(event=past, action="close", by=officer)
    SalesReport.objects.filter(application__event=past).update(is_demo=True)
    _edition(
        series[HARJAKAPRO],
        unit,
        officer,
        district,
        next_year,
        [date(next_year, 5, 16), date(next_year, 5, 17), date(next_year, 5, 18)],
        ["publish", "open_call"],
    )
