"""The dashboards at /dasbor/<key>/: each a titled list of `kriya.core.charts.Chart`s
built from the filters (period, regency, district) inside the viewer's scope.

Each dashboard runs a fixed number of aggregate queries whatever the amount of data
(asserted in tests/test_dashboards.py). Later apps add theirs with `register(Dashboard(...))`
in their own `dashboards.py`, found by `discover()` — see docs/insights.md.
"""

from __future__ import annotations

import math
import statistics
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core.charts import Chart, Series
from kriya.core.figures import DASHBOARDS, Dashboard, register_dashboard

from . import discovery
from .scope import Filters

REGISTRY = DASHBOARDS
register = register_dashboard


def discover() -> None:
    discovery.discover("dashboards")


def all_dashboards() -> list[Dashboard]:
    discover()
    return sorted(REGISTRY.values(), key=lambda d: (d.order, d.key))


def get(key: str) -> Dashboard | None:
    discover()
    return REGISTRY.get(key)


# --- Helpers --------------------------------------------------------------------------


def _place(qs, prefix: str, filters: Filters):
    if filters.regency:
        qs = qs.filter(**{f"{prefix}regency_id": filters.regency})
    if filters.district:
        qs = qs.filter(**{f"{prefix}district_id": filters.district})
    return qs


def _percentile(values: list, share: float):
    if not values:
        return None
    values = sorted(values)
    return values[max(1, math.ceil(share * len(values))) - 1]


def _months(start: date, end: date) -> list[date]:
    found, day = [], date(start.year, start.month, 1)
    while day <= end:
        found.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return found


MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _month_label(day: date) -> str:
    return f"{MONTHS_ID[day.month - 1]} {day.year}"


