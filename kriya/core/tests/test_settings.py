import pytest
from django.core.exceptions import ImproperlyConfigured

from kriya.core.checks import refuse_insecure_serving


def test_serving_without_debug_refuses_the_development_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_DEVELOPMENT_KEY
    with pytest.raises(ImproperlyConfigured):
        refuse_insecure_serving()


def test_a_real_key_or_debug_may_serve(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "a-real-secret-" + "x" * 50
    refuse_insecure_serving()
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_DEVELOPMENT_KEY
    refuse_insecure_serving()
