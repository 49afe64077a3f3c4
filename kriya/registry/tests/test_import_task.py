"""The background path: a job is queued on commit, run by the task, and its lifecycle."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from kriya.core.models import AuditEvent
from kriya.core.workflow import InvalidTransition
from kriya.regions.models import Region
from kriya.registry.imports import runner, services
from kriya.registry.imports.tasks import run_import_job
from kriya.registry.imports.workflow import LIFECYCLE
from kriya.registry.models import Business, ImportJob, ImportStatus

from .import_data import add_regions, csv_bytes, nib, row


@pytest.fixture
def probolinggo(regions):
    add_regions()
    return Region.objects.get(code="35.13")


def start(regency, officer, content, capture):
    with capture(execute=True) as callbacks:
        job = services.start_import(
            regency=regency,
            upload=SimpleUploadedFile("umkm.csv", content),
            dry_run=False,
            by=officer,
        )
        assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED
    assert len(callbacks) == 1  # enqueued on commit, not before
    job.refresh_from_db()
    return job


def test_the_task_runs_on_commit_and_records_counts_and_report(
    probolinggo, officer, django_capture_on_commit_callbacks
):
    job = start(
        probolinggo, officer, csv_bytes([row(1), row(2)]), django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.DONE
    assert job.counts == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "rejected": 0,
        "duplicate": 0,
        "blank": 0,
    }
    assert (job.processed_rows, job.total_rows) == (2, 2)
    assert job.started_at and job.finished_at and job.report
    verbs = list(
        AuditEvent.objects.filter(object_id=str(job.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "import_job.created",
        "import_job.start",
        "business.imported",
        "business.import_finished",
        "import_job.finish",
    ]


def test_nothing_runs_when_the_upload_transaction_rolls_back(
    probolinggo, officer, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.start_import(
                    regency=probolinggo,
                    upload=SimpleUploadedFile("umkm.csv", csv_bytes([row(1)])),
                    dry_run=False,
                    by=officer,
                )
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Business.objects.exists()


def test_a_failing_batch_is_reported_on_the_job_with_the_row_where_it_stopped(
    probolinggo, officer, django_capture_on_commit_callbacks, monkeypatch
):
    original = runner._Batches._create

    def fail_second(self, rows):
        if getattr(self, "_calls", 0) == 1:
            raise RuntimeError("boom")
        self._calls = getattr(self, "_calls", 0) + 1
        return original(self, rows)

    monkeypatch.setattr(runner, "BATCH_SIZE", {"sqlite": 2, "postgresql": 2})
    monkeypatch.setattr(runner._Batches, "_create", fail_second)
    content = csv_bytes([row(i) for i in range(1, 6)])
    job = start(probolinggo, officer, content, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert job.stopped_at_row == 4
    assert "baris 4" in job.error
    assert job.counts["created"] == 2 and job.counts["rows"] == 2
    assert sorted(Business.objects.values_list("nib", flat=True)) == [nib(1), nib(2)]
    assert job.report  # the report of what happened before the stop is still there


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason(
    probolinggo, officer, django_capture_on_commit_callbacks
):
    job = start(probolinggo, officer, b"a;b\n1;2\n", django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert "Baris judul kolom" in job.error
    assert job.stopped_at_row is None


def test_running_the_task_again_imports_nothing_twice(
    probolinggo, officer, django_capture_on_commit_callbacks
):
    job = start(probolinggo, officer, csv_bytes([row(1)]), django_capture_on_commit_callbacks)
    result = run_import_job.call(job.pk)
    assert result == {"skipped": ImportStatus.DONE}
    assert AuditEvent.objects.filter(verb="business.imported").count() == 1


def test_progress_is_reported_after_each_batch(probolinggo):
    from .import_data import run

    seen = []
    run(
        csv_bytes([row(i) for i in range(1, 6)]),
        batch_size=2,
        on_progress=lambda outcome: seen.append((outcome.last_row, outcome.counts.rows)),
    )
    assert seen == [(3, 2), (5, 4), (6, 5)]


# --- the lifecycle table ------------------------------------------------------------

Q, R, D, F = ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.DONE, ImportStatus.FAILED
MOVES = [
    # (from, action, to or None when the move does not exist)
    (Q, "start", R),
    (Q, "finish", None),
    (Q, "fail", F),
    (R, "start", None),
    (R, "finish", D),
    (R, "fail", F),
    (D, "start", None),
    (D, "finish", None),
    (D, "fail", None),
    (F, "start", None),
    (F, "finish", None),
    (F, "fail", None),
]


@pytest.mark.parametrize("source,action,target", MOVES)
@pytest.mark.parametrize("actor", ["uploader", "system", "other officer"])
def test_import_job_lifecycle(probolinggo, officer, other_officer, source, action, target, actor):
    job = ImportJob.objects.create(
        regency=probolinggo, filename="x.csv", source="x", created_by=officer, status=source
    )
    by = {"uploader": officer, "system": None, "other officer": other_officer}[actor]
    if target is None:
        with pytest.raises(InvalidTransition):
            LIFECYCLE.transition(job, action=action, by=by)
    elif actor == "other officer":
        with pytest.raises(PermissionDenied):
            LIFECYCLE.transition(job, action=action, by=by)
        assert ImportJob.objects.get(pk=job.pk).status == source
    else:
        LIFECYCLE.transition(job, action=action, by=by)
        assert ImportJob.objects.get(pk=job.pk).status == target