def _month_counts(qs, field: str, filters: Filters) -> tuple[list[str], list[int]]:
    from django.db.models.functions import TruncMonth

    rows = (
        qs.annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    counts = {}
    for month, n in rows:
        if month is None:
            continue
        if isinstance(month, datetime):
            month = (timezone.localtime(month) if timezone.is_aware(month) else month).date()
        counts[(month.year, month.month)] = counts.get((month.year, month.month), 0) + n
    months = _months(filters.start, filters.end)
    return [_month_label(m) for m in months], [counts.get((m.year, m.month), 0) for m in months]


# --- Registry --------------------------------------------------------------------------


def registry_charts_live(filters: Filters) -> list[Chart]:
    """`registry_charts` computed from the registry itself: the definition the summaries
    are tested against (tests/test_rollups.py)."""
    from kriya.registry.models import Business, BusinessStatus
    from kriya.registry.queries import overview_charts

    qs = _place(Business.objects.exclude(status=BusinessStatus.DRAFT), "", filters)
    qs = qs.filter(created_at__date__lte=filters.end)
    charts = overview_charts(qs, today=filters.end)
    sizes = dict(qs.values("size_class").annotate(n=Count("id")).values_list("size_class", "n"))
    return _registry_list(charts, sizes, semester_report_chart_live(filters))


def registry_charts(filters: Filters) -> list[Chart]:
    """The registry dashboard from the summaries (kriya.insights.rollups): four queries
    whatever the number of businesses."""
    from kriya.registry.queries import _months_back, charts_from_counts

    from . import rollups

    counts = rollups.read(
        ["business.sector", "business.status", "business.size"], filters, end=filters.end
    )
    firsts = _months_back(filters.end, 12)
    months = rollups.read_months("business.all", filters, None, filters.end)
    before = sum(n for m, n in months.items() if m < firsts[0])
    per_month = {(m.year, m.month): n for m, n in months.items() if m >= firsts[0]}
    by_district = sorted(
        (
            {"district__name": name or code, "n": n}
            for code, name, n in rollups.read_districts("business.all", filters, end=filters.end)
        ),
        key=lambda r: r["district__name"],
    )
    charts = charts_from_counts(
        by_district,
        {k: n for k, (n, _t) in counts["business.sector"].items() if n},
        {k: n for k, (n, _t) in counts["business.status"].items()},
        before,
        per_month,
        firsts,
    )
    sizes = {k: n for k, (n, _t) in counts["business.size"].items()}
    return _registry_list(charts, sizes, semester_report_chart(filters))


def _registry_list(charts, sizes, semester_chart) -> list[Chart]:
    from kriya.registry.models import SizeClass

    size_chart = Chart(
        key="kelas-usaha",
        title=_("Usaha per kelas usaha"),
        label_header=_("Kelas usaha"),
        labels=tuple(str(label) for _v, label in SizeClass.choices) + (_("Belum dihitung"),),
        series=(
            Series(
                _("Usaha"),
                tuple(sizes.get(v, 0) for v, _l in SizeClass.choices) + (sizes.get("", 0),),
            ),
        ),
        unit=_("usaha"),
        kind="hbar",
    )
    return [
        charts["growth"],
        charts["status"],
        charts["district"],
        charts["sector"],
        size_chart,
        semester_chart,
    ]


def _semesters(start: date, end: date) -> list[str]:
    return [
        f"{year}-S{half}"
        for year in range(start.year, end.year + 1)
        for half in (1, 2)
        if date(year, 1 if half == 1 else 7, 1) <= end
        and date(year, 6 if half == 1 else 12, 30) >= start
    ]


def semester_report_chart_live(filters: Filters) -> Chart:
    """`semester_report_chart` from the registry and the reports themselves."""
    from kriya.registry.models import Business, BusinessStatus

    from .models import SemesterReport

    verified = _place(Business.objects.filter(status=BusinessStatus.VERIFIED), "", filters)
    keys = _semesters(filters.start, filters.end)
    reported = dict(
        SemesterReport.objects.filter(period__in=keys, is_current=True, business__in=verified)
        .values("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    return _semester_chart(keys, reported, verified.count())


def semester_report_chart(filters: Filters) -> Chart:
    """The share of today's verified businesses that confirmed their semester industry
    report, for each semester the period touches: one query of the summaries."""
    from kriya.registry.models import BusinessStatus

    from . import rollups

    counts = rollups.read(["business.status", "semester.reported"], filters)
    keys = _semesters(filters.start, filters.end)
    reported = {k: n for k, (n, _t) in counts["semester.reported"].items()}
    total = counts["business.status"].get(BusinessStatus.VERIFIED, (0, 0))[0]
    return _semester_chart(keys, reported, total)


def _semester_chart(keys, reported, total) -> Chart:
    done = tuple(reported.get(k, 0) for k in keys)
    return Chart(
        key="laporan-semester",
        title=_("Usaha yang melaporkan laporan semester industri"),
        label_header=_("Semester"),
        labels=keys,
        series=(
            Series(_("Sudah melapor"), done),
            Series(_("Belum melapor"), tuple(max(0, total - n) for n in done)),
            Series(
                _("Bagian yang melapor"),
                tuple(round(100 * n / total, 1) if total else None for n in done),
                plot=False,
                style="percent",
                decimals=1,
            ),
        ),
        unit=_("usaha"),
        kind="stacked",
        summary=_("Dari usaha yang terverifikasi saat ini."),
    )


# --- Service desk ----------------------------------------------------------------------


def desk_charts_live(filters: Filters) -> list[Chart]:
    """`desk_charts` computed from the desk's tables: the definition the summaries are
    tested against (tests/test_rollups.py)."""
    from kriya.desk.models import (
        OPEN,
        SURVEY_FIELDS,
        Complaint,
        ComplaintStatus,
        Service,
        ServiceRequest,
        Status,
        SurveyResponse,
        applicant_place_q,
    )

    services = list(Service.objects.order_by("position", "code"))
    # A regency unit's own request counts in its regency and in no district.
    place = applicant_place_q(regency=filters.regency, district=filters.district)
    base = ServiceRequest.objects.exclude(status=Status.DRAFT).filter(place)
    request_place = applicant_place_q(
        regency=filters.regency, district=filters.district, prefix="request__"
    )
    filed = base.filter(submitted_at__date__range=(filters.start, filters.end))
    by_state = {
        r["service_id"]: r
        for r in filed.values("service_id").annotate(
            open=Count("id", filter=Q(status__in=OPEN)),
            done=Count("id", filter=Q(status=Status.COMPLETED)),
            stopped=Count("id", filter=Q(status__in=(Status.REJECTED, Status.CANCELLED))),
        )
    }
    overdue = dict(
        base.filter(status__in=OPEN)
        .overdue()
        .values("service_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "n")
    )
    days: dict[int, list[int]] = {}
    for service_id, used in base.filter(
        status=Status.COMPLETED, completed_at__date__range=(filters.start, filters.end)
    ).values_list("service_id", "clock_days_used"):
        days.setdefault(service_id, []).append(used)

    sums = {code: Sum(code) for code in SURVEY_FIELDS}
    surveys = {
        r["service_id"]: (r["n"], sum(r[c] for c in SURVEY_FIELDS))
        for r in SurveyResponse.objects.filter(created_at__date__range=(filters.start, filters.end))
        .filter(request_place)
        .values("service_id")
        .annotate(n=Count("id"), **sums)
    }
    complaints = {
        r["request__service_id"]: r
        for r in Complaint.objects.filter(created_at__date__range=(filters.start, filters.end))
        .filter(request_place)
        .values("request__service_id")
        .annotate(
            n=Count("id"),
            done=Count(
                "id", filter=Q(status__in=(ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED))
            ),
        )
    }
    return _desk_list(services, by_state, overdue, days, surveys, complaints)


def desk_charts(filters: Filters) -> list[Chart]:
    """The service desk's dashboard from the summaries (kriya.insights.rollups): three
    queries whatever the number of requests."""
    from kriya.desk.models import Service

    from . import rollups

    services = list(Service.objects.order_by("position", "code"))
    counts = rollups.read(
        ["request.filed", "request.days", "survey", "complaint"],
        filters,
        start=filters.start,
        end=filters.end,
    )
    by_state: dict[int, dict] = {}
    for key, (n, _t) in counts["request.filed"].items():
        service, state = key.split(":")
        by_state.setdefault(int(service), {})[state] = n
    days: dict[int, list[int]] = {}
    for key, (n, _t) in sorted(counts["request.days"].items()):
        service, used = key.split(":")
        days.setdefault(int(service), []).extend([int(used)] * n)
    overdue = {
        int(k): n
        for k, (n, _t) in rollups.read(["request.overdue"], filters)["request.overdue"].items()
    }
    surveys = {int(k): v for k, v in counts["survey"].items()}
    complaints = {int(k): {"n": n, "done": done} for k, (n, done) in counts["complaint"].items()}
    return _desk_list(services, by_state, overdue, days, surveys, complaints)


def _desk_list(services, by_state, overdue, days, surveys, complaints) -> list[Chart]:
    """The four charts from {service: {open, done, stopped}}, {service: overdue now},
    {service: [working days used]}, {service: (answers, sum of scores)} and
    {service: {n, done}}."""
    from kriya.desk.models import SURVEY_FIELDS

    names = tuple(s.name for s in services)

    def col(key):
        return tuple(by_state.get(s.pk, {}).get(key, 0) for s in services)

    requests_chart = Chart(
        key="permohonan-per-layanan",
        title=_("Permohonan per layanan dan keadaan"),
        label_header=_("Layanan"),
        labels=names,
        series=(
            Series(_("Berjalan"), col("open")),
            Series(_("Selesai"), col("done")),
            Series(_("Ditolak/dibatalkan"), col("stopped")),
            Series(_("Lewat standar (saat ini)"), tuple(overdue.get(s.pk, 0) for s in services)),
        ),
        unit=_("permohonan"),
        kind="stacked",
        summary=_("Permohonan yang diajukan pada periode ini, per layanan."),
    )
    lead_chart = Chart(
        key="waktu-layanan",
        title=_("Waktu penyelesaian terhadap standar pelayanan"),
        label_header=_("Layanan"),
        labels=names,
        series=(
            Series(
                _("Median"),
                tuple(statistics.median(days[s.pk]) if days.get(s.pk) else None for s in services),
                decimals=1,
            ),
            Series(
                _("Persentil ke-90"), tuple(_percentile(days.get(s.pk, []), 0.9) for s in services)
            ),
            Series(_("Standar"), tuple(s.standard_days for s in services), plot=False),
            Series(_("Selesai"), tuple(len(days.get(s.pk, [])) for s in services), plot=False),
        ),
        unit=_("hari kerja"),
        kind="hbar",
    )

    def ikm(service):
        n, total = surveys.get(service.pk, (0, 0))
        if not n:
            return None
        return round(total / (len(SURVEY_FIELDS) * n) * 25, 2)

    ikm_chart = Chart(
        key="ikm-layanan",
        title=_("Indeks kepuasan masyarakat per layanan"),
        label_header=_("Layanan"),
        labels=names,
        series=(
            Series("IKM", tuple(ikm(s) for s in services)),
            Series(
                _("Responden"),
                tuple(surveys.get(s.pk, (0, 0))[0] for s in services),
                plot=False,
                decimals=0,
            ),
        ),
        unit=_("IKM (25–100)"),
        kind="hbar",
        decimals=2,
    )
    complaint_chart = Chart(
        key="pengaduan",
        title=_("Pengaduan per layanan"),
        label_header=_("Layanan"),
        labels=names,
        series=(
            Series(_("Diterima"), tuple(complaints.get(s.pk, {}).get("n", 0) for s in services)),
            Series(
                _("Selesai ditangani"),
                tuple(complaints.get(s.pk, {}).get("done", 0) for s in services),
            ),
        ),
        unit=_("pengaduan"),
        kind="hbar",
    )
    return [requests_chart, lead_chart, ikm_chart, complaint_chart]


# --- Laboratory ------------------------------------------------------------------------


def lab_charts(filters: Filters) -> list[Chart]:
    from kriya.lab.models import Sample, TestReport

    samples = _place(
        Sample.objects.filter(received_at__date__range=(filters.start, filters.end)),
        "request__business__",
        filters,
    )
    labels, counts = _month_counts(samples, "received_at", filters)
    reports = _place(
        TestReport.objects.filter(
            supersedes__isnull=True, issued_at__date__range=(filters.start, filters.end)
        ),
        "request__business__",
        filters,
    )
    turnaround = []
    verdicts: dict[str, int] = {}
    for issued, received, verdict in (
        reports.annotate(received=Min("request__lab_samples__received_at"))
        .values_list("issued_at", "received", "overall_verdict")
        .order_by("pk")
    ):
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        if received is not None:
            turnaround.append(max(0, (issued - received).days))
    from kriya.lab.verdicts import Verdict

    total = sum(verdicts.values())
    return [
        Chart(
            key="contoh-per-bulan",
            title=_("Contoh uji diterima per bulan"),
            label_header=_("Bulan"),
            labels=labels,
            series=(Series(_("Contoh"), tuple(counts)),),
            unit=_("contoh"),
            kind="bar",
        ),
        Chart(
            key="waktu-uji",
            title=_("Waktu dari contoh diterima sampai laporan terbit"),
            label_header=_("Ukuran"),
            labels=(_("Median"), _("Persentil ke-90"), _("Laporan")),
            series=(
                Series(
                    _("Hari kalender"),
                    (
                        statistics.median(turnaround) if turnaround else None,
                        _percentile(turnaround, 0.9),
                        len(turnaround),
                    ),
                    decimals=1,
                ),
            ),
            unit=_("hari"),
            kind="hbar",
        ),
        Chart(
            key="hasil-uji",
            title=_("Laporan uji menurut kesimpulan"),
            label_header=_("Kesimpulan"),
            labels=tuple(str(label) for _v, label in Verdict.choices),
            series=(
                Series(_("Laporan"), tuple(verdicts.get(v, 0) for v, _l in Verdict.choices)),
                Series(
                    _("Bagian"),
                    tuple(
                        round(verdicts.get(v, 0) / total * 100, 1) if total else None
                        for v, _l in Verdict.choices
                    ),
                    plot=False,
                    decimals=1,
                    style="percent",
                ),
            ),
            unit=_("laporan"),
            kind="hbar",
        ),
    ]


# --- Certification ---------------------------------------------------------------------


def certification_charts(filters: Filters) -> list[Chart]:
    from kriya.certification.models import Certificate, CertificateStatus, Scheme, Surveillance

    today = timezone.localdate()
    on = min(today, filters.end)
    schemes = list(Scheme.objects.filter(issues_certificate=True).order_by("position", "code"))
    certs = _place(Certificate.objects.all(), "business__", filters)
    valid = Q(status=CertificateStatus.ACTIVE) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    rows = {
        r["scheme_id"]: r
        for r in certs.filter(issued_on__lte=on)
        .values("scheme_id")
        .annotate(
            active=Count("id", filter=valid),
            expiring=Count("id", filter=valid & Q(valid_until__lte=on + timedelta(days=90))),
            suspended=Count("id", filter=Q(status=CertificateStatus.SUSPENDED)),
            issued=Count("id", filter=Q(issued_on__range=(filters.start, filters.end))),
        )
    }
    overdue = dict(
        _place(Surveillance.objects.overdue(today), "certificate__business__", filters)
        .values("certificate__scheme_id")
        .annotate(n=Count("id"))
        .values_list("certificate__scheme_id", "n")
    )

    def col(key):
        return tuple(rows.get(s.pk, {}).get(key, 0) for s in schemes)

    names = tuple(s.name_id for s in schemes)
    return [
        Chart(
            key="sertifikat-per-skema",
            title=_("Sertifikat aktif per skema"),
            label_header=_("Skema"),
            labels=names,
            series=(
                Series(_("Aktif"), col("active")),
                Series(_("Terbit pada periode"), col("issued"), plot=False),
            ),
            unit=_("sertifikat"),
            kind="hbar",
        ),
        Chart(
            key="perlu-perhatian",
            title=_("Sertifikat yang perlu perhatian"),
            label_header=_("Skema"),
            labels=names,
            series=(
                Series(_("Berakhir dalam 90 hari"), col("expiring")),
                Series(_("Dibekukan"), col("suspended")),
                Series(_("Survailen terlambat"), tuple(overdue.get(s.pk, 0) for s in schemes)),
            ),
            unit=_("sertifikat"),
            kind="stacked",
        ),
    ]


register(
    Dashboard(
        "registri",
        gettext_lazy("Data usaha"),
        gettext_lazy(
            "Usaha per kecamatan, sektor, kelas usaha dan status verifikasi, dan pertumbuhannya per bulan."
        ),
        registry_charts,
        order=10,
    )
)
register(
    Dashboard(
        "layanan",
        gettext_lazy("Layanan balai"),
        gettext_lazy(
            "Permohonan per layanan dan keadaan, waktu penyelesaian terhadap standar, kepuasan dan pengaduan."
        ),
        desk_charts,
        order=20,
    )
)
register(
    Dashboard(
        "laboratorium",
        gettext_lazy("Laboratorium"),
        gettext_lazy(
            "Contoh uji, waktu pengujian dan bagian hasil yang tidak memenuhi spesifikasi."
        ),
        lab_charts,
        order=30,
    )
)
register(
    Dashboard(
        "sertifikasi",
        gettext_lazy("Sertifikasi"),
        gettext_lazy(
            "Sertifikat aktif per skema, yang segera berakhir, dibekukan, dan survailen yang terlambat."
        ),
        certification_charts,
        order=40,
    )
)
