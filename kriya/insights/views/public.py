"""Public pages: open data (datasets, the DCAT catalogue, the CKAN action API subset)
and the public-service performance. All go through the anonymous page cache
(docs/performance.md)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from kriya.core.pagecache import cached_page
from kriya.core.pdf import html_to_pdf

from .. import opendata, performance

DATA_KINDS = ("business", "certificate", "service")


def _base(request) -> str:
    return settings.KRIYA_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def data_index(request):
    return render(
        request,
        "insights/data_index.html",
        {"datasets": opendata.all_datasets(), "formats": list(opendata.FORMATS)},
    )


def _dataset(slug: str) -> opendata.Dataset:
    dataset = opendata.get(slug)
    if dataset is None:
        raise Http404
    return dataset


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def dataset_page(request, slug: str):
    dataset = _dataset(slug)
    return render(
        request,
        "insights/dataset.html",
        {
            "dataset": dataset,
            "formats": list(opendata.FORMATS),
            "modified": dataset.modified(),
            "suppress_below": opendata.SUPPRESS_BELOW,
            "licence_url": opendata.LICENCE_URL,
            "licence": opendata.LICENCE_TITLE,
            "region_codes": opendata.REGION_CODES,
        },
    )


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def dataset_file(request, slug: str, fmt: str):
    dataset = _dataset(slug)
    if fmt not in opendata.FORMATS:
        raise Http404
    base = _base(request)
    if fmt == "csv":
        body = opendata.as_csv(dataset).encode()
        content_type = "text/csv; charset=utf-8"
    elif fmt == "json":
        body = opendata.as_json(dataset, base).encode()
        content_type = "application/json"
    else:
        body = opendata.as_xlsx(dataset, base)
        content_type = opendata.FORMATS["xlsx"]
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-{stamp}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def catalogue(request):
    body = json.dumps(opendata.catalogue(_base(request)), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- CKAN action API (read-only subset) --------------------------------------------------


def _ckan(result, *, status=200, error=None):
    body = {"help": "https://docs.ckan.org/en/latest/api/", "success": error is None}
    if error is None:
        body["result"] = result
    else:
        body["error"] = error
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def ckan_package_list(request):
    return _ckan([d.slug for d in opendata.all_datasets()])


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def ckan_package_show(request):
    dataset = opendata.get(request.GET.get("id", ""))
    if dataset is None:
        return _ckan(None, status=404, error={"__type": "Not Found Error", "message": "Not found"})
    return _ckan(opendata.ckan_package(dataset, _base(request)))


def _int(value, default, *, low=0, high=1000):
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def ckan_package_search(request):
    q = (request.GET.get("q") or "").strip().lower()
    if q in ("*:*", "*"):
        q = ""
    rows = _int(request.GET.get("rows"), 10)
    start = _int(request.GET.get("start"), 0, high=10**6)
    found = [
        d
        for d in opendata.all_datasets()
        if not q or any(q in text.lower() for text in (d.slug, d.title, d.description, *d.keywords))
    ]
    base = _base(request)
    return _ckan(
        {
            "count": len(found),
            "results": [opendata.ckan_package(d, base) for d in found[start : start + rows]],
            "sort": "name asc",
            "facets": {},
            "search_facets": {},
        }
    )


# --- Public-service performance -----------------------------------------------------------


@login_not_required
@require_GET
@cached_page("service")
def performance_page(request):
    period = performance.semester(request.GET.get("periode"))
    rows, total = performance.figures(period)
    return render(
        request,
        "insights/performance.html",
        {
            "period": period,
            "periods": performance.semester_choices(),
            "rows": rows,
            "total": total,
            "elements": performance.element_rows(total),
        },
    )


@login_not_required
@require_GET
def performance_pdf(request, key: str):
    period = performance.semester(key)
    if period.key != key.upper():
        raise Http404
    with translation.override("id"):
        rows, total = performance.figures(period)
        html = render_to_string(
            "insights/performance_pdf.html",
            {
                "period": period,
                "rows": rows,
                "total": total,
                "elements": performance.element_rows(total),
                "printed": timezone.localtime(),
            },
        )
    response = HttpResponse(
        html_to_pdf(html, base_url=str(settings.BASE_DIR)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="kinerja-layanan-{period.key}.pdf"'
    return response
