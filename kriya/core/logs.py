"""Logs: one JSON object a line in production, readable text under debug. Every record
carries the request id, the user id and the view of the request that wrote it (empty
outside a request: tasks, the scheduler, management commands).

Importable before Django is set up (settings name these classes in LOGGING, and the
gunicorn master uses them too), so nothing here touches models or settings."""

import contextvars
import json
import logging
from datetime import UTC, datetime

from django.utils.functional import LazyObject, empty

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
request_var: contextvars.ContextVar = contextvars.ContextVar("request", default=None)

CONTEXT_FIELDS = ("request_id", "user_id", "view")
# Attributes every LogRecord has (and Django's request object, summed up by the context
# fields); anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    "request",
}


def user_id_of(request) -> int | None:
    """The signed-in user's id, without loading a user the request never looked at
    (AuthenticationMiddleware sets a lazy user; the API sets the token's user)."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, LazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def view_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and view to every record (for both formats)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request writes its 4xx/5xx line after the middleware has returned,
        # passing the request along: take the context from it then.
        request = getattr(record, "request", None) or request_var.get()
        if not getattr(record, "request_id", None):
            record.request_id = getattr(request, "request_id", "") or request_id_var.get()
        if not hasattr(record, "user_id"):
            record.user_id = user_id_of(request) if request is not None else None
        if not getattr(record, "view", None):
            record.view = view_of(request) if request is not None else ""
        return True


class JsonFormatter(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, request_id, user_id, view, then
    whatever the caller passed in `extra` and the traceback, if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in CONTEXT_FIELDS:
            entry[field] = getattr(record, field, None) or None
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, json_lines: bool, level: str = "INFO") -> dict:
    """The dictConfig for Django (settings.LOGGING) and for the gunicorn master.
    Under text (debug) the development server logs each request itself, so Kriya's
    own request line is left out."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "kriya.core.logs.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "kriya.core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_lines else "text",
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "kriya.request": {"level": "INFO" if json_lines else "WARNING"},
            "gunicorn.error": {"level": level, "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        },
    }
