from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kriya.events"
    label = "events"
    verbose_name = _("Acara")

    def ready(self):
        # The showcase sits beside events and must not import it: events fills in the
        # showcase's hook (kriya.showcase.events.register) so destination, district,
        # business and home pages list upcoming events.
        from kriya.desk.notifications import register_labels
        from kriya.showcase import events as showcase_events

        from . import hooks
        from .notifications import LABELS

        register_labels(LABELS)
        showcase_events.register(hooks.ShowcaseEvents())
        # The desk must not import events: events listens to the desk's moves to
        # confirm or take back a booth whose fee it bills (fees.py).
        from kriya.desk.signals import request_status_changed

        from . import fees

        request_status_changed.connect(fees.on_request_status_changed, dispatch_uid="events.fees")
