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
