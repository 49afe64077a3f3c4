"""Administrator-only views of the signing keys and the register. Both are read-only:
documents change through the services (called by certification and the lab); keys
rotate with the action below or `manage.py signing_keys --rotate`."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

from . import services
from .models import IssuedDocument, SigningKey, StatusList


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


@admin.register(SigningKey)
class SigningKeyAdmin(AdministratorsOnly):
    list_display = ["kid", "status", "created_at", "retired_at"]
    list_filter = ["status"]
    fields = ["kid", "public_key", "status", "created_at", "retired_at"]
    readonly_fields = fields
    actions = ["rotate"]

    @admin.action(description=_("Rotasi: pensiunkan kunci aktif dan buat kunci baru"))
    def rotate(self, request, queryset):
        key = services.rotate_signing_key(by=request.user)
        messages.success(request, _("Kunci baru %(kid)s aktif.") % {"kid": key.kid})


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AdministratorsOnly):
    list_display = ["number", "doc_type", "holder_name", "status", "issued_on", "expires_on"]
    list_filter = ["doc_type", "status", "is_demo"]
    search_fields = ["number", "holder_name", "holder_nib"]
    list_select_related = ["status_list"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]


@admin.register(StatusList)
class StatusListAdmin(AdministratorsOnly):
    list_display = ["id", "next_index", "length", "created_at"]
    readonly_fields = ["length", "next_index", "created_at"]
