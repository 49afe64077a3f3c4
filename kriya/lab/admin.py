"""The administrator's editor for the lab's reference data and instruments.

Values that the public sources did not confirm (`verified=False`) are shown as
"perlu dikonfirmasi" in every list and with a warning on their edit page.
"""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kriya.core import audit

from .models import (
    Analysis,
    Calibration,
    Instrument,
    Parameter,
    ReportSignatory,
    Result,
    Sample,
    Specification,
    Standard,
    StandardVersion,
    TestMethod,
    TestReport,
)


class ConfirmationFilter(admin.SimpleListFilter):
    title = _("status data")
    parameter_name = "konfirmasi"

    def lookups(self, request, model_admin):
        return [("perlu", _("Perlu dikonfirmasi")), ("ok", _("Terkonfirmasi"))]

    def queryset(self, request, queryset):
        if self.value() == "perlu":
            return queryset.filter(verified=False)
        if self.value() == "ok":
            return queryset.filter(verified=True)
        return queryset


@admin.display(description=_("status data"), ordering="verified")
def confirmation(obj):
    if obj.verified:
        return format_html('<span class="badge ok">{}</span>', _("terkonfirmasi"))
    return format_html('<strong class="badge warn">⚠ {}</strong>', _("perlu dikonfirmasi"))


