"""What every external adapter shares: the last success and the last error of each, for
the administrators' status page (`kriya.hooks`).

An adapter's caller wraps the call in `observed(name)`; a refusal that is an answer
(a NIB OSS does not know) is a success of the service, not an error. The marks are
kept in the default cache (the database or Redis in production: shared by the web and
the worker), without expiry: a status, not a history — the audit trail and the logs
keep the history.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger("kriya.adapters")

KEY = "kriya:adapter:{name}"


def status(name: str) -> dict:
    """{"last_success": datetime|None, "last_error": datetime|None, "error": str}."""
    found = cache.get(KEY.format(name=name)) or {}
    return {
        "last_success": found.get("last_success"),
        "last_error": found.get("last_error"),
        "error": found.get("error", ""),
    }


def record_success(name: str) -> None:
    current = status(name)
    current["last_success"] = timezone.now()
    cache.set(KEY.format(name=name), current, None)


def record_error(name: str, error: str) -> None:
    current = status(name)
    current["last_error"] = timezone.now()
    current["error"] = error[:300]
    cache.set(KEY.format(name=name), current, None)
    logger.warning("adapter %s failed: %s", name, error[:300])


@contextmanager
def observed(name: str, *, answers: tuple[type[BaseException], ...] = ()):
    """Record the outcome of one call to adapter `name`; exceptions in `answers` are the
    service's answers (a success), every other one an error. Re-raises either way."""
    try:
        yield
    except answers:
        record_success(name)
        raise
    except Exception as exc:
        record_error(name, f"{type(exc).__name__}: {exc}")
        raise
    record_success(name)
