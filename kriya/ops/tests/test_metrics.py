"""/metrics: Prometheus text with requests by view, the task queue, failures and the
scheduled jobs; answered only to the addresses of KRIYA_METRICS_ALLOW."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from kriya.ops.heartbeats import beat
from kriya.ops.models import JobRun, RunStatus

pytestmark = pytest.mark.django_db


def task_result(status, *, path="kriya.desk.tasks.send_reminders_task", age=timedelta(0)):
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=timezone.now() - age,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - age)
    return result


def samples(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_show_queue_depth_oldest_task_age_failures_and_scheduled_jobs(client):
    task_result(ResultStatus.READY, age=timedelta(minutes=10))
    task_result(ResultStatus.READY)
    task_result(ResultStatus.FAILED, path="kriya.lab.tasks.render_report")
    period = timezone.now().replace(second=0, microsecond=0)
    JobRun.objects.create(job="expire_bills", period=period, status=RunStatus.FAILED)
    beat("scheduler", "host:1")
    client.get("/healthz")

    found = samples(client.get("/metrics"))
    assert found[("kriya_tasks_queued", (("queue", "default"),))] == 2
    assert found[("kriya_tasks_oldest_queued_age_seconds", (("queue", "default"),))] >= 600
    assert found[("kriya_task_failures", (("task", "kriya.lab.tasks.render_report"),))] == 1
    assert (
        found[("kriya_scheduled_job_last_run_timestamp_seconds", (("job", "expire_bills"),))]
        == period.timestamp()
    )
    assert found[("kriya_scheduled_job_last_run_failed", (("job", "expire_bills"),))] == 1
    assert ("kriya_process_last_seen_timestamp_seconds", (("process", "scheduler"),)) in found
    assert (
        found[
            (
                "kriya_http_requests_total",
                (("method", "GET"), ("status", "200"), ("view", "healthz")),
            )
        ]
        >= 1
    )
    assert ("kriya_http_request_duration_seconds_count", (("view", "healthz"),)) in found


def test_metrics_are_not_found_from_an_address_outside_the_allow_list(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404
    assert b"kriya_" not in response.content


@pytest.mark.parametrize(
    "header", ["HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_FORWARDED"]
)
def test_a_request_forwarded_by_the_reverse_proxy_on_localhost_is_not_answered(client, header):
    """Behind nginx on the same machine every public request comes from 127.0.0.1."""
    assert client.get("/metrics", **{header: "https"}).status_code == 404


@override_settings(KRIYA_METRICS_ALLOW=["127.0.0.1", "10.8.0.0/16"])
@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("10.8.3.4", 200),
        ("10.9.0.1", 404),
        ("::ffff:10.8.0.7", 200),
        ("127.0.0.1", 200),
        ("::1", 404),
        ("not-an-address", 404),
    ],
)
def test_the_allow_list_takes_networks(client, address, status):
    assert client.get("/metrics", REMOTE_ADDR=address).status_code == status


def test_an_anonymous_scrape_from_localhost_is_not_sent_to_the_login_page(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert b"# TYPE kriya_tasks_queued gauge" in response.content
