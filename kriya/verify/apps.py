from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerifyConfig(AppConfig):
    name = "kriya.verify"
    label = "verify"
    verbose_name = _("Verifikasi dokumen")
