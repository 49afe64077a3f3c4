"""Reference data and programmes in the admin: competency units (with their `verified`
flag), programmes with their sessions and outcomes. Batches, enrolments and results are
kept through the pages and services (lifecycle, audit), so the admin only reads them."""

from django.contrib import admin

from .models import Batch, CompetencyUnit, Enrolment, LearningOutcome, Programme, Session


@admin.register(CompetencyUnit)
class CompetencyUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "title_id", "verified")
    list_filter = ("verified",)
    search_fields = ("code", "title_id", "title_en")


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title_id", "organiser", "technique", "fee_kind", "is_published", "is_demo")
    list_filter = ("service_kind", "technique", "fee_kind", "is_published")
    search_fields = ("title_id", "title_en")
    prepopulated_fields = {"slug": ("title_id",)}
    autocomplete_fields = ("region",)
    inlines = [SessionInline]


@admin.register(LearningOutcome)
class LearningOutcomeAdmin(admin.ModelAdmin):
    list_display = ("text_id", "session")
    filter_horizontal = ("units",)


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("programme", "number", "starts_on", "status", "capacity")
    list_filter = ("status",)
    readonly_fields = ("status", "cancel_reason")
    filter_horizontal = ("trainers",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("participant", "batch", "status", "channel")
    list_filter = ("status", "channel")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
