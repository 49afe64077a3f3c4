"""What the scheduler and the workers record: one row per run of a scheduled job and
period, the heartbeats of the running processes, and the leases of running tasks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    RETRYING = "retrying", _("Menunggu dicoba ulang")
    SUCCEEDED = "succeeded", _("Berhasil")
    FAILED = "failed", _("Gagal")


FINAL_STATUSES = (RunStatus.SUCCEEDED, RunStatus.FAILED)


class JobRunQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status__in=FINAL_STATUSES)


class JobRun(models.Model):
    """The run of one scheduled job (kriya.ops.schedule) for one period: the cron time it
    is due at. The row is created before the task is enqueued and (job, period) is unique,
    so two schedulers never run a job twice for the same period: the second one's insert
    fails and it leaves the period alone."""

    job = models.CharField(_("tugas"), max_length=64)
    period = models.DateTimeField(_("jadwal"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=1)
    task_result_id = models.CharField(_("id task"), max_length=64, blank=True)
    claimed_by = models.CharField(_("penjadwal"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("diantrekan"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    retry_at = models.DateTimeField(_("dicoba ulang pada"), null=True, blank=True)
    outcome = models.TextField(_("hasil"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "job"]
        verbose_name = _("jalannya tugas terjadwal")
        verbose_name_plural = _("tugas terjadwal")
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="ops_jobrun_once_per_period")
        ]
        indexes = [models.Index(fields=["job", "-period"], name="ops_jobrun_latest")]

    def __str__(self):
        return f"{self.job} @ {self.period:%Y-%m-%d %H:%M}"


class ProcessKind(models.TextChoices):
    SCHEDULER = "scheduler", _("Penjadwal")
    WORKER = "worker", _("Pekerja")


class Heartbeat(models.Model):
    """When a process was last seen alive: the scheduler stamps it every tick, a worker
    when it runs the heartbeat job and while it renews a task's lease (/readyz)."""

    kind = models.CharField(max_length=10, choices=ProcessKind.choices)
    ident = models.CharField(max_length=200)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("detak proses")
        verbose_name_plural = _("detak proses")
        constraints = [
            models.UniqueConstraint(fields=["kind", "ident"], name="ops_heartbeat_one_per_process")
        ]

    def __str__(self):
        return f"{self.kind} {self.ident}"


class TaskLease(models.Model):
    """A running task's lease: its worker renews `expires_at` while the task runs. A
    lease that expired means the worker died; the scheduler's reaper then fails the task
    with a message (kriya.ops.leases)."""

    task_result_id = models.UUIDField(primary_key=True)
    task_path = models.TextField()
    worker_id = models.CharField(max_length=64, blank=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    renewed_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sewa task")
        verbose_name_plural = _("sewa task")

    def __str__(self):
        return f"{self.task_path} on {self.host}:{self.pid}"
