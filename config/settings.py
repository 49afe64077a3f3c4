"""Kriya settings: one module, every difference between environments comes from
environment variables (README lists them). Test settings only speed things up."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("KRIYA_DEBUG", False)
# Management commands (migrations, tests) run without a secret; serving does not:
# config/wsgi.py refuses this development key unless debug is on, and
# `check --deploy` flags it (security.W009).
INSECURE_DEVELOPMENT_KEY = "django-insecure-kriya-development-only"  # noqa: S105
SECRET_KEY = env("KRIYA_SECRET_KEY") or INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("KRIYA_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KRIYA_CSRF_TRUSTED_ORIGINS")

# Where Kriya keeps its own files: the SQLite database, private uploads.
VAR_DIR = Path(env("KRIYA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Reference data shipped beside the repository (regions, services, standards…).
SHARED_DATA_DIR = Path(env("KRIYA_SHARED_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks.backends.database",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "kriya.core",
    "kriya.accounts",
    "kriya.regions",
    "kriya.registry",
    "kriya.showcase",
    "kriya.desk",
    "kriya.lab",
    "kriya.certification",
    "kriya.verify",
    "kriya.ops",
    "kriya.api",
]

MIDDLEWARE = [
    "kriya.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kriya.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kriya.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kriya" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kriya.core.context_processors.kriya",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite (WAL, persistent connections) by default; DATABASE_URL selects PostgreSQL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "kriya.sqlite3",
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login lockout counters live here, so it must be shared) -------
CACHE_URL = env("KRIYA_CACHE_URL")
if CACHE_URL.startswith("redis://"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kriya_cache",
        }
    }

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "kriya.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
# Lockout: 5 failed logins per account, and 5 per IP address, within 15 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "5/15m/ip,5/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kriya"
# Staff roles must use TOTP unless this is turned off (the `make run` demo does).
KRIYA_REQUIRE_STAFF_2FA = env_bool("KRIYA_REQUIRE_STAFF_2FA", True)

SESSION_COOKIE_AGE = int(env("KRIYA_SESSION_AGE", str(8 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kriya" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("KRIYA_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "kriya" / "static"]
# Public media (product photos and their thumbnails) and private documents
# (served only through access-checked views) live in separate storages.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("KRIYA_MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_ROOT = Path(env("KRIYA_PRIVATE_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# KRIYA_STORAGE_URL=s3://… moves both storages to S3-compatible object storage
# (kriya/ops/storage_url.py, docs/operations.md).
KRIYA_STORAGE_URL = env("KRIYA_STORAGE_URL")
if KRIYA_STORAGE_URL:
    from kriya.ops.storage_url import parse_storage_url

    _object_storage = parse_storage_url(KRIYA_STORAGE_URL)
    STORAGES["default"] = _object_storage["default"]
    STORAGES["private"] = _object_storage["private"]
    MEDIA_URL = _object_storage["media_url"] or MEDIA_URL
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Backups (manage.py backup / restore, the nightly job) ------------------
KRIYA_BACKUP_DIR = Path(env("KRIYA_BACKUP_DIR", str(VAR_DIR / "backups")))
KRIYA_BACKUP_RETENTION_DAYS = int(env("KRIYA_BACKUP_RETENTION_DAYS", "14"))

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env("KRIYA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("KRIYA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("KRIYA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("KRIYA_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("KRIYA_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KRIYA_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("KRIYA_FROM_EMAIL", "Kriya <noreply@kriya.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django-tasks, database backend, enqueued on commit) --
TASKS = {
    "default": {
        "BACKEND": env("KRIYA_TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"),
        "ENQUEUE_ON_COMMIT": True,
    }
}

# --- Signed documents (kriya.verify) --------------------------------------
# The public address printed in QR codes and signed into documents (no trailing slash).
KRIYA_PUBLIC_URL = env("KRIYA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Encrypts the signing keys' private halves at rest; falls back to SECRET_KEY.
KRIYA_SIGNING_KEY_SECRET = env("KRIYA_SIGNING_KEY_SECRET")

# --- Integrations (adapters, off by default) ----------------------------
# SIMPONI PNBP e-billing: a dotted path to an adapter class; empty = the desk types the code.
KRIYA_SIMPONI_ADAPTER = env("KRIYA_SIMPONI_ADAPTER")

# --- Security (production: KRIYA_DEBUG unset, behind an HTTPS reverse proxy) --
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KRIYA_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(env("KRIYA_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KRIYA_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("KRIYA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
