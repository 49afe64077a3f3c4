from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Kriya: scheduled jobs, health and metrics, backup and restore. It sits at
    the top of the layers, beside insights: it may read every module, none reads it."""

    name = "kriya.ops"
    label = "ops"
    verbose_name = _("Operasional")
