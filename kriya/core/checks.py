from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_serving() -> None:
    """Serving without debug needs a real KRIYA_SECRET_KEY (called by config/wsgi.py)."""
    if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_DEVELOPMENT_KEY:
        raise ImproperlyConfigured("Set KRIYA_SECRET_KEY before serving Kriya without debug.")
