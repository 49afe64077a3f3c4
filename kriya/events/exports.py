"""The "perputaran ekonomi" report as charts (kriya.core.charts), XLSX and PDF: all
built from one `queries.EventReport`, so they cannot disagree."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kriya.core.charts import Chart, Series
from kriya.core.formatting import tanggal


def charts(report) -> dict[str, Chart]:
    days = report.days
    result = {
        "days": Chart(
            key="omzet-per-hari",
            title=_("Omzet per hari"),
            label_header=_("Hari"),
            labels=tuple(tanggal(t.day.date) for t in days),
            series=(
                Series(_("Omzet"), tuple(t.turnover for t in days)),
                Series(
                    _("Transaksi"), tuple(t.transactions for t in days), plot=False, style="number"
                ),
                Series(
                    _("Belum melapor"), tuple(t.missing for t in days), plot=False, style="number"
                ),
                Series(
                    _("Pengunjung"),
                    tuple(t.visitors for t in days),
                    plot=False,
                    style="number",
                ),
            ),
            unit=_("rupiah"),
            style="rupiah",
            footer=(
                _("Jumlah"),
                (report.turnover, report.transactions, report.reports_missing, report.visitors),
            ),
        ),
        "sectors": Chart(
            key="omzet-per-kategori",
            title=_("Omzet per kategori produk"),
            label_header=_("Kategori"),
            labels=tuple(s[0] for s in report.per_sector),
            series=(Series(_("Omzet"), tuple(s[1] for s in report.per_sector)),),
            unit=_("rupiah"),
            kind="hbar",
            style="rupiah",
        ),
        "channels": Chart(
            key="omzet-per-cara-bayar",
            title=_("Omzet per cara pembayaran"),
            label_header=_("Cara bayar"),
            labels=tuple(c[0] for c in report.per_channel),
            series=(Series(_("Omzet"), tuple(c[1] for c in report.per_channel)),),
            unit=_("rupiah"),
            kind="hbar",
            style="rupiah",
        ),
        "distribution": Chart(
            key="sebaran-omzet-peserta",
            title=_("Sebaran omzet per peserta"),
            label_header=_("Omzet peserta"),
            labels=tuple(d[0] for d in report.distribution),
            series=(Series(_("Peserta"), tuple(d[1] for d in report.distribution)),),
            unit=_("peserta"),
        ),
        "homes": Chart(
            key="asal-kecamatan-peserta",
            title=_("Kecamatan asal peserta"),
            label_header=_("Kecamatan"),
            labels=tuple(h[0] for h in report.home_districts),
            series=(Series(_("Peserta"), tuple(h[1] for h in report.home_districts)),),
            unit=_("peserta"),
            kind="hbar",
        ),
    }
    survey = report.survey
    if survey is not None and survey.answers:
        note = (
            _(
                "Hanya %(n)s jawaban survei: angka ini jumlah jawaban, bukan gambaran "
                "seluruh pengunjung."
            )
            % {"n": survey.answers}
            if survey.is_small
            else _("%(n)s jawaban survei pengunjung (tidak wajib).") % {"n": survey.answers}
        )
        result["survey_origin"] = Chart(
            key="survei-asal-pengunjung",
            title=_("Asal pengunjung (survei)"),
            label_header=_("Asal"),
            labels=tuple(o[0] for o in survey.origins),
            series=(Series(_("Jawaban"), tuple(o[1] for o in survey.origins)),),
            unit=_("jawaban"),
            kind="hbar",
            summary=note,
            footer=(_("Jumlah"), (survey.answers,)),
        )
        result["survey_reason"] = Chart(
            key="survei-alasan-datang",
            title=_("Alasan utama datang (survei)"),
            label_header=_("Alasan"),
            labels=tuple(r[0] for r in survey.reasons),
            series=(Series(_("Jawaban"), tuple(r[1] for r in survey.reasons)),),
            unit=_("jawaban"),
            kind="hbar",
            summary=note,
            footer=(_("Jumlah"), (survey.answers,)),
        )
    return result


def xlsx_bytes(report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Ringkasan")[:31]
    sheet.append([_("Acara"), report.event.name])
    sheet.append([_("Peserta"), report.exhibitors])
    sheet.append([_("Omzet dilaporkan (Rp)"), report.turnover])
    sheet.append([_("Transaksi"), report.transactions])
    sheet.append([_("Laporan belum masuk"), report.reports_missing])
    sheet.append([_("Pengunjung"), report.visitors if report.visitors is not None else ""])
    if report.survey is not None:
        sheet.append([_("Jawaban survei pengunjung"), report.survey.answers])
    for chart in charts(report).values():
        ws = book.create_sheet(chart.title[:31])
        for row in chart.csv_rows():
            ws.append(row)
    ws = book.create_sheet(_("Per peserta")[:31])
    ws.append([_("Usaha"), _("Kategori"), _("Hari dilaporkan"), _("Omzet (Rp)")])
    for row in report.per_exhibitor:
        a = row["application"]
        ws.append(
            [
                a.business.name,
                a.get_sector_display(),
                row["reported_days"],
                row["turnover"] if row["turnover"] is not None else _("belum melapor"),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_bytes(report) -> bytes:
    from kriya.core.pdf import html_to_pdf

    html = render_to_string("events/pdf/report.html", {"report": report, "charts": charts(report)})
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))
