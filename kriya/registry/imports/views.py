"""Pages of the bulk import: upload, a job's progress and outcome, its report."""

import contextlib

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kriya.core.workflow import InvalidTransition

from . import services
from .access import check_may_import, get_import_job_for, import_jobs_visible_to
from .forms import ImportForm
from .workflow import LIFECYCLE


@require_http_methods(["GET", "POST"])
def upload(request):
    check_may_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job = services.start_import(
            regency=form.cleaned_data["regency"],
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            by=request.user,
        )
        return redirect("registry:imports:job", pk=job.pk)
    jobs = import_jobs_visible_to(request.user)[:20]
    return render(request, "registry/imports/upload.html", {"form": form, "jobs": jobs})


@require_GET
def job(request, pk: int):
    job = get_import_job_for(request.user, pk)
    template = "registry/imports/_job_status.html" if request.htmx else "registry/imports/job.html"
    can_restart = LIFECYCLE.can(job, request.user, "restart")
    return render(request, template, {"job": job, "can_restart": can_restart})


@require_POST
def restart(request, pk: int):
    job = get_import_job_for(request.user, pk)
    with contextlib.suppress(InvalidTransition):  # already restarted (a second click)
        services.restart_import(job=job, by=request.user)
    return redirect("registry:imports:job", pk=job.pk)


@require_GET
def report(request, pk: int):
    job = get_import_job_for(request.user, pk)
    if not job.report:
        raise Http404
    return FileResponse(
        job.report.open("rb"),
        as_attachment=True,
        filename=f"laporan-impor-{job.pk}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
