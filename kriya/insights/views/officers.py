"""Pages of the insights app for signed-in officers: the dashboards and the cooperation
programme. Every view asks `scope_for(request.user)` (or the access module) before it
reads a figure; CSVs are answered by the same view (`?unduh=<chart>`), so they pass the
same checks and filters."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kriya.core.charts import CSV_PARAM, csv_response
from kriya.core.pdf import html_to_pdf
from kriya.desk.survey import period_choices

from .. import dashboards, indicators, queries, services
from ..access import agreements_for, can_edit_targets, get_agreement_for
from ..forms import TargetForm
from ..scope import district_choices, parse_filters, scope_for


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def index(request):
    scope = scope_for(request.user)
    return render(
        request,
        "insights/index.html",
        {
            "dashboards": dashboards.all_dashboards(),
            "agreements": list(agreements_for(request.user)),
            "scope": scope,
        },
    )


@require_GET
def dashboard(request, key: str):
    scope = scope_for(request.user)
    board = dashboards.get(key)
    if board is None:
        raise Http404
    filters = parse_filters(scope, request.GET)
    charts = board.build(filters)
    if download := csv_response(request, charts):
        return download
    query = request.GET.copy()
    query.pop(CSV_PARAM, None)
    return render(
        request,
        "insights/dashboard.html",
        {
            "board": board,
            "boards": dashboards.all_dashboards(),
            "charts": charts,
            "filters": filters,
            "scope": scope,
            "regencies": scope.regency_choices() if scope.is_agency else [],
            "districts": district_choices(filters.regency),
            "periods": period_choices(),
            "query": query.urlencode(),
        },
    )


# --- The cooperation programme ------------------------------------------------------------


def _year(request, agreement) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return queries.current_year(agreement)
    if year not in agreement.years:
        raise Http404
    return year


@require_GET
def programme(request, pk: int):
    agreement = get_agreement_for(request.user, pk)
    year = _year(request, agreement)
    rows = queries.programme(agreement, year)
    today = timezone.localdate()
    quarters = [q for q in queries.QUARTERS if queries.quarter_period(year, q).start <= today]
    return render(
        request,
        "insights/programme.html",
        {
            "agreement": agreement,
            "year": year,
            "rows": rows,
            "quarters": queries.QUARTERS,
            "report_quarters": quarters,
            "can_edit": can_edit_targets(request.user, agreement),
        },
    )


@require_GET
def programme_records(request, pk: int, key: str):
    """The records that make one indicator's actual, for the year or one quarter."""
    agreement = get_agreement_for(request.user, pk)
    indicator = indicators.get(key)
    if indicator is None:
        raise Http404
    year = _year(request, agreement)
    quarter = request.GET.get("triwulan", "")
    if quarter in ("1", "2", "3", "4"):
        period = queries.quarter_period(year, int(quarter))
        start, end, label = period.start, period.end, period.label
    else:
        quarter = ""
        start, end, label = date(year, 1, 1), date(year, 12, 31), str(year)
    records = indicator.records(agreement.regency_id, start, end)
    page = Paginator(records, 50).get_page(request.GET.get("halaman"))
    rows = [indicator.describe(r) for r in page.object_list]
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "insights/records.html",
        {
            "agreement": agreement,
            "indicator": indicator,
            "year": year,
            "quarter": quarter,
            "period_label": label,
            "value": indicator.value(agreement.regency_id, start, end),
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
        },
    )


@require_GET
def programme_pdf(request, pk: int, year: int, quarter: int):
    """The quarterly report for the leadership, in Indonesian: the year's targets and
    the actual up to the end of the quarter."""
    agreement = get_agreement_for(request.user, pk)
    if year not in agreement.years or quarter not in queries.QUARTERS:
        raise Http404
    from django.utils import translation

    with translation.override("id"):
        rows = queries.programme(agreement, year, upto_quarter=quarter)
        period = queries.quarter_period(year, quarter)
        html = render_to_string(
            "insights/programme_pdf.html",
            {
                "agreement": agreement,
                "year": year,
                "quarter": quarter,
                "period": period,
                "rows": rows,
                "quarters": queries.QUARTERS[:quarter],
                "printed": timezone.localtime(),
                "printed_by": request.user,
            },
        )
    pdf = html_to_pdf(html, base_url=str(settings.BASE_DIR))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-kerja-sama-{year}-triwulan-{quarter}.pdf"'
    )
    return _private(response)


