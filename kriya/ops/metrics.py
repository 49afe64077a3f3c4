"""Prometheus metrics (prometheus-client), served at /metrics (kriya.ops.views).

- Requests: a counter and a latency histogram by view name, counted by
  RequestMetricsMiddleware in each web process. Under gunicorn with several workers,
  set PROMETHEUS_MULTIPROC_DIR to an empty directory created at each start (`make run`:
  var/prometheus; systemd: RuntimeDirectory); every worker then writes its counts there
  and a scrape adds them up. Without it, a scrape sees the process that answers it.
- Tasks and the scheduler: read from the database at scrape time (DatabaseCollector),
  so they are right whichever process answers: queue depth and the age of the oldest
  task due, running tasks, failed task results kept, each scheduled job's last run and
  outcome, the heartbeats of the worker and the scheduler.
"""

from __future__ import annotations

import os
import time

from django.db.models import Count, Max, Min
from django.utils import timezone
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

disable_created_metrics()  # the *_created series only double the output
REQUEST_METRICS = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "kriya_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
    registry=REQUEST_METRICS,
)
LATENCY = Histogram(
    "kriya_http_request_duration_seconds",
    "Time to answer an HTTP request, by view.",
    ["view"],
    registry=REQUEST_METRICS,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class RequestMetricsMiddleware:
    """Counts every request and its duration under its view name (bounded labels: an
    unresolved path is "unresolved", an unusual method "other")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unresolved"
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(view=view, method=method, status=str(response.status_code)).inc()
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        return response


class DatabaseCollector:
    """Gauges computed from the database when scraped."""

    def collect(self):
        from django_tasks import ResultStatus
        from django_tasks.backends.database.models import DBTaskResult

        from .heartbeats import last_seen
        from .models import ProcessKind, RunStatus
        from .schedule import SCHEDULE
        from .scheduler import latest_runs

        now = timezone.now()
        queued = GaugeMetricFamily(
            "kriya_tasks_queued", "Tasks waiting in the queue, by queue.", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            "kriya_tasks_oldest_queued_age_seconds",
            "Age of the oldest task due and not started, by queue.",
            labels=["queue"],
        )
        for row in (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(n=Count("id"), first=Min("enqueued_at"))
            .order_by()
        ):
            queued.add_metric([row["queue_name"]], row["n"])
            oldest.add_metric([row["queue_name"]], (now - row["first"]).total_seconds())
        yield queued
        yield oldest
        yield GaugeMetricFamily(
            "kriya_tasks_running",
            "Tasks running now.",
            value=DBTaskResult.objects.filter(status=ResultStatus.RUNNING).count(),
        )
        failures = GaugeMetricFamily(
            "kriya_task_failures",
            "Failed task results kept in the database (30 days), by task.",
            labels=["task"],
        )
        for row in (
            DBTaskResult.objects.failed().values("task_path").annotate(n=Count("id")).order_by()
        ):
            failures.add_metric([row["task_path"]], row["n"])
        yield failures

        last_run = GaugeMetricFamily(
            "kriya_scheduled_job_last_run_timestamp_seconds",
            "Period (cron time) of each scheduled job's latest run.",
            labels=["job"],
        )
        last_failed = GaugeMetricFamily(
            "kriya_scheduled_job_last_run_failed",
            "1 when the latest run of the job failed for good, else 0.",
            labels=["job"],
        )
        last_success = GaugeMetricFamily(
            "kriya_scheduled_job_last_success_timestamp_seconds",
            "When each scheduled job last succeeded.",
            labels=["job"],
        )
        runs = latest_runs()
        from .models import JobRun

        succeeded = dict(
            JobRun.objects.filter(status=RunStatus.SUCCEEDED)
            .values("job")
            .annotate(last=Max("finished_at"))
            .values_list("job", "last")
        )
        for job in SCHEDULE:
            run = runs.get(job.name)
            if run is not None:
                last_run.add_metric([job.name], run.period.timestamp())
                last_failed.add_metric([job.name], 1 if run.status == RunStatus.FAILED else 0)
            if succeeded.get(job.name):
                last_success.add_metric([job.name], succeeded[job.name].timestamp())
        yield last_run
        yield last_failed
        yield last_success

        seen = GaugeMetricFamily(
            "kriya_process_last_seen_timestamp_seconds",
            "Latest heartbeat of a worker and of the scheduler.",
            labels=["process"],
        )
        for kind in ProcessKind:
            when = last_seen(kind)
            if when is not None:
                seen.add_metric([str(kind)], when.timestamp())
        yield seen


def exposition() -> bytes:
    """The text a scrape gets."""
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(DatabaseCollector())
    return generate_latest(registry)
