"""/readyz: the database, the cache, a worker and the scheduler; /healthz unchanged."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from kriya.ops.heartbeats import beat
from kriya.ops.models import Heartbeat

pytestmark = pytest.mark.django_db


def both_seen(ago=timedelta(0)):
    beat("worker", "w1")
    beat("scheduler", "host:1")
    Heartbeat.objects.update(seen_at=timezone.now() - ago)


def test_readyz_passes_when_database_cache_worker_and_scheduler_are_up(client):
    both_seen(timedelta(seconds=30))
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "cache",
        "worker",
        "scheduler",
    }


def test_readyz_fails_with_503_naming_the_worker_when_no_worker_was_seen_lately(client):
    both_seen()
    Heartbeat.objects.filter(kind="worker").update(seen_at=timezone.now() - timedelta(minutes=3))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False
    assert "not seen" in body["checks"]["worker"]["error"]
    assert body["checks"]["scheduler"]["ok"] is True
    assert body["checks"]["database"]["ok"] is True


def test_readyz_fails_when_the_scheduler_never_ran(client):
    beat("worker", "w1")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"] == {"ok": False, "error": "never seen"}


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_readyz_fails_when_the_cache_keeps_nothing(client):
    both_seen()
    cache.close()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_readyz_is_public_and_not_cached(client):
    both_seen()
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_healthz_still_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
