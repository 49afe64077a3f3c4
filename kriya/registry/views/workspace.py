"""The regency workspace: a regency officer's list of their regency's businesses,
the verification queue, actions and exports. Agency staff see every regency."""

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from kriya.accounts.access import officer_regency_codes
from kriya.core.charts import CSV_PARAM, csv_response
from kriya.regions.models import Level, Region

from .. import exports, nib_check, queries, services
from ..access import get_workspace_business_for, sees_all_regencies, workspace_businesses
from ..forms import BusinessFilterForm, ReasonForm
from ..models import Business
from .common import apply_move, moves_for, safe_next

PAGE_SIZE = 50
OVERVIEW_FILTERS = ("regency", "district", "sector", "size_class", "status")


def _scope(user):
    """(businesses of the workspace, regency codes the filter may use or None for any)."""
    qs = workspace_businesses(user)  # PermissionDenied for anyone without a workspace
    return qs, (None if sees_all_regencies(user) else sorted(officer_regency_codes(user)))


def _filtered(request):
    qs, regencies = _scope(request.user)
    form = BusinessFilterForm(request.GET or None, regencies=regencies)
    filters = form.filters() if request.GET else {}
    return qs, regencies, form, filters


def _region_options(regencies, filters):
    """Options of the filter selects, one query per select shown."""
    regency = filters.get("regency") or (regencies[0] if regencies and len(regencies) == 1 else "")
    options = {"regencies": [], "districts": [], "villages": []}
    if regencies is None:
        options["regencies"] = list(
            Region.objects.filter(
                level=Level.REGENCY,
                code__in=Business.objects.order_by().values("regency_id").distinct(),
            ).values_list("code", "name")
        )
    elif len(regencies) > 1:
        options["regencies"] = list(
            Region.objects.filter(code__in=regencies).values_list("code", "name")
        )
    if regency:
        options["districts"] = list(
            Region.objects.filter(parent_id=regency).values_list("code", "name")
        )
    if filters.get("district"):
        options["villages"] = list(
            Region.objects.filter(parent_id=filters["district"]).values_list("code", "name")
        )
    return options


def business_list(request):
    qs, regencies, form, filters = _filtered(request)
    filtered = queries.filter_businesses(qs, filters)
    page = Paginator(queries.business_list(filtered), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/workspace/list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "district_counts": queries.district_counts(filtered),
            "options": _region_options(regencies, filters),
            "query": query.urlencode(),
            "sees_all": regencies is None,
        },
    )


def overview(request):
    """Charts of the workspace's businesses (the list's filters apply), each with its
    table and CSV (`?unduh=<chart>`, through the same scope as the page)."""
    qs, regencies, form, filters = _filtered(request)
    # The search and the village of the list do not apply here (no field for them).
    filters = {k: v for k, v in filters.items() if k in OVERVIEW_FILTERS}
    charts = queries.overview_charts(queries.filter_businesses(qs, filters))
    if download := csv_response(request, charts.values()):
        return download
    query = request.GET.copy()
    query.pop(CSV_PARAM, None)
    return render(
        request,
        "registry/workspace/overview.html",
        {
            "form": form,
            "filters": filters,
            "charts": charts,
            "options": _region_options(regencies, filters),
            "query": query.urlencode(),
        },
    )


def export(request, fmt: str):
    qs, _regencies, _form, filters = _filtered(request)
    filtered = queries.filter_businesses(qs, filters)
    services.record_export(by=request.user, fmt=fmt, filters=filters, count=filtered.count())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(filtered), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="usaha-{stamp}.csv"'
    else:
        response = HttpResponse(
            exports.xlsx_bytes(filtered),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="usaha-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def queue(request):
    qs, _regencies = _scope(request.user)
    page = Paginator(queries.verification_queue(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/workspace/queue.html", {"page": page})


def business_detail(request, pk: int):
    business = get_workspace_business_for(request.user, pk)
    reason_form = ReasonForm()
    if request.method == "POST":
        form = apply_move(request, business)
        if form is None:
            return redirect(safe_next(request, reverse("registry:ws_business", args=[pk])))
        reason_form = form
    moves, needs_reason = moves_for(business, request.user)
    return render(
        request,
        "registry/workspace/detail.html",
        {
            "business": business,
            "moves": moves,
            "needs_reason": needs_reason,
            "reason_form": reason_form,
            "products": queries.products_of(business),
            "photos": list(business.photos.all()),
            "consents": list(business.consents.select_related("facilitator")),
            "history": queries.history_of(business, limit=20),
            "oss": nib_check.check_nib(business.nib, nib_check.values_of(business)),
            "next": safe_next(request, ""),
        },
    )
