from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kriya.accounts.access import is_staff_user

from .styleguide import samples


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database (the benchmark baseline)."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def home(request):
    return render(request, "core/home.html")


def my_home(request):
    """ "Beranda saya": what the signed-in person should do now, a section per role
    (the panels come from each app's `home.py`, kriya.core.home)."""
    from .home import sections_for

    return render(request, "core/my_home.html", {"sections": sections_for(request.user)})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that may fail again: a plain render of a static template.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"request": request}), status=500)


@login_not_required
def contact(request):
    """Who runs Kriya and how to reach them (details from settings; none invented)."""
    return render(request, "core/contact.html")


@login_not_required
def privacy(request):
    """What Kriya keeps about people, why, for how long, and their rights."""
    return render(request, "core/privacy.html")


def style_guide(request):
    """The living style page: every component with sample content (staff only)."""
    if not is_staff_user(request.user):
        raise PermissionDenied
    return render(request, "core/style_guide.html", samples())
