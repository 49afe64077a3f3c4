"""In production every log line is one JSON object with the request's id, user and view."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from kriya.core.logs import JsonFormatter, RequestContextFilter


@pytest.fixture
def log_lines():
    """What Kriya's production handler writes, line by line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_logs_are_json_lines_when_debug_is_off():
    assert settings.DEBUG is False
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"


def test_a_request_writes_a_json_line_with_its_id_user_and_view(client, make_user, log_lines):
    user = make_user("alice@example.com")
    client.force_login(user)
    response = client.get(reverse("account_email"), headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200
    [line] = [e for e in log_lines() if e["logger"] == "kriya.request"]
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert line["user_id"] == user.pk
    assert line["view"] == "account_email"
    assert line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"]) == (
        "GET",
        response.request["PATH_INFO"],
        200,
    )
    assert {"time", "level", "logger", "message"} <= set(line)


def test_an_anonymous_not_found_is_logged_with_its_request_id(client, log_lines):
    response = client.get("/tidak-ada/", headers={"X-Request-ID": "req-404"})
    assert response.status_code == 404
    warning = next(e for e in log_lines() if e["logger"] == "django.request")
    assert warning["level"] == "WARNING"
    assert warning["request_id"] == "req-404"
    assert warning["user_id"] is None
    assert "request" not in warning  # the request object itself is not dumped


def test_a_line_outside_any_request_has_empty_context_and_keeps_extra_fields(log_lines):
    logging.getLogger("kriya.test").warning("job %s done", "x", extra={"rows": 3})
    [line] = [e for e in log_lines() if e["logger"] == "kriya.test"]
    assert line["message"] == "job x done"
    assert (line["request_id"], line["user_id"], line["view"]) == (None, None, None)
    assert line["rows"] == 3
    assert line["time"].endswith("+00:00")


def test_an_exception_is_kept_on_the_same_line(log_lines):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("kriya.test").exception("failed")
    [line] = [e for e in log_lines() if e["logger"] == "kriya.test"]
    assert "ValueError: boom" in line["exc_info"]
