"""Administrators edit the schemes and their requirements here. Values the sources did
not confirm are flagged "belum dikonfirmasi". Certificates, evaluations and halal
records are shown read-only: they change only through the services and lifecycles."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kriya.core import audit

from .models import (
    AuthorisedSignatory,
    Certificate,
    CertificationBody,
    Evaluation,
    EvaluatorAssignment,
    HalalCertificate,
    Requirement,
    Scheme,
)
from .models.schemes import UNCONFIRMED


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    fields = [
        "position",
        "kind",
        "code",
        "name_id",
        "name_en",
        "is_mandatory",
        "is_verified",
        "note",
    ]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = [
        "name_id",
        "kind",
        "certification_type",
        "service",
        "validity",
        "surveillance",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "validity_verified", "surveillance_verified"]
    search_fields = ["code", "name_id", "name_en", "standard"]
    inlines = [RequirementInline]
    fieldsets = [
        (None, {"fields": ["code", "kind", "certification_type", "name_id", "name_en", "position", "is_active"]}),
        (_("Uraian"), {"fields": ["description_id", "description_en", "source"]}),
        (_("Layanan dan lembaga"), {"fields": ["service", "body", "standard", "technique_standards", "issues_certificate", "number_format"]}),
        (_("Masa berlaku"), {"fields": ["validity_years", "validity_verified", "validity_note"]}),
        (_("Survailen"), {"fields": ["surveillance_months", "surveillance_audit", "surveillance_sampling", "surveillance_verified", "surveillance_note"]}),
    ]  # fmt: skip

    @admin.display(description=_("masa berlaku"))
    def validity(self, obj):
        text = f"{obj.validity_years} th" if obj.validity_years else "—"
        if not obj.validity_verified:
            return format_html('{} <strong style="color:#8a5a00">({})</strong>', text, UNCONFIRMED)
        return text

    @admin.display(description=_("survailen"))
    def surveillance(self, obj):
        text = f"{obj.surveillance_months} bln" if obj.surveillance_months else "—"
        if not obj.surveillance_verified:
            return format_html('{} <strong style="color:#8a5a00">({})</strong>', text, UNCONFIRMED)
        return text

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            verb="scheme.changed" if change else "scheme.created",
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(
                actor=request.user,
                verb="scheme.requirements_changed",
                obj=form.instance,
                data={"changed": len(formset.changed_objects), "new": len(formset.new_objects)},
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "scheme", "issued_on", "valid_until", "status"]
    list_filter = ["scheme", "status"]
    search_fields = ["number", "holder_name", "holder_nib"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["request", "scheme", "evaluator", "status", "decision"]
    list_filter = ["scheme", "status"]


@admin.register(HalalCertificate)
class HalalCertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "business", "issued_on", "status"]
    list_filter = ["status"]
    search_fields = ["number", "business__name", "business__nib"]


class SignatoryInline(admin.TabularInline):
    model = AuthorisedSignatory
    extra = 1
    fields = ["order", "full_name", "position_id", "position_en", "user", "is_active"]
    autocomplete_fields = []
    raw_id_fields = ["user"]


@admin.register(CertificationBody)
class CertificationBodyAdmin(admin.ModelAdmin):
    """The body as certificates name it, and who may sign for it. A signatory who has
    signed a certificate is never deleted (protected): untick "berwenang" instead."""

    list_display = ["code", "name", "accreditation_number"]
    fields = ["code", "name", "address", "accreditation_number", "accreditation_mark"]
    inlines = [SignatoryInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            verb="certification.body_edited",
            obj=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit.record(
                actor=request.user, verb="certification.signatories_edited", obj=form.instance
            )


@admin.register(EvaluatorAssignment)
class EvaluatorAssignmentAdmin(ReadOnlyAdmin):
    """Who was the evaluator of which evaluation, when (read-only history)."""

    list_display = ["evaluation", "evaluator", "assigned_at", "ended_at", "assigned_by"]
    list_filter = ["ended_at"]