def target_form(request, pk: int):
    agreement = get_agreement_for(request.user, pk)
    if not can_edit_targets(request.user, agreement):
        raise Http404
    form = TargetForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_target(
                agreement=agreement,
                year=int(data["year"]),
                indicator=data["indicator"],
                value=data["value"],
                quarters=[data.get(f"q{n}") for n in queries.QUARTERS],
                by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Target disimpan."))
            return redirect(
                reverse("insights:programme", args=[agreement.pk]) + f"?tahun={data['year']}"
            )
    return render(request, "insights/target_form.html", {"agreement": agreement, "form": form})


# --- The semester industry report (SIINas layout) ---------------------------------------


@require_GET
def industry_report(request):
    """The regency's verified small industries in the SIINas semester layout (XLSX),
    prefilled from the registry; the download is audited."""
    from kriya.core import audit

    from .. import industry, performance

    scope = scope_for(request.user)
    filters = parse_filters(scope, request.GET)
    period = performance.semester(request.GET.get("periode"))
    if request.GET.get("unduh") and filters.regency:
        body = industry.xlsx(filters.regency, period)
        audit.record(
            actor=request.user,
            verb="insights.industry_report_exported",
            data={"regency": filters.regency, "period": period.key},
        )
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"laporan-industri-{filters.regency}-{period.key}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return _private(response)
    return render(
        request,
        "insights/industry.html",
        {
            "filters": filters,
            "period": period,
            "periods": performance.semester_choices(),
            "regencies": scope.regency_choices() if scope.is_agency else [],
            "columns": industry.columns(),
            "share": industry.reporting_share([filters.regency], period)
            if filters.regency
            else None,
        },
    )


# --- Exports (produced by the worker) ----------------------------------------------------


def exports_page(request):
    from django.http import HttpResponseRedirect

    from .. import exports
    from ..models import ExportJob

    scope = scope_for(request.user)
    if request.method == "POST":
        kind = request.POST.get("jenis", "")
        regency = (request.POST.get("kabupaten") or "").strip() or None
        file_format = request.POST.get("format") or "csv"
        if kind not in dict(ExportJob.KINDS):
            messages.error(request, _("Pilih jenis data."))
        elif file_format not in dict(ExportJob.FORMATS):
            messages.error(request, _("Pilih format berkas."))
        elif regency is not None and not scope.allows(regency):
            raise Http404
        else:
            exports.request_export(
                by=request.user, kind=kind, regency=regency, file_format=file_format
            )
            messages.success(request, _("Ekspor sedang disiapkan."))
        return HttpResponseRedirect(reverse("insights:exports"))
    jobs = list(ExportJob.objects.filter(requested_by=request.user).select_related("regency")[:20])
    running = any(j.finished_at is None for j in jobs)
    template = (
        "insights/_exports.html" if request.headers.get("HX-Request") else "insights/exports.html"
    )
    return _private(
        render(
            request,
            template,
            {
                "jobs": jobs,
                "running": running,
                "kinds": ExportJob.KINDS,
                "formats": ExportJob.FORMATS,
                "regencies": scope.regency_choices() if scope.is_agency else [],
            },
        )
    )


@require_GET
def export_download(request, pk: int):
    from django.http import FileResponse

    from .. import exports

    scope_for(request.user)
    job = exports.get_export_for(request.user, pk)
    if not job.file:
        raise Http404
    exports.record_download(job=job, by=request.user)
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1].split("-", 1)[-1],
        content_type=exports.CONTENT_TYPES[job.file_format],
    )
    return _private(response)


# --- The business's semester confirmation ------------------------------------------------


def semester_report(request, pk: int):
    """A business (its owner or facilitator) confirms its semester report, prefilled from
    Kriya; a second confirmation of the same semester is a correction with a reason."""
    from .. import industry, performance
    from ..forms import SemesterReportForm

    business = industry.get_reporting_business_for(request.user, pk)
    period = performance.semester(request.GET.get("periode"))
    current = industry.current_report(business, period)
    if request.method == "POST":
        form = SemesterReportForm(request.POST, correcting=current is not None)
        if form.is_valid():
            try:
                industry.confirm_report(
                    business=business, period=period, data=form.cleaned_data, by=request.user
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("Laporan semester dikonfirmasi. Terima kasih."))
                url = reverse("insights:semester_report", args=[business.pk])
                return redirect(f"{url}?periode={period.key}")
    else:
        form = SemesterReportForm(
            initial=industry.prefill(business, period), correcting=current is not None
        )
    return _private(
        render(
            request,
            "insights/semester_report.html",
            {
                "business": business,
                "period": period,
                "periods": performance.semester_choices(),
                "form": form,
                "current": current,
                "history": industry.history(business, period),
            },
        )
    )
