"""gunicorn settings for Kriya (`gunicorn -c python:config.gunicorn config.wsgi`), used
by `manage.py serve`; a systemd unit can use the same file. Workers and the address
come from the command line. Logs go to stderr in Kriya's format (JSON lines unless
KRIYA_LOG_FORMAT=text); each request is logged once by Kriya itself (kriya.request),
so gunicorn's access log stays off."""

import os

from kriya.core.logs import logging_config

wsgi_app = "config.wsgi:application"
logconfig_dict = logging_config(
    json_lines=os.environ.get("KRIYA_LOG_FORMAT", "json") == "json",
    level=os.environ.get("KRIYA_LOG_LEVEL", "INFO"),
)
accesslog = None
# Long enough for a PDF rendered in the request; short enough to stop promptly.
timeout = 60
graceful_timeout = 10
