from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "kriya.showcase"
    label = "showcase"
    verbose_name = _("Etalase")

    def ready(self):
        # The registry and certification announce changes and the showcase re-indexes:
        # they sit below it and must not import it (see kriya.registry.signals).
        from kriya.registry import signals

        from . import search

        signals.product_changed.connect(search.on_product_changed, dispatch_uid="showcase")
        signals.business_changed.connect(search.on_business_changed, dispatch_uid="showcase")
