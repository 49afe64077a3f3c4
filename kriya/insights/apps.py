from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

LABELS = {
    "insights.semester_report_reminder": _("Pengingat: konfirmasi laporan semester industri"),
}


class InsightsConfig(AppConfig):
    name = "kriya.insights"
    label = "insights"
    verbose_name = _("Data dan informasi")

    def ready(self):
        # The reminders to confirm the semester report are the desk's notifications.
        from kriya.desk.notifications import register_labels

        register_labels(LABELS)
