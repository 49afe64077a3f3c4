"""A running task whose worker stopped renewing its lease is failed by the reaper; an
import whose task was lost is shown as interrupted and can be restarted from its page."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult

from kriya.ops.leases import LeaseKeeper, reap_lost_tasks, take
from kriya.ops.models import Heartbeat, TaskLease
from kriya.registry.models import Business, ImportJob, ImportStatus
from kriya.registry.tests.import_data import add_regions, csv_bytes, row

pytestmark = pytest.mark.django_db

IMPORT_TASK = "kriya.registry.imports.tasks.run_import_job"


def running(path="kriya.desk.tasks.send_reminders_task", args=(), started=timedelta(0)):
    return DBTaskResult.objects.create(
        status=ResultStatus.RUNNING,
        args_kwargs={"args": list(args), "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - started,
        worker_ids=["w1"],
    )


def test_a_task_whose_lease_expired_is_failed_with_a_message():
    result = running()
    take(task_id=result.id, task_path=result.task_path, worker_id="w1")
    later = timezone.now() + timedelta(seconds=91)
    assert reap_lost_tasks(now=later) == [str(result.id)]
    result.refresh_from_db()
    assert result.status == ResultStatus.FAILED
    assert result.exception_class_path == "kriya.ops.leases.WorkerLost"
    assert "stopped renewing the lease" in result.traceback
    assert not TaskLease.objects.exists()


def test_a_task_with_a_live_lease_is_left_running():
    result = running(started=timedelta(hours=2))
    take(task_id=result.id, task_path=result.task_path, worker_id="w1")
    assert reap_lost_tasks(now=timezone.now() + timedelta(seconds=60)) == []
    result.refresh_from_db()
    assert result.status == ResultStatus.RUNNING


def test_a_running_task_without_a_lease_is_failed_once_a_lease_time_has_passed():
    young, old = running(started=timedelta(seconds=10)), running(started=timedelta(minutes=5))
    assert reap_lost_tasks() == [str(old.id)]
    young.refresh_from_db()
    assert young.status == ResultStatus.RUNNING


def test_the_lease_keeper_renews_the_lease_and_stamps_the_worker(transactional_db):
    result = running()
    take(task_id=result.id, task_path=result.task_path, worker_id="w1")
    TaskLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    keeper = LeaseKeeper(task_id=result.id, worker_id="w1", interval=0.01)
    keeper.start()
    deadline = timezone.now() + timedelta(seconds=30)
    while TaskLease.objects.get().expires_at < timezone.now() and timezone.now() < deadline:
        keeper.stopped.wait(0.05)
    keeper.stop()
    keeper.join()
    assert TaskLease.objects.get().expires_at > timezone.now()
    assert Heartbeat.objects.filter(kind="worker", ident="w1").exists()


@pytest.fixture
def interrupted_job(regions, officer):
    add_regions()
    job = ImportJob(
        regency_id="35.13",
        filename="umkm.csv",
        created_by=officer,
        status=ImportStatus.RUNNING,
        total_rows=200000,
        processed_rows=20000,
    )
    job.source.save("umkm.csv", ContentFile(csv_bytes([row(1), row(2)])), save=False)
    job.save()
    running(IMPORT_TASK, args=[job.pk], started=timedelta(minutes=10))
    reap_lost_tasks()
    job.refresh_from_db()
    return job


def test_an_import_whose_task_was_lost_is_shown_as_failed_and_interrupted(
    client, officer, interrupted_job
):
    assert interrupted_job.status == ImportStatus.FAILED
    assert "terputus" in interrupted_job.error
    assert "20000" in interrupted_job.error
    client.force_login(officer)
    page = client.get(reverse("registry:imports:job", args=[interrupted_job.pk]))
    assert "Impor terputus" in page.content.decode()
    assert reverse("registry:imports:restart", args=[interrupted_job.pk]) in page.content.decode()


def test_the_officer_restarts_the_interrupted_import_from_its_page(
    client, officer, interrupted_job, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    url = reverse("registry:imports:restart", args=[interrupted_job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    interrupted_job.refresh_from_db()
    assert interrupted_job.status == ImportStatus.DONE
    assert interrupted_job.error == ""
    assert interrupted_job.counts["rows"] == 2
    assert Business.objects.count() == 2
    assert client.post(url).status_code == 302  # a second click changes nothing


def test_an_officer_of_another_regency_cannot_restart_it(
    client, make_user, kota_unit, member, interrupted_job
):
    from kriya.accounts.models import Role

    other = member(make_user("kota@probolinggo.test"), kota_unit, Role.REGENCY_OFFICER)
    client.force_login(other)
    response = client.post(reverse("registry:imports:restart", args=[interrupted_job.pk]))
    assert response.status_code == 404
    interrupted_job.refresh_from_db()
    assert interrupted_job.status == ImportStatus.FAILED


def test_restarting_needs_a_post(client, officer, interrupted_job):
    client.force_login(officer)
    url = reverse("registry:imports:restart", args=[interrupted_job.pk])
    assert client.get(url).status_code == 405
