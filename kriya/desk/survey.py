"""The public-service satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB
14/2017) and its index (Indeks Kepuasan Masyarakat, IKM).

When a request completes, the applicant answers the nine elements of the regulation,
each scored 1–4, before downloading the result (`access.result_gate`). The agency sees
the index per service and period: IKM = mean score × 25 (25–100), with the number of
respondents and the regulation's quality grade:

    IKM 25.00–64.99 D (tidak baik) · 65.00–76.60 C (kurang baik)
        76.61–88.30 B (baik)       · 88.31–100.00 A (sangat baik)

Every element weighs the same (1/9), so the mean of all scores equals the weighted
mean of the element means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kriya.core import audit
from kriya.core.charts import Chart, Series, format_number

from .models import SURVEY_ELEMENTS, SURVEY_FIELDS, ServiceRequest, Status, SurveyResponse
from .workflow import is_applicant

# The regulation's sample questionnaire: one question per element and the wording of
# its four answers, from 1 (worst) to 4 (best).
QUESTIONS = {
    "u1": (
        gettext_lazy("Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?"),
        (
            gettext_lazy("Tidak sesuai"),
            gettext_lazy("Kurang sesuai"),
            gettext_lazy("Sesuai"),
            gettext_lazy("Sangat sesuai"),
        ),
    ),
    "u2": (
        gettext_lazy("Bagaimana kemudahan prosedur pelayanan di unit ini?"),
        (
            gettext_lazy("Tidak mudah"),
            gettext_lazy("Kurang mudah"),
            gettext_lazy("Mudah"),
            gettext_lazy("Sangat mudah"),
        ),
    ),
    "u3": (
        gettext_lazy("Bagaimana kecepatan waktu dalam memberikan pelayanan?"),
        (
            gettext_lazy("Tidak cepat"),
            gettext_lazy("Kurang cepat"),
            gettext_lazy("Cepat"),
            gettext_lazy("Sangat cepat"),
        ),
    ),
    "u4": (
        gettext_lazy("Bagaimana kewajaran biaya/tarif dalam pelayanan?"),
        (
            gettext_lazy("Sangat mahal"),
            gettext_lazy("Cukup mahal"),
            gettext_lazy("Murah"),
            gettext_lazy("Gratis"),
        ),
    ),
    "u5": (
        gettext_lazy(
            "Bagaimana kesesuaian produk pelayanan antara yang tercantum dalam standar "
            "pelayanan dengan hasil yang diberikan?"
        ),
        (
            gettext_lazy("Tidak sesuai"),
            gettext_lazy("Kurang sesuai"),
            gettext_lazy("Sesuai"),
            gettext_lazy("Sangat sesuai"),
        ),
    ),
    "u6": (
        gettext_lazy("Bagaimana kompetensi/kemampuan petugas dalam pelayanan?"),
        (
            gettext_lazy("Tidak kompeten"),
            gettext_lazy("Kurang kompeten"),
            gettext_lazy("Kompeten"),
            gettext_lazy("Sangat kompeten"),
        ),
    ),
    "u7": (
        gettext_lazy("Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?"),
        (
            gettext_lazy("Tidak sopan dan ramah"),
            gettext_lazy("Kurang sopan dan ramah"),
            gettext_lazy("Sopan dan ramah"),
            gettext_lazy("Sangat sopan dan ramah"),
        ),
    ),
    "u8": (
        gettext_lazy("Bagaimana penanganan pengaduan, saran dan masukan pengguna layanan?"),
        (
            gettext_lazy("Tidak ada"),
            gettext_lazy("Ada tetapi tidak berfungsi"),
            gettext_lazy("Berfungsi kurang maksimal"),
            gettext_lazy("Dikelola dengan baik"),
        ),
    ),
    "u9": (
        gettext_lazy("Bagaimana kualitas sarana dan prasarana?"),
        (
            gettext_lazy("Buruk"),
            gettext_lazy("Cukup"),
            gettext_lazy("Baik"),
            gettext_lazy("Sangat baik"),
        ),
    ),
}

# (lowest IKM of the grade, grade, performance of the unit)
GRADES = [
    (88.31, "A", gettext_lazy("Sangat baik")),
    (76.61, "B", gettext_lazy("Baik")),
    (65.00, "C", gettext_lazy("Kurang baik")),
    (25.00, "D", gettext_lazy("Tidak baik")),
]


def elements():
    """[(field, element name, question, [(score, answer)])] in the regulation's order."""
    return [
        (code, name, QUESTIONS[code][0], list(enumerate(QUESTIONS[code][1], start=1)))
        for code, name in SURVEY_ELEMENTS
    ]


