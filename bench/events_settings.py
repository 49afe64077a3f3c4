"""Settings for the events benchmark: those of the search benchmark (production settings,
DEBUG off) on the events benchmark's own database, never the development one.

- sqlite (default): var/bench/events.sqlite3;
- postgresql: KRIYA_BENCH_EVENTS_PG_URL, default
  postgres://postgres@127.0.0.1:5432/kriya_bench_events.
"""

import os

import dj_database_url

# The officer persona signs in through force_login: no second factor to set up.
os.environ.setdefault("KRIYA_REQUIRE_STAFF_2FA", "0")

from bench.search_settings import *  # noqa: E402,F403
from config import settings as _base  # noqa: E402

PG_URL = os.environ.get(
    "KRIYA_BENCH_EVENTS_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_events"
)
if os.environ.get("KRIYA_BENCH_BACKEND") == "postgresql":
    DATABASES = {"default": dj_database_url.parse(PG_URL, conn_max_age=600)}
else:
    DATABASES["default"]["NAME"] = VAR_DIR / "bench" / "events.sqlite3"  # noqa: F405
# The search benchmark keeps only the default cache; the public pages need their own.
CACHES["pages"] = _base.CACHES["pages"]  # noqa: F405
