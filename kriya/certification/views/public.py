"""Public pages: the directory of certified businesses and products (ISO/IEC 17065
clause 7.8), the schemes, and a Batikmark label's page by its serial."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.pagecache import cached_page

from ..forms import DirectoryForm
from ..models import Label, Scheme
from ..queries import directory as directory_query
from ..queries import directory_districts, verify_path

PAGE_SIZE = 25


@login_not_required
@require_GET
@cached_page("certificate", "business")
def directory(request):
    form = DirectoryForm(request.GET or None, districts=directory_districts())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    certificates = directory_query(
        q=filters.get("q", ""),
        scheme=filters.get("scheme", ""),
        district=filters.get("district", ""),
        state=filters.get("state") or "active",
    )
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "certification/directory.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_not_required
@require_GET
def scheme_list(request):
    schemes = Scheme.objects.active().prefetch_related("requirements")
    return render(
        request,
        "certification/schemes.html",
        {"schemes": schemes, "administrator": has_role(request.user, Role.ADMINISTRATOR)},
    )


@login_not_required
@require_GET
def label_public(request, serial: str):
    """What a Batikmark label's serial stands for: the certificate, the technique with
    its label colour, the holder, and that the serial was issued to them — or "tidak
    terdaftar" (404) for a serial never issued."""
    label = (
        Label.objects.select_related("certificate__scheme", "certificate__business")
        .filter(serial=serial.strip().upper())
        .first()
    )
    if label is None:
        return render(request, "certification/label_public.html", {"serial": serial}, status=404)
    certificate = label.certificate
    return render(
        request,
        "certification/label_public.html",
        {
            "serial": label.serial,
            "label": label,
            "c": certificate,
            "verify_url": verify_path(label.serial, "batikmark_label"),
            "certificate_url": verify_path(certificate.number),
        },
    )