def grade(ikm: float | None) -> tuple[str, str]:
    """The regulation's quality grade of an IKM value: ("B", "Baik")."""
    if ikm is None:
        return "", ""
    for lowest, letter, label in GRADES:
        if round(ikm, 2) >= lowest:
            return letter, str(label)
    return "D", str(GRADES[-1][2])


# --- Answering -----------------------------------------------------------------------


def can_answer_survey(user, request: ServiceRequest) -> bool:
    return request.status == Status.COMPLETED and is_applicant(user, request)


def has_answered(request: ServiceRequest) -> bool:
    return SurveyResponse.objects.filter(request=request).exists()


def answer_survey(
    *, request: ServiceRequest, scores: dict, by, suggestion: str = ""
) -> SurveyResponse:
    """The applicant's answer for a completed request: all nine elements, each 1–4.
    One per request (a second answer, also at the same moment, is refused)."""
    if not can_answer_survey(by, request):
        raise PermissionDenied(_("Survei diisi oleh pemohon setelah permohonan selesai."))
    errors = {}
    clean = {}
    for code in SURVEY_FIELDS:
        try:
            value = int(scores.get(code))
        except (TypeError, ValueError):
            value = None
        if value not in (1, 2, 3, 4):
            errors[code] = _("Pilih salah satu jawaban.")
        clean[code] = value
    if errors:
        raise ValidationError(errors)
    from .services import on_behalf

    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                request=request,
                service_id=request.service_id,
                respondent=by,
                suggestion=(suggestion or "").strip(),
                **clean,
            )
            # The scores stay out of the timeline: the agency sees them only as an index.
            audit.record(
                actor=by,
                verb="service_request.survey_answered",
                obj=request,
                data={"survey": response.pk, **on_behalf(by, request.business)},
            )
    except IntegrityError:
        raise ValidationError(_("Survei untuk permohonan ini sudah diisi.")) from None
    return response


# --- The index -----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str  # "2026", "2026-S1", "2026-Q3"
    start: date
    end: date

    @property
    def label(self) -> str:
        year, _sep, part = self.key.partition("-")
        if not part:
            return year
        if part.startswith("S"):
            return _("Semester %(n)s %(year)s") % {"n": part[1:], "year": year}
        return _("Triwulan %(n)s %(year)s") % {"n": part[1:], "year": year}


def parse_period(key: str | None, *, today: date | None = None) -> Period:
    """ "2026" (a year), "2026-S1"/"2026-S2" (a semester), "2026-Q1".."2026-Q4" (a
    quarter); anything else is the current year."""
    today = today or timezone.localdate()
    key = (key or "").strip().upper()
    year_text, _sep, part = key.partition("-")
    if not (year_text.isdigit() and len(year_text) == 4):
        return Period(str(today.year), date(today.year, 1, 1), date(today.year, 12, 31))
    year = int(year_text)
    if part in ("S1", "S2"):
        first = 1 if part == "S1" else 7
        return Period(f"{year}-{part}", date(year, first, 1), _month_end(year, first + 5))
    if part in ("Q1", "Q2", "Q3", "Q4"):
        first = 3 * int(part[1]) - 2
        return Period(f"{year}-{part}", date(year, first, 1), _month_end(year, first + 2))
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])


def period_choices(*, today: date | None = None, years: int = 3) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    choices = []
    for year in range(today.year, today.year - years, -1):
        for key in (str(year), f"{year}-S1", f"{year}-S2") + tuple(
            f"{year}-Q{q}" for q in range(1, 5)
        ):
            choices.append((key, parse_period(key).label))
    return choices


@dataclass(frozen=True)
class IndexRow:
    service_code: str
    service_name: str
    respondents: int
    element_means: dict  # {"u1": 3.2, …}
    mean: float | None
    ikm: float | None

    @property
    def grade(self) -> tuple[str, str]:
        return grade(self.ikm)


