"""Administrator-only, read-only pages: the schedule with each job's cron expression,
last run, outcome and next run (above the list of runs), and the process heartbeats."""

from django.contrib import admin
from django.utils import timezone

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

from .heartbeats import SEEN_WITHIN
from .models import Heartbeat, JobRun
from .scheduler import overview


class AdministratorsOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return has_role(request.user, Role.ADMINISTRATOR)

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, Role.ADMINISTRATOR)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(AdministratorsOnly):
    list_display = ["job", "period", "status", "attempts", "finished_at", "outcome"]
    list_filter = ["status", "job"]
    date_hierarchy = "period"
    fields = [
        "job",
        "period",
        "status",
        "attempts",
        "task_result_id",
        "claimed_by",
        "created_at",
        "enqueued_at",
        "retry_at",
        "finished_at",
        "outcome",
    ]
    readonly_fields = fields

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "schedule": overview(timezone.now())}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(Heartbeat)
class HeartbeatAdmin(AdministratorsOnly):
    list_display = ["kind", "ident", "seen_at", "alive"]
    list_filter = ["kind"]

    @admin.display(boolean=True, description="OK")
    def alive(self, obj):
        return obj.seen_at >= timezone.now() - SEEN_WITHIN
