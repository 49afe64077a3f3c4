"""Administrator-only views of the signing keys and the register. The register is
read-only: documents change through the services (called by certification and the
lab). Keys rotate with the action below or `manage.py signing_keys --rotate`, and are
revoked on their own page (`…/signingkey/<id>/revoke/`) or with
`manage.py signing_keys --revoke KID`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core.workflow import InvalidTransition

from . import services
from .models import IssuedDocument, KeyStatus, SigningKey, StatusList


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


class RevokeForm(forms.Form):
    compromised_at = forms.DateTimeField(
        label=_("Bocor sejak (WIB)"),
        help_text=_(
            "Saat paling awal kunci mungkin diketahui orang lain. Dokumen yang "
            "ditandatangani sejak saat ini tidak diterima lagi dan harus diterbitkan ulang; "
            "yang ditandatangani sebelumnya tetap sah. Bila ragu, pilih saat yang lebih awal."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Dicatat di jejak audit; tidak dipublikasikan."),
    )


@admin.register(SigningKey)
class SigningKeyAdmin(AdministratorsOnly):
    list_display = ["kid", "status", "created_at", "retired_at", "compromised_at", "revoke_link"]
    list_filter = ["status"]
    fields = [
        "kid",
        "public_key",
        "status",
        "created_at",
        "retired_at",
        "revoked_at",
        "compromised_at",
        "revocation_reason",
    ]
    readonly_fields = fields
    actions = ["rotate"]

    @admin.action(description=_("Rotasi: pensiunkan kunci aktif dan buat kunci baru"))
    def rotate(self, request, queryset):
        key = services.rotate_signing_key(by=request.user)
        messages.success(request, _("Kunci baru %(kid)s aktif.") % {"kid": key.kid})

    @admin.display(description=_("Pencabutan"))
    def revoke_link(self, key):
        if key.status == KeyStatus.REVOKED:
            return ""
        url = reverse("admin:verify_signingkey_revoke", args=[key.pk])
        return format_html('<a href="{}">{}</a>', url, _("Cabut kunci…"))

    def get_urls(self):
        return [
            path(
                "<int:key_id>/revoke/",
                self.admin_site.admin_view(self.revoke_view),
                name="verify_signingkey_revoke",
            ),
            *super().get_urls(),
        ]

    def revoke_view(self, request, key_id: int):
        """Revoke a compromised key (services.revoke_signing_key), after a confirmation."""
        if not has_role(request.user, Role.ADMINISTRATOR):
            raise PermissionDenied
        key = get_object_or_404(SigningKey, pk=key_id)
        initial = {"compromised_at": timezone.localtime().replace(second=0, microsecond=0)}
        form = RevokeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.revoke_signing_key(
                    key=key,
                    reason=form.cleaned_data["reason"],
                    compromised_at=form.cleaned_data["compromised_at"],
                    by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except InvalidTransition:
                form.add_error(None, _("Kunci ini sudah dicabut."))
            else:
                reissue = IssuedDocument.objects.filter(
                    signed_with=key, created_at__gte=key.compromised_at
                ).count()
                active = SigningKey.objects.filter(status=KeyStatus.ACTIVE).first()
                messages.success(
                    request,
                    _(
                        "Kunci %(kid)s dicabut. Kunci aktif: %(active)s. Dokumen yang harus "
                        "diterbitkan ulang: %(count)d."
                    )
                    % {"kid": key.kid, "active": active.kid if active else "—", "count": reissue},
                )
                return redirect("admin:verify_signingkey_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Cabut kunci %(kid)s") % {"kid": key.kid},
            "key": key,
            "form": form,
            "signed_count": IssuedDocument.objects.filter(signed_with=key).count(),
        }
        return TemplateResponse(request, "admin/verify/signingkey/revoke.html", context)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AdministratorsOnly):
    list_display = ["number", "doc_type", "holder_name", "status", "issued_on", "expires_on"]
    list_filter = ["doc_type", "status", "is_demo", "signed_with"]
    search_fields = ["number", "holder_name", "holder_nib"]
    list_select_related = ["status_list"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields]


@admin.register(StatusList)
class StatusListAdmin(AdministratorsOnly):
    list_display = ["id", "next_index", "length", "created_at", "signed_kid", "signed_until"]
    readonly_fields = [
        "length",
        "next_index",
        "created_at",
        "signed_kid",
        "signed_at",
        "signed_until",
    ]
