"""One chart, one table, one CSV: the figures of an overview page, built once.

A view builds a `Chart` (title, labels, series, unit) from its app's queries; the
component `components/_chart.html` draws the same object three ways: the data for the
vendored Chart.js (via `json_script`, drawn by `kriya/static/kriya/charts.js`), the data
table under it (always in the page: without JavaScript it is what the reader sees), and
a CSV of exactly that table (`csv_response`, answered by the page's own view, so the
download passes the page's access checks and filters). Nothing else builds those three,
so they cannot disagree. See docs/decisions.md ("Charts").

Numbers are written the Indonesian way in both languages: 1.234, 12,5, Rp 245.000.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("bar", "hbar", "stacked", "line")
FORMATS = ("number", "rupiah", "percent")
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def format_number(value, *, decimals: int = 0, style: str = "number") -> str:
    """1234 → "1.234"; 12.5 (1 decimal) → "12,5"; rupiah → "Rp 245.000" (no-break
    space); percent →
    "12,5%"; None → "—"; text is left as it is."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    text = f"{float(value):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if style == "rupiah":
        return f"Rp\u00a0{text}"  # a no-break space: the amount never wraps from "Rp"
    if style == "percent":
        return f"{text}%"
    return text


def _plain(value):
    """A value for JSON and CSV: Decimal → float, text and None as they are."""
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True)
class Series:
    """One column of the table; drawn unless `plot` is False (a column that only the
    table and the CSV carry, such as the number of respondents or a grade)."""

    name: str
    values: tuple
    plot: bool = True
    decimals: int | None = None  # None: the chart's
    style: str | None = None  # None: the chart's


@dataclass(frozen=True)
class Chart:
    key: str  # a slug, unique on its page: the element ids and the CSV's name
    title: str
    label_header: str  # the heading of the first column ("Layanan", "Kecamatan")
    labels: tuple
    series: tuple
    unit: str = ""  # the value axis' title ("permohonan", "hari kerja")
    kind: str = "bar"  # bar (columns), hbar (bars), stacked (stacked bars), line
    style: str = "number"  # number, rupiah, percent
    decimals: int = 0
    summary: str = ""  # a sentence for readers who do not see the chart
    footer: tuple | None = None  # (label, values): a total row, in the table and CSV
    csv_name: str = field(default="", compare=False)  # the CSV's file name without date

    def __post_init__(self):
        if not _KEY.match(self.key):
            raise ValueError(f"chart key {self.key!r} is not a slug")
        if self.kind not in KINDS or self.style not in FORMATS:
            raise ValueError(f"chart {self.key}: unknown kind or style")
        object.__setattr__(self, "labels", tuple(str(label) for label in self.labels))
        object.__setattr__(self, "series", tuple(self.series))
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(
                    f"chart {self.key}: series {series.name!r} has {len(series.values)} "
                    f"values for {len(self.labels)} labels"
                )
        if self.footer is not None and len(self.footer[1]) != len(self.series):
            raise ValueError(f"chart {self.key}: the footer needs one value a series")

    # --- the table ------------------------------------------------------------

    def _format(self, series: Series, value) -> str:
        return format_number(
            value,
            decimals=self.decimals if series.decimals is None else series.decimals,
            style=self.style if series.style is None else series.style,
        )

    @property
    def header(self) -> list[str]:
        return [str(self.label_header), *(str(s.name) for s in self.series)]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """[(label, [formatted value per series])], in the order of the labels."""
        return [
            (label, [self._format(s, s.values[i]) for s in self.series])
            for i, label in enumerate(self.labels)
        ]

    @property
    def footer_row(self) -> tuple[str, list[str]] | None:
        if self.footer is None:
            return None
        label, values = self.footer
        return str(label), [self._format(s, v) for s, v in zip(self.series, values, strict=True)]

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series if s.plot for v in s.values if v is not None)

    @property
    def summary_text(self) -> str:
        """The given summary, or the largest value of the first drawn series."""
        if self.summary:
            return str(self.summary)
        if self.is_empty:
            return _("Belum ada data.")
        first = next(s for s in self.series if s.plot)
        pairs = [(v, label) for v, label in zip(first.values, self.labels, strict=True) if v]
        if not pairs:
            return _("Belum ada data.")
        top, label = max(pairs, key=lambda pair: pair[0])
        return _("Tertinggi: %(label)s (%(value)s).") % {
            "label": label,
            "value": self._format(first, top),
        }

    # --- the drawing ------------------------------------------------------------

    @property
    def data(self) -> dict:
        """What charts.js draws (passed with json_script)."""
        return {
            "kind": self.kind,
            "unit": str(self.unit),
            "style": self.style,
            "decimals": self.decimals,
            "labels": list(self.labels),
            "datasets": [
                {"label": str(s.name), "data": [_plain(v) for v in s.values]}
                for s in self.series
                if s.plot
            ],
        }

    # --- the download -----------------------------------------------------------

    def csv_rows(self) -> list[list]:
        """The table as CSV rows: the header, one row a label, the footer; numbers
        unformatted (a spreadsheet formats them), text that looks like a formula quoted."""
        rows = [self.header]
        for i, label in enumerate(self.labels):
            rows.append([_safe(label), *(_plain(s.values[i]) for s in self.series)])
        if self.footer is not None:
            label, values = self.footer
            rows.append([_safe(str(label)), *(_plain(v) for v in values)])
        return [["" if v is None else v for v in row] for row in rows]

    def csv_text(self) -> str:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(self.csv_rows())
        return "\ufeff" + buffer.getvalue()


def _safe(value: str) -> str:
    return "'" + value if _FORMULA.match(value) else value


CSV_PARAM = "unduh"


def csv_response(request, charts) -> HttpResponse | None:
    """The CSV of the chart named by `?unduh=<key>`, or None when the page itself was
    asked for. Call it in the view after its access checks, with the charts it built."""
    key = request.GET.get(CSV_PARAM)
    if key is None:
        return None
    chart = next((c for c in charts if c.key == key), None)
    if chart is None:
        raise Http404(_("Grafik tidak ditemukan."))
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = HttpResponse(chart.csv_text(), content_type="text/csv; charset=utf-8")
    name = chart.csv_name or chart.key
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
