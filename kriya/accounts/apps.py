from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kriya.accounts"
    label = "accounts"
    verbose_name = _("Akun dan organisasi")

    def ready(self):
        from django.core import checks

        checks.register(check_trusted_proxies, checks.Tags.security)


def check_trusted_proxies(app_configs=None, **kwargs):
    """A typo in KRIYA_TRUSTED_PROXIES shows at start-up, not at the first login."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    from .network import trusted_proxies

    try:
        trusted_proxies()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="accounts.E001")]
    return []
