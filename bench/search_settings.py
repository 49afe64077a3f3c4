"""Settings for the showcase search benchmark: production settings on a separate
database (never the development one). KRIYA_BENCH_BACKEND picks it:

- sqlite (default): var/bench/search.sqlite3, with the production SQLite options;
- postgresql: KRIYA_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/kriya_bench_search.
"""

import os

os.environ.setdefault("KRIYA_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("KRIYA_SSL_REDIRECT", "0")
os.environ.setdefault("KRIYA_LOG_LEVEL", "WARNING")

import dj_database_url  # noqa: E402

from config.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PG_URL = os.environ.get(
    "KRIYA_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_search"
)
if os.environ.get("KRIYA_BENCH_BACKEND") == "postgresql":
    DATABASES = {"default": dj_database_url.parse(PG_URL, conn_max_age=600)}
else:
    (VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["NAME"] = VAR_DIR / "bench" / "search.sqlite3"  # noqa: F405
# The login lockout counters are not under test: keep the cache out of the database.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
