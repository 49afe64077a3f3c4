from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "kriya.certification"
    label = "certification"
    verbose_name = _("Sertifikasi")

    def ready(self):
        from kriya.desk.access import register_document_reader
        from kriya.desk.notifications import register_labels

        from .access import request_document_kinds
        from .notifications import LABELS

        register_labels(LABELS)
        register_document_reader(request_document_kinds)
