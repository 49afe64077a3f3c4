"""The schedule's own tasks (the worker heartbeat, pruning history) and the status-list
refresh it runs."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult

from kriya.ops.heartbeats import seen_recently
from kriya.ops.models import Heartbeat, JobRun, RunStatus
from kriya.ops.tasks import prune_history, worker_heartbeat
from kriya.verify.tasks import refresh_status_lists_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a task now (the immediate backend runs it when the transaction commits)."""

    def run_now(task):
        with django_capture_on_commit_callbacks(execute=True):
            result = task.enqueue()
        return result

    return run_now


def test_the_heartbeat_task_stamps_a_worker_as_seen(run):
    assert not seen_recently("worker")
    result = run(worker_heartbeat)
    assert result.status == ResultStatus.SUCCEEDED
    assert seen_recently("worker")
    assert Heartbeat.objects.get(kind="worker").ident == result.return_value


def test_the_scheduled_refresh_signs_a_status_list_that_has_no_signed_copy(run):
    from kriya.verify.services import issue_document

    assert run(refresh_status_lists_task).return_value == 0
    issue_document(
        doc_type="certificate",
        number="LSPRO/BM/0001/2026",
        holder_nib="9120000000001",
        holder_name="Batik Sekar Jagad",
        scheme="Batikmark",
        scope="Kain batik tulis",
        issued_on=date(2026, 1, 5),
        expires_on=date(2029, 1, 4),
        by=None,
    )
    assert run(refresh_status_lists_task).return_value == 1


def test_pruning_keeps_recent_and_unfinished_history(run):
    now = timezone.now()
    old, recent = now - timedelta(days=31), now - timedelta(days=1)
    JobRun.objects.create(job="a", period=old, status=RunStatus.SUCCEEDED)
    JobRun.objects.create(job="b", period=old, status=RunStatus.QUEUED)
    JobRun.objects.create(job="a", period=recent, status=RunStatus.SUCCEEDED)
    for finished in (old, recent):
        DBTaskResult.objects.create(
            status=ResultStatus.SUCCEEDED,
            args_kwargs={"args": [], "kwargs": {}},
            task_path="x.y",
            backend_name="default",
            run_after=finished,
            finished_at=finished,
        )
    Heartbeat.objects.create(kind="worker", ident="gone", seen_at=now - timedelta(days=2))
    Heartbeat.objects.create(kind="worker", ident="here", seen_at=now)

    counts = run(prune_history).return_value
    assert counts == {"runs": 1, "heartbeats": 1, "task_results": 1}
    assert sorted(JobRun.objects.values_list("job", flat=True)) == ["a", "b"]
    assert list(Heartbeat.objects.values_list("ident", flat=True)) == ["here"]
