"""The administrator records cooperation agreements and their targets here; officers of
the regency and the head of the agency may also add targets on the programme page."""

from django import forms
from django.contrib import admin

from kriya.core import audit

from . import indicators
from .models import CooperationAgreement, SemesterReport, Target


class TargetInlineForm(forms.ModelForm):
    indicator = forms.ChoiceField(label=Target._meta.get_field("indicator").verbose_name)

    class Meta:
        model = Target
        fields = ["year", "indicator", "value", "q1", "q2", "q3", "q4"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicators.choices()


class TargetInline(admin.TabularInline):
    model = Target
    form = TargetInlineForm
    extra = 1


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "regency", "starts_on", "ends_on"]
    list_filter = ["regency"]
    search_fields = ["number", "title"]
    inlines = [TargetInline]

    def save_model(self, request, obj, form, change):
        # The regency follows from the regency unit, like a business's from its village.
        obj.regency_id = obj.regency_unit.regency_id
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            verb="insights.agreement_changed" if change else "insights.agreement_recorded",
            obj=obj,
            data={"number": obj.number, "regency": obj.regency_id, "by": "admin"},
        )


@admin.register(SemesterReport)
class SemesterReportAdmin(admin.ModelAdmin):
    """Read-only: a business confirms (and corrects) its report on its own page, where
    history is kept; the admin only looks."""

    list_display = ["business", "period", "is_current", "confirmed_by", "created_at"]
    list_filter = ["period", "is_current"]
    search_fields = ["business__name", "business__nib"]
    list_select_related = ["business", "confirmed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
