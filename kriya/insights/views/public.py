"""Public pages: open data (datasets, the DCAT catalogue, the CKAN action API subset)
and the public-service performance. All go through the anonymous page cache
(docs/performance.md)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_GET

from kriya.core.pagecache import cached_page
from kriya.core.pdf import html_to_pdf

from .. import opendata, performance, snapshots

# The open-data pages show the stored snapshots only (`snapshots.py`): a refresh that
# changes one bumps "opendata".
DATA_KINDS = ("opendata",)


def _base(request) -> str:
    return settings.KRIYA_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def data_index(request):
    found = snapshots.ensure()
    return render(
        request,
        "insights/data_index.html",
        {
            "datasets": [(d, found[d.slug]) for d in opendata.all_datasets()],
            "formats": list(opendata.FORMATS),
        },
    )


def _dataset(slug: str) -> opendata.Dataset:
    dataset = opendata.get(slug)
    if dataset is None:
        raise Http404
    return dataset


def _snapshot(dataset: opendata.Dataset):
    return snapshots.get(dataset)


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def dataset_page(request, slug: str):
    dataset = _dataset(slug)
    snapshot = _snapshot(dataset)
    return render(
        request,
        "insights/dataset.html",
        {
            "dataset": dataset,
            "snapshot": snapshot,
            "files": [(fmt, snapshot.file(fmt)) for fmt in opendata.FORMATS],
            "suppress_below": opendata.SUPPRESS_BELOW,
            "licence_url": opendata.LICENCE_URL,
            "licence": opendata.LICENCE_TITLE,
            "region_codes": opendata.REGION_CODES,
        },
    )


@login_not_required
@require_GET
def dataset_file(request, slug: str, fmt: str):
    """The stored file, streamed (FileResponse), with its checksum as the ETag and the
    refresh time as Last-Modified: a client or CDN revalidates and gets a 304 until the
    next refresh changes the data. Not in the page cache (a stream is not kept there)."""
    dataset = _dataset(slug)
    if fmt not in opendata.FORMATS:
        raise Http404
    snapshot = _snapshot(dataset)
    try:
        opened = snapshots.open_file(snapshot, fmt)
    except OSError:  # the storage lost the file (a restored database): write it again
        snapshot = snapshots.refresh(dataset)[0]
        opened = snapshots.open_file(snapshot, fmt)
    stored = snapshot.file(fmt)
    etag = quote_etag(stored["sha256"][:32])
    modified = int(snapshot.modified_at.timestamp())
    unchanged = get_conditional_response(request, etag=etag, last_modified=modified)
    if unchanged is None:
        stamp = timezone.localtime(snapshot.modified_at).strftime("%Y%m%d")
        response = FileResponse(
            opened,
            as_attachment=True,
            filename=f"{dataset.slug}-{stamp}.{fmt}",
            content_type="text/csv; charset=utf-8" if fmt == "csv" else opendata.FORMATS[fmt],
        )
        response["Content-Length"] = str(stored["size"])
    else:
        opened.close()
        response = unchanged
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = (
        f"public, max-age=0, must-revalidate, s-maxage={settings.KRIYA_PAGE_MAX_AGE}"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_not_required
@require_GET
@cached_page(*DATA_KINDS)
def catalogue(request):
    body = json.dumps(
        opendata.catalogue(_base(request), snapshots.ensure()), ensure_ascii=False, indent=1
    )
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
    return _ckan(opendata.ckan_package(dataset, _snapshot(dataset), _base(request)))


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
    stored = snapshots.ensure()
    return _ckan(
        {
            "count": len(found),
            "results": [
                opendata.ckan_package(d, stored[d.slug], base) for d in found[start : start + rows]
            ],
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
