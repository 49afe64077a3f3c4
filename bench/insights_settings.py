"""Settings for the insights benchmark (issue 18): those of the events benchmark
(production settings, DEBUG off, the public page cache) on this benchmark's own database.

- sqlite (default): var/bench/insights.sqlite3 (KRIYA_BENCH_INSIGHTS_NAME: another file);
- postgresql: KRIYA_BENCH_INSIGHTS_PG_URL, default
  postgres://postgres@127.0.0.1:5432/kriya_bench_insights.
"""

import os

import dj_database_url

from bench.events_settings import *  # noqa: F403

PG_URL = os.environ.get(
    "KRIYA_BENCH_INSIGHTS_PG_URL", "postgres://postgres@127.0.0.1:5432/kriya_bench_insights"
)
if os.environ.get("KRIYA_BENCH_BACKEND") == "postgresql":
    DATABASES = {"default": dj_database_url.parse(PG_URL, conn_max_age=600)}
else:
    NAME = os.environ.get("KRIYA_BENCH_INSIGHTS_NAME", "insights")
    DATABASES["default"]["NAME"] = VAR_DIR / "bench" / f"{NAME}.sqlite3"  # noqa: F405