def _row(code: str, name: str, respondents: int, sums: dict) -> IndexRow:
    if not respondents:
        return IndexRow(code, name, 0, {}, None, None)
    element_means = {c: round(sums[c] / respondents, 2) for c in SURVEY_FIELDS}
    mean = sum(sums[c] for c in SURVEY_FIELDS) / (len(SURVEY_FIELDS) * respondents)
    return IndexRow(code, name, respondents, element_means, round(mean, 4), round(mean * 25, 2))


def satisfaction_index(period: Period) -> tuple[list[IndexRow], IndexRow]:
    """The IKM per service for `period` (by the day the survey was answered, WIB) and
    for all services together: one aggregate query."""
    from .models import Service

    sums = {code: Sum(code) for code in SURVEY_FIELDS}
    rows = (
        SurveyResponse.objects.filter(created_at__date__range=(period.start, period.end))
        .values("service_id")
        .annotate(n=Count("id"), **sums)
    )
    by_service = {r["service_id"]: r for r in rows}
    services = Service.objects.filter(pk__in=by_service.keys()) | Service.objects.active()
    result = []
    totals = {code: 0 for code in SURVEY_FIELDS}
    respondents = 0
    for service in services.distinct().order_by("position", "code"):
        row = by_service.get(service.pk)
        n = row["n"] if row else 0
        result.append(_row(service.code, service.name, n, row or {}))
        if row:
            respondents += n
            for code in SURVEY_FIELDS:
                totals[code] += row[code]
    return result, _row("", str(gettext_lazy("Semua layanan")), respondents, totals)


# --- Charts (kriya.core.charts) -------------------------------------------------------


def index_chart(rows: list[IndexRow], total: IndexRow, *, period_label: str) -> Chart:
    """The IKM per service with its respondents and grade; the total row below."""

    def grade_text(row: IndexRow) -> str | None:
        letter, label = row.grade
        return f"{letter} ({label})" if letter else None

    if total.ikm is None:
        summary = _("Belum ada survei yang diisi pada periode %(period)s.") % {
            "period": period_label
        }
    else:
        summary = _(
            "IKM semua layanan pada periode %(period)s: %(ikm)s, mutu %(grade)s, "
            "dari %(n)s responden."
        ) % {
            "period": period_label,
            "ikm": format_number(total.ikm, decimals=2),
            "grade": grade_text(total),
            "n": format_number(total.respondents),
        }
    return Chart(
        key="ikm-per-layanan",
        title=_("Indeks kepuasan masyarakat per layanan"),
        label_header=_("Layanan"),
        labels=tuple(r.service_name for r in rows),
        series=(
            Series("IKM", tuple(r.ikm for r in rows)),
            Series(_("Responden"), tuple(r.respondents for r in rows), plot=False, decimals=0),
            Series(_("Mutu pelayanan"), tuple(grade_text(r) for r in rows), plot=False),
        ),
        unit=_("IKM (25–100)"),
        kind="hbar",
        decimals=2,
        summary=summary,
        footer=(total.service_name, (total.ikm, total.respondents, grade_text(total))),
    )


def element_chart(total: IndexRow, *, period_label: str) -> Chart:
    """The mean score (1–4) of each of the nine elements, all services together."""
    means = tuple(total.element_means.get(code) for code in SURVEY_FIELDS)
    summary = ""
    if total.respondents:
        ranked = [(m, str(name)) for m, (_c, name) in zip(means, SURVEY_ELEMENTS, strict=True)]
        lowest = min(ranked)
        summary = _(
            "Unsur dengan nilai terendah pada periode %(period)s: %(name)s (%(value)s)."
        ) % {
            "period": period_label,
            "name": lowest[1],
            "value": format_number(lowest[0], decimals=2),
        }
    return Chart(
        key="nilai-per-unsur",
        title=_("Nilai rata-rata per unsur pelayanan"),
        label_header=_("Unsur"),
        labels=tuple(name for _c, name in SURVEY_ELEMENTS),
        series=(Series(_("Nilai rata-rata (1–4)"), means),),
        unit=_("nilai (1–4)"),
        kind="hbar",
        decimals=2,
        summary=summary,
    )
