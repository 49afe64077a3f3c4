"""Who may import into which regency, and who sees an import job.

- a regency officer imports into their own regency and sees its import jobs;
- an administrator (agency) imports into any regency and sees every job;
- nobody else imports or sees import jobs (owners, facilitators, other agency staff).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kriya.accounts.access import has_role, officer_regency_codes
from kriya.accounts.models import Role
from kriya.regions.models import Level, Region

from ..models import ImportJob


def import_regencies_for(user):
    """The regencies `user` may import into (a Region queryset, maybe empty)."""
    regencies = Region.objects.filter(level=Level.REGENCY)
    if not getattr(user, "is_authenticated", False):
        return regencies.none()
    if has_role(user, Role.ADMINISTRATOR):
        return regencies
    return regencies.filter(code__in=officer_regency_codes(user))


def can_import(user) -> bool:
    """May import into some regency (no query: memberships are cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, Role.ADMINISTRATOR) or bool(officer_regency_codes(user))


def can_import_for(user, regency_code: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, Role.ADMINISTRATOR) or regency_code in officer_regency_codes(user)


def check_may_import(user) -> None:
    """403 for a signed-in user who may import nowhere."""
    if not can_import(user):
        raise PermissionDenied


def import_jobs_visible_to(user):
    jobs = ImportJob.objects.select_related("regency", "created_by")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    if has_role(user, Role.ADMINISTRATOR):
        return jobs
    return jobs.filter(regency_id__in=officer_regency_codes(user))


def get_import_job_for(user, pk) -> ImportJob:
    """The job if `user` may see it (404 otherwise)."""
    job = import_jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
