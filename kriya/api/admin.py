from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.core import audit

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__email", "prefix"]
    autocomplete_fields = ["user"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw, obj.prefix, obj.key_hash = ApiToken.generate()
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _("Token baru (hanya ditampilkan sekali, simpan sekarang): %(token)s")
                % {"token": raw},
            )
            audit.record(actor=request.user, verb="api_token.created", obj=obj)
        else:
            super().save_model(request, obj, form, change)
            audit.record(actor=request.user, verb="api_token.changed", obj=obj)

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(actor=request.user, verb="api_token.revoked", obj=token)
