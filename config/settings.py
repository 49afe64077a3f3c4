"""Kriya settings: one module, every difference between environments comes from
environment variables (README lists them). Test settings only speed things up."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import local_secrets
from kriya.core.logs import logging_config

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

# Where Kriya keeps its own files: the SQLite database, private uploads, local secrets.
VAR_DIR = Path(env("KRIYA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# KRIYA_SECRET_KEY, else var/secret_key (generated once by `make run`/`make dev`, see
# config/local_secrets.py). Management commands (migrations, tests) run without either;
# serving does not: config/wsgi.py refuses this development key unless debug is on, and
# `check --deploy` flags it (security.W009).
INSECURE_DEVELOPMENT_KEY = "django-insecure-kriya-development-only"  # noqa: S105
SECRET_KEY = local_secrets.resolve("KRIYA_SECRET_KEY", VAR_DIR) or INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("KRIYA_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("KRIYA_CSRF_TRUSTED_ORIGINS")
# Reference data shipped in the repository, each file beside the app that loads it
# (README.md beside each names its source and date); either may point at another copy.
KRIYA_REGIONS_CSV = Path(
    env("KRIYA_REGIONS_CSV", str(BASE_DIR / "kriya" / "regions" / "data" / "regions_id.csv"))
)
KRIYA_REFERENCE_YAML = Path(
    env("KRIYA_REFERENCE_YAML", str(BASE_DIR / "kriya" / "core" / "data" / "reference.yaml"))
)

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
    "csp",
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
    "kriya.training",
    "kriya.events",
    "kriya.insights",
    "kriya.ops",
    "kriya.hooks",
    "kriya.api",
]

MIDDLEWARE = [
    "kriya.core.middleware.RequestIdMiddleware",
    "kriya.ops.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kriya.core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kriya.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kriya.core.permissions_policy.PermissionsPolicyMiddleware",
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
            # rupiah, tanggal, waktu: the one money and date format (docs/content.md).
            "builtins": ["kriya.core.templatetags.kriya_format"],
        },
    },
]
# Widgets written out in Python instead of a template per widget and per <option>: the
# same HTML, a few milliseconds less per form on logged-in pages (docs/performance.md).
FORM_RENDERER = "kriya.core.form_renderer.WidgetRenderer"

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
# Pages for anonymous visitors, per process (kriya/core/pagecache.py,
# docs/performance.md): a hit reads only the version counters from the shared cache
# above. KRIYA_PAGE_CACHE=0 renders every page (the headers stay the same).
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kriya-pages",
    "OPTIONS": {"MAX_ENTRIES": int(env("KRIYA_PAGE_CACHE_ENTRIES", "1000"))},
}
KRIYA_PAGE_CACHE = env_bool("KRIYA_PAGE_CACHE", True)
KRIYA_PAGE_TTL = int(env("KRIYA_PAGE_TTL", "600"))  # seconds a page is kept in memory
KRIYA_PAGE_MAX_AGE = int(env("KRIYA_PAGE_MAX_AGE", "60"))  # browsers and CDNs
KRIYA_PAGE_STALE = int(env("KRIYA_PAGE_STALE", "300"))  # stale-while-revalidate
KRIYA_PAGE_CACHE_ROUTES = 10000  # paths remembered for the middleware's early answer

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
LOGIN_REDIRECT_URL = "core:my_home"  # "Beranda saya": each role lands on its work
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
ACCOUNT_FORMS = {
    "signup": "kriya.accounts.forms.SignupForm",
    "login": "kriya.accounts.forms.LoginForm",
    "reset_password": "kriya.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "kriya.accounts.forms.ResetPasswordKeyForm",
    "change_password": "kriya.accounts.forms.ChangePasswordForm",
    "set_password": "kriya.accounts.forms.SetPasswordForm",
}
# The account e-mails speak as Kriya, never as the request's host (docs/registry.md).
KRIYA_SITE_NAME = env("KRIYA_SITE_NAME", "Kriya")
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{KRIYA_SITE_NAME}] "
# After the confirmation link: a page whose next step is registering a business.
ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL = "accounts:email_confirmed"
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "accounts:email_confirmed"
# Failed logins are throttled by kriya.accounts.throttle (progressive delays per account
# and address, per address, per account) instead of allauth's hard per-account lockout,
# which anyone could use to keep an owner out; allauth still limits the request rate.
ACCOUNT_RATE_LIMITS = {"login": "30/m/ip", "login_failed": ""}
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
# "2 Desember 2026" / "2 December 2026", date-times with WIB (docs/content.md).
FORMAT_MODULE_PATH = ["kriya.core.formats"]
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
# For the file-based backend (`make run` writes each e-mail there instead of the log).
EMAIL_FILE_PATH = VAR_DIR / "mail"
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
# The regency this deployment serves (Kepmendagri code): the business form presets its
# province and regency to it. Default: Kabupaten Probolinggo.
KRIYA_HOME_REGENCY = env("KRIYA_HOME_REGENCY", "35.13")
# Encrypts the signing keys' private halves at rest: KRIYA_SIGNING_KEY_SECRET, else
# var/signing_key_secret (generated beside var/secret_key), else SECRET_KEY.
KRIYA_SIGNING_KEY_SECRET = local_secrets.resolve("KRIYA_SIGNING_KEY_SECRET", VAR_DIR)

# --- Identity and the public face (docs/design-system.md) -------------------
# The agency's and the regency's names and marks in the header and footer. A logo is a
# static path (kriya/…) or an absolute URL; empty shows the name beside Kriya's own
# neutral mark (never a drawn copy of an official emblem).
KRIYA_AGENCY_NAME = env("KRIYA_AGENCY_NAME", "BBSPJIKB")
KRIYA_AGENCY_FULL_NAME = env(
    "KRIYA_AGENCY_FULL_NAME",
    "Balai Besar Standardisasi dan Pelayanan Jasa Industri Kerajinan dan Batik",
)
KRIYA_AGENCY_LOGO = env("KRIYA_AGENCY_LOGO")
KRIYA_REGENCY_NAME = env("KRIYA_REGENCY_NAME", "Kabupaten Probolinggo")
KRIYA_REGENCY_LOGO = env("KRIYA_REGENCY_LOGO")
# Contact details on /kontak/ and in the footer; empty ones are not shown (never invented).
# The regency office is also whom a buyer may ask when a seller left no mobile number and
# the regency unit has no contact of its own (kriya/showcase/contact.py).
KRIYA_AGENCY_ADDRESS = env("KRIYA_AGENCY_ADDRESS")
KRIYA_AGENCY_PHONE = env("KRIYA_AGENCY_PHONE")
KRIYA_AGENCY_EMAIL = env("KRIYA_AGENCY_EMAIL")
KRIYA_AGENCY_WEBSITE = env("KRIYA_AGENCY_WEBSITE")
KRIYA_REGENCY_OFFICE = env("KRIYA_REGENCY_OFFICE")
KRIYA_REGENCY_ADDRESS = env("KRIYA_REGENCY_ADDRESS")
KRIYA_REGENCY_PHONE = env("KRIYA_REGENCY_PHONE")
KRIYA_REGENCY_EMAIL = env("KRIYA_REGENCY_EMAIL")
KRIYA_REGENCY_WEBSITE = env("KRIYA_REGENCY_WEBSITE")
# A site-wide banner saying the data are demo data (`make run`/`make dev` set it).
KRIYA_DEMO = env_bool("KRIYA_DEMO", False)

# --- Operations (kriya.ops: scheduler, /readyz, /metrics) -------------------
# /metrics answers only these client addresses (REMOTE_ADDR; comma-separated, CIDR allowed).
KRIYA_METRICS_ALLOW = env_list("KRIYA_METRICS_ALLOW", "127.0.0.1")
# A running task's worker renews its lease; a task whose lease is this many seconds old
# lost its worker (killed, crashed) and is failed by the scheduler (kriya.ops.leases).
KRIYA_TASK_LEASE_SECONDS = float(env("KRIYA_TASK_LEASE_SECONDS", "90"))

# --- Integrations (adapters, off by default) ----------------------------
# SIMPONI PNBP e-billing: a dotted path to an adapter class; empty = the desk types the code.
KRIYA_SIMPONI_ADAPTER = env("KRIYA_SIMPONI_ADAPTER")
# OSS NIB look-up (kriya.registry.adapters.oss); empty = no look-up.
KRIYA_OSS_ADAPTER = env("KRIYA_OSS_ADAPTER")
# BPJPH halal certificate look-up (kriya.certification.adapters.bpjph); empty = none.
KRIYA_BPJPH_ADAPTER = env("KRIYA_BPJPH_ADAPTER")
# WhatsApp Business Cloud API (kriya.desk.adapters.whatsapp); empty = e-mail only.
KRIYA_WHATSAPP_ADAPTER = env("KRIYA_WHATSAPP_ADAPTER")
KRIYA_WHATSAPP_TOKEN = env("KRIYA_WHATSAPP_TOKEN")
KRIYA_WHATSAPP_PHONE_ID = env("KRIYA_WHATSAPP_PHONE_ID")
# Meta's app secret: signs the status webhook (X-Hub-Signature-256); and its verify token.
KRIYA_WHATSAPP_APP_SECRET = env("KRIYA_WHATSAPP_APP_SECRET")
KRIYA_WHATSAPP_VERIFY_TOKEN = env("KRIYA_WHATSAPP_VERIFY_TOKEN")
# Messages a second the worker sends at most (the Cloud API's per-number limit is 80).
KRIYA_WHATSAPP_RATE = float(env("KRIYA_WHATSAPP_RATE", "20"))
# Webhooks for integrators (kriya.hooks): off = no delivery at all.
KRIYA_WEBHOOKS = env_bool("KRIYA_WEBHOOKS", False)

# --- Security (production: KRIYA_DEBUG unset, behind an HTTPS reverse proxy) --
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks,
# comma-separated); empty = none, the client is REMOTE_ADDR (kriya.accounts.network).
KRIYA_TRUSTED_PROXIES = env_list("KRIYA_TRUSTED_PROXIES")
# `manage.py serve` (make run) sets KRIYA_LOCAL_HTTP=1 only when it listens on a
# loopback address: plain HTTP on this machine, so no redirect to HTTPS, no secure-only
# cookies (the browser would drop them) and no HSTS. Never set it on a server.
LOCAL_HTTP = env_bool("KRIYA_LOCAL_HTTP", False)
_HTTPS = not (DEBUG or LOCAL_HTTP)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KRIYA_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = int(env("KRIYA_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KRIYA_HSTS_PRELOAD", _HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


def _origin(url: str) -> str | None:
    """scheme://host of an absolute URL (object storage's media URL), else None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy on every response (django-csp 4; docs/decisions.md): scripts
# and styles only from our own origin (htmx and the vendored scripts are static files;
# no inline script, style or event handler anywhere), images also as data: URIs (QR
# codes, allauth's TOTP QR) and from the media URL's origin when that is elsewhere.
_MEDIA_ORIGIN = _origin(MEDIA_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

# One JSON object a line (time, level, logger, message, request_id, user_id, view) unless
# debug, where it is readable text; KRIYA_LOG_FORMAT=json|text overrides. See
# kriya/core/logs.py.
LOGGING = logging_config(
    json_lines=env("KRIYA_LOG_FORMAT", "text" if DEBUG else "json") == "json",
    level=env("KRIYA_LOG_LEVEL", "INFO"),
)
