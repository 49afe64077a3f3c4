from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HooksConfig(AppConfig):
    name = "kriya.hooks"
    label = "hooks"
    verbose_name = _("Integrasi")

    def ready(self):
        from kriya.certification.signals import certificate_changed
        from kriya.desk.notifications import register_labels
        from kriya.desk.signals import request_status_changed
        from kriya.events.signals import event_status_changed

        from . import receivers
        from .notifications import LABELS

        register_labels(LABELS)
        request_status_changed.connect(
            receivers.on_request_status_changed, dispatch_uid="hooks.request_status"
        )
        certificate_changed.connect(
            receivers.on_certificate_changed, dispatch_uid="hooks.certificate"
        )
        event_status_changed.connect(receivers.on_event_status_changed, dispatch_uid="hooks.event")
