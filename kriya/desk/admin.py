"""Admin: the catalogue is reference data an administrator edits here. Requests, bills
and documents are read-only in the admin: they change only through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kriya.core.pagecache import BumpsPagesAdmin

from .models import (
    Bill,
    BillItem,
    Complaint,
    Payment,
    Programme,
    Recommendation,
    RequestDocument,
    RequestItem,
    Service,
    ServiceDocument,
    ServiceRequest,
    Sponsorship,
    SurveyResponse,
    TariffItem,
)


class ServiceDocumentInline(admin.TabularInline):
    model = ServiceDocument
    extra = 0


class TariffItemInline(admin.TabularInline):
    model = TariffItem
    extra = 0
    fields = [
        "code",
        "name_id",
        "name_en",
        "unit",
        "amount",
        "is_verified",
        "note",
        "is_active",
        "position",
    ]


@admin.register(Service)
class ServiceAdmin(BumpsPagesAdmin, admin.ModelAdmin):
    page_kinds = ("service",)  # /layanan/ is cached for anonymous visitors
    list_display = ["code", "name_id", "body", "standard_days", "variant", "is_active", "confirmed"]
    list_filter = ["body", "variant", "is_active", "is_verified"]
    search_fields = ["code", "name_id", "name_en"]
    inlines = [ServiceDocumentInline, TariffItemInline]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name_id", "name_en", "body", "variant", "is_active", "position"]},
        ),
        (_("Uraian"), {"fields": ["description_id", "description_en", "output_id", "output_en"]}),
        (_("Standar pelayanan"), {"fields": ["standard_days", "standard_note"]}),
        (_("Kelayakan"), {"fields": ["eligible_size_classes", "open_to_regency_units"]}),
        (_("Konfirmasi data"), {"fields": ["is_verified", "unverified_note"]}),
    ]

    @admin.display(description=_("terkonfirmasi"), boolean=True)
    def confirmed(self, obj):
        return obj.is_verified


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RequestItemInline(admin.TabularInline):
    model = RequestItem
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "business", "organisation", "status", "assigned_to", "created_at"]
    list_filter = ["status", "service"]
    search_fields = ["business__name", "business__nib", "organisation__name"]
    inlines = [RequestItemInline]


@admin.register(RequestDocument)
class RequestDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "request", "kind", "version", "content_type", "size", "created_at"]
    exclude = ["file"]


class BillItemInline(admin.TabularInline):
    model = BillItem
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Bill)
class BillAdmin(ReadOnlyAdmin):
    list_display = ["billing_code", "request", "total", "due_date", "paid_at", "expired_at"]
    inlines = [BillItemInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["bill", "paid_on", "reference", "confirmed_at", "rejected_at"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Regency programmes; officers create them on their pages, an administrator may
    correct them here. `used` follows the sponsorships and is never typed."""

    list_display = ["name", "unit", "starts_on", "ends_on", "used", "quota", "is_active"]
    list_filter = ["is_active", "unit"]
    search_fields = ["name", "unit__name"]
    filter_horizontal = ["services"]
    readonly_fields = ["used"]


@admin.register(Sponsorship)
class SponsorshipAdmin(ReadOnlyAdmin):
    list_display = ["programme", "request", "business", "created_at", "released_at"]
    list_filter = ["programme"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["request", "unit", "recommended_by", "created_at"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ["request", "service", "created_at"]
    list_filter = ["service"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "request", "status", "created_at", "answered_at"]
    list_filter = ["status"]
