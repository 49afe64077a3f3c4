from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Region
from .picker import build_picker


def _depth(request) -> int:
    try:
        return int(request.GET.get("_depth", 4))
    except ValueError:
        return 4


@login_not_required
@require_GET
def browse(request):
    """Public page: pick a region level by level and see what lies below it."""
    picker = build_picker(request.GET)
    region = Region.objects.filter(code=picker.value).first() if picker.value else None
    return render(request, "regions/browse.html", {"picker": picker, "region": region})


@login_not_required
@require_GET
def picker_partial(request):
    """htmx endpoint: the picker re-rendered after a change."""
    picker = build_picker(
        request.GET,
        prefix=request.GET.get("_prefix", ""),
        depth=_depth(request),
        lock=request.GET.get("_lock", ""),
    )
    return render(request, "regions/_picker.html", {"picker": picker})