class AuditedAdmin(admin.ModelAdmin):
    """Every change made in the admin leaves an audit event, as services do."""

    def _verb(self, obj, change):
        return f"lab.{obj._meta.model_name}.{'changed' if change else 'created'}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            verb=self._verb(obj, change),
            obj=obj,
            data={"fields": list(form.changed_data)},
        )

    def delete_model(self, request, obj):
        audit.record(actor=request.user, verb=f"lab.{obj._meta.model_name}.deleted", obj=obj)
        super().delete_model(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and getattr(obj, "verified", True) is False:
            messages.warning(
                request,
                _(
                    "Data ini belum dikonfirmasi dari sumber resmi. Periksa, lalu centang "
                    "“terkonfirmasi” bila sudah benar; sampai itu, tampil sebagai “perlu dikonfirmasi”."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)


class StandardVersionInline(admin.TabularInline):
    model = StandardVersion
    extra = 0
    fields = ["version", "title", "is_current", "verified"]


@admin.register(Standard)
class StandardAdmin(AuditedAdmin):
    list_display = ["code", "title", confirmation]
    list_filter = [ConfirmationFilter]
    search_fields = ["code", "title"]
    inlines = [StandardVersionInline]


class SpecificationInline(admin.TabularInline):
    model = Specification
    extra = 0
    fields = [
        "parameter",
        "kind",
        "min_value",
        "min_inclusive",
        "max_value",
        "max_inclusive",
        "source",
        "verified",
    ]
    autocomplete_fields = ["parameter"]


@admin.register(StandardVersion)
class StandardVersionAdmin(AuditedAdmin):
    list_display = ["__str__", "title", "is_current", confirmation]
    list_filter = ["is_current", ConfirmationFilter]
    search_fields = ["standard__code", "version", "title"]
    list_select_related = ["standard"]
    inlines = [SpecificationInline]


class ParameterInline(admin.TabularInline):
    model = Parameter
    extra = 0
    fields = ["code", "name", "scale", "unit", "position", "is_active", "verified"]


@admin.register(TestMethod)
class TestMethodAdmin(AuditedAdmin):
    list_display = [
        "name",
        "code",
        "standard_version",
        "required_verifications",
        "turnaround_days",
        "is_active",
        confirmation,
    ]
    list_filter = ["is_active", ConfirmationFilter]
    search_fields = ["code", "name", "reference"]
    autocomplete_fields = ["standard_version"]
    inlines = [ParameterInline]


@admin.register(ReportSignatory)
class ReportSignatoryAdmin(AuditedAdmin):
    """The list of people who may authorise test reports, per scope (ISO/IEC 17025
    §6.2.6 c). An entry is ended by its "berlaku sampai" date, never deleted once it
    signed a report (the reports keep pointing at it)."""

    list_display = [
        "full_name",
        "position_id",
        "user",
        "all_methods",
        "active_from",
        "active_until",
    ]
    list_filter = ["all_methods"]
    search_fields = ["full_name", "position_id", "position_en", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["methods"]
    fields = [
        "user",
        "full_name",
        "position_id",
        "position_en",
        "all_methods",
        "methods",
        "active_from",
        "active_until",
    ]


@admin.register(Parameter)
class ParameterAdmin(AuditedAdmin):
    list_display = ["name", "code", "method", "scale", "unit", "is_active", confirmation]
    list_filter = ["scale", "is_active", ConfirmationFilter]
    search_fields = ["code", "name"]
    list_select_related = ["method"]


@admin.register(Specification)
class SpecificationAdmin(AuditedAdmin):
    list_display = ["standard_version", "parameter", "limit", confirmation]
    list_filter = ["kind", ConfirmationFilter, "standard_version"]
    search_fields = ["parameter__name", "parameter__code", "standard_version__standard__code"]
    list_select_related = ["standard_version__standard", "parameter"]
    autocomplete_fields = ["standard_version", "parameter"]
    fields = [
        "standard_version",
        "parameter",
        "kind",
        ("min_value", "min_inclusive"),
        ("max_value", "max_inclusive"),
        "source",
        "verified",
        "note",
    ]

    @admin.display(description=_("batas"))
    def limit(self, obj):
        return obj.describe()


class CalibrationInline(admin.TabularInline):
    """Calibration records are added, never edited: a correction is a new record."""

    model = Calibration
    extra = 1
    fields = [
        "calibrated_on",
        "valid_until",
        "certificate_number",
        "calibrated_by",
        "document",
        "recorded_by",
    ]
    readonly_fields = ["recorded_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(AuditedAdmin):
    list_display = ["code", "name", "location", "valid_until", "is_active"]
    list_filter = ["is_active", "needs_calibration"]
    search_fields = ["code", "name", "serial_number"]
    inlines = [CalibrationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_calibration()

    @admin.display(description=_("kalibrasi berlaku sampai"), ordering="calibrated_until")
    def valid_until(self, obj):
        return obj.calibrated_until or "—"

    def save_formset(self, request, form, formset, change):
        calibrations = formset.save(commit=False)
        for calibration in calibrations:
            calibration.recorded_by = request.user
            calibration.save()
            audit.record(
                actor=request.user,
                verb="lab.calibration_recorded",
                obj=form.instance,
                data={
                    "certificate": calibration.certificate_number,
                    "calibrated_on": calibration.calibrated_on.isoformat(),
                    "valid_until": calibration.valid_until.isoformat(),
                },
            )
        formset.save_m2m()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lab work is changed only through the lab's pages and services (four eyes, history);
    the admin shows it read-only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sample)
class SampleAdmin(ReadOnlyAdmin):
    list_display = ["code", "request", "description", "received_at", "retain_until", "disposed_at"]
    search_fields = ["code", "description"]
    list_select_related = ["request", "request__service"]
    date_hierarchy = "received_at"


class ResultInline(admin.TabularInline):
    model = Result
    fk_name = "analysis"
    extra = 0
    fields = [
        "value_number",
        "value_pass",
        "limit_text",
        "verdict",
        "instrument",
        "entered_by",
        "entered_at",
        "verified_at",
        "replaced_kind",
        "replaced_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Analysis)
class AnalysisAdmin(ReadOnlyAdmin):
    list_display = ["sample", "parameter", "status", "analyst", "due_date"]
    list_filter = ["status"]
    search_fields = ["sample__code", "parameter__name"]
    list_select_related = ["sample", "parameter", "analyst"]
    inlines = [ResultInline]


@admin.register(TestReport)
class TestReportAdmin(ReadOnlyAdmin):
    list_display = ["number", "request", "status", "overall_verdict", "issued_at", "supersedes"]
    list_filter = ["status", "overall_verdict"]
    search_fields = ["number"]
    list_select_related = ["request", "request__service", "supersedes"]
    exclude = ["content"]
