from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kriya.registry"
    label = "registry"
    verbose_name = _("Registri usaha")

    def ready(self):
        # Pages that show products and businesses are cached for anonymous visitors
        # (kriya.core.pagecache); every announced change makes them stale on commit.
        from kriya.core import pagecache

        from . import signals

        signals.product_changed.connect(
            lambda sender, **kw: pagecache.bump("product", "catalogue"),
            dispatch_uid="pagecache",
            weak=False,
        )
        signals.business_changed.connect(
            lambda sender, **kw: pagecache.bump("business", "catalogue"),
            dispatch_uid="pagecache",
            weak=False,
        )
