"""Test settings: only what makes the suite fast and hermetic."""

import os
import tempfile

os.environ.setdefault("KRIYA_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("KRIYA_SSL_REDIRECT", "0")
# A var/ of the suite's own: never the checkout's database or local secrets.
_tmp = tempfile.mkdtemp(prefix="kriya-test-")
os.environ["KRIYA_VAR_DIR"] = _tmp

from config.settings import *  # noqa: E402,F403

MEDIA_ROOT = os.path.join(_tmp, "media")
PRIVATE_ROOT = os.path.join(_tmp, "private")
if not KRIYA_STORAGE_URL:  # noqa: F405
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405
KRIYA_BACKUP_DIR = os.path.join(_tmp, "backups")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": CACHES["pages"],  # noqa: F405
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = True
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = os.path.join(_tmp, "kriya.sqlite3")  # noqa: F405
