"""Readiness: can this instance serve? The database answers, the cache keeps a value, and
a worker and the scheduler were seen within the last two minutes (heartbeats). Each
check costs one small query or cache round trip; failures name only the error's class."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .heartbeats import SEEN_WITHIN, last_seen
from .models import ProcessKind


def readiness() -> dict[str, dict]:
    checks = {"database": _database(), "cache": _cache()}
    for kind in (ProcessKind.WORKER, ProcessKind.SCHEDULER):
        checks[str(kind)] = (
            _seen(kind) if checks["database"]["ok"] else {"ok": False, "error": "no database"}
        )
    return checks


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _cache() -> dict:
    token = secrets.token_hex(8)
    try:
        cache.set("kriya:readyz", token, 30)
        ok = cache.get("kriya:readyz") == token
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True} if ok else {"ok": False, "error": "value not kept"}


def _seen(kind: str) -> dict:
    try:
        seen = last_seen(kind)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if seen is None:
        return {"ok": False, "error": "never seen"}
    age = (timezone.now() - seen).total_seconds()
    check = {
        "ok": age <= SEEN_WITHIN.total_seconds(),
        "last_seen": seen.isoformat(),
        "age_seconds": round(age, 1),
    }
    if not check["ok"]:
        check["error"] = f"not seen for {int(age)} s"
    return check
