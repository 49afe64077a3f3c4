"""The schedule: every periodic job of Kriya, with its cron expression, in this one table.

Cron expressions are read in settings.TIME_ZONE (Asia/Jakarta, WIB) by croniter. Each
job names a django-tasks task; `manage.py scheduler` enqueues it once per period (see
kriya.ops.scheduler) and `manage.py db_worker` runs it. To add a job, add one line to
SCHEDULE (the task must take no arguments and be safe to run again: a failed run is
retried up to `attempts` times).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    task: str  # dotted path to a django-tasks Task taking no arguments
    description: str
    attempts: int = 3  # runs of one period at most, the first included
    retry_delay: timedelta = timedelta(minutes=1)  # doubled after each failed attempt

    def __post_init__(self):
        if not croniter.is_valid(self.cron):
            raise ValueError(f"job {self.name}: invalid cron expression {self.cron!r}")

    def get_task(self):
        return import_string(self.task)

    def latest_due(self, now: datetime) -> datetime:
        """The latest time at or before `now` the job is due (cron, in local time)."""
        base = now.astimezone(_zone()).replace(second=0, microsecond=0) + timedelta(seconds=1)
        return croniter(self.cron, base).get_prev(datetime)

    def next_due(self, now: datetime) -> datetime:
        """The first time after `now` the job is due."""
        return croniter(self.cron, now.astimezone(_zone())).get_next(datetime)

    def retry_delay_after(self, attempt: int) -> timedelta:
        return self.retry_delay * (2 ** max(attempt - 1, 0))


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


SCHEDULE: tuple[Job, ...] = (
    Job(
        "worker_heartbeat",
        "* * * * *",
        "kriya.ops.tasks.worker_heartbeat",
        _("Tanda hidup pekerja (untuk /readyz)"),
        attempts=1,
    ),
    Job(
        "expire_bills",
        "5 0 * * *",
        "kriya.desk.tasks.expire_bills_task",
        _("Tagihan yang lewat jatuh tempo dikembalikan ke pemohon"),
    ),
    Job(
        "send_reminders",
        "0 7 * * *",
        "kriya.desk.tasks.send_reminders_task",
        _("Pengingat layanan (menunggu pemohon, 80 persen standar waktu)"),
    ),
    Job(
        "certification_reminders",
        "30 7 * * *",
        "kriya.certification.tasks.send_reminders_task",
        _("Pengingat sertifikat kedaluwarsa dan surveilans"),
    ),
    Job(
        "training_offers",
        "*/15 * * * *",
        "kriya.training.tasks.expire_offers_task",
        _("Tawaran kursi pelatihan yang lewat batas diteruskan ke daftar tunggu berikutnya"),
    ),
    Job(
        "training_follow_ups",
        "0 9 * * *",
        "kriya.training.tasks.send_follow_ups_task",
        _("Tindak lanjut peserta pelatihan 3, 6 dan 12 bulan sesudah angkatan selesai"),
    ),
    Job(
        "refresh_status_lists",
        "0 * * * *",
        "kriya.verify.tasks.refresh_status_lists_task",
        _("Daftar status yang bertanda tangan ditandatangani ulang sebelum kedaluwarsa"),
    ),
    Job(
        "prune_history",
        "45 3 * * *",
        "kriya.ops.tasks.prune_history",
        _("Riwayat lama tugas terjadwal dan hasil task dihapus"),
    ),
    Job(
        "nightly_backup",
        "30 2 * * *",
        "kriya.ops.tasks.nightly_backup",
        _("Cadangan malam (basis data, dokumen, foto); arsip lama dihapus"),
        attempts=2,
        retry_delay=timedelta(minutes=10),
    ),
    Job(
        "retry_webhooks",
        "* * * * *",
        "kriya.hooks.delivery.retry_webhooks",
        _("Webhook yang gagal dikirim ulang (jeda berlipat, selama sehari)"),
        attempts=1,
    ),
    Job(
        "retry_whatsapp",
        "* * * * *",
        "kriya.desk.notifications.retry_whatsapp",
        _("Pesan WhatsApp yang tertunda dikirim ulang (jeda berlipat), lalu lewat e-mail"),
        attempts=1,
    ),
    Job(
        "event_sales_reminders",
        "*/30 * * * *",
        "kriya.events.tasks.remind_non_reporters_task",
        _("Pengingat laporan penjualan harian kepada peserta pameran setelah jam tutup"),
    ),
    Job(
        "event_totals",
        "40 2 * * *",
        "kriya.events.tasks.refresh_totals_task",
        _("Ringkasan laporan perputaran ekonomi acara yang berjalan dihitung ulang"),
    ),
    Job(
        "refresh_open_data",
        "20 * * * *",
        "kriya.insights.tasks.refresh_open_data_task",
        _("Berkas data terbuka (CSV, JSON, XLSX) ditulis ulang bila datanya berubah"),
        retry_delay=timedelta(minutes=5),
    ),
    Job(
        "semester_report_reminders",
        "0 8 * * *",
        "kriya.insights.tasks.semester_report_reminders_task",
        _("Pengingat laporan semester industri kepada usaha yang belum mengonfirmasi"),
    ),
    Job(
        "insights_rollups",
        "40 * * * *",
        "kriya.insights.rollups.rebuild_task",
        _("Ringkasan dasbor data usaha dan layanan balai dihitung ulang"),
        attempts=1,
    ),
)

JOBS: dict[str, Job] = {job.name: job for job in SCHEDULE}
