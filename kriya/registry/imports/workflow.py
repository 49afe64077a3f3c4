"""The lifecycle of an import job: queued → running → done, or → failed; a failed job
can be restarted (→ queued).

Moves are made by the background task on behalf of the person who uploaded the file
(or by the system when there is none); the audit trail gets one event per move. When
the worker running the task dies, the system marks the job failed ("interrupt", see
kriya.ops.leases); whoever may import into the job's regency can then restart it."""

from django.utils.translation import gettext_lazy as _

from kriya.core.workflow import Lifecycle, Move

from ..models import ImportStatus as S
from .access import can_import_for


def importer(user, job) -> bool:
    """The uploader (the task acts for them), or the system (None)."""
    return user is None or getattr(user, "pk", None) == job.created_by_id


def system(user, job) -> bool:
    return user is None


def may_restart(user, job) -> bool:
    return user is not None and can_import_for(user, job.regency_id)


LIFECYCLE = Lifecycle(
    name="import_job",
    moves=[
        Move("start", S.QUEUED, S.RUNNING, importer, _("Mulai")),
        Move("finish", S.RUNNING, S.DONE, importer, _("Selesai")),
        Move("fail", (S.QUEUED, S.RUNNING), S.FAILED, importer, _("Gagal"), style="danger"),
        Move("interrupt", (S.QUEUED, S.RUNNING), S.FAILED, system, _("Terputus"), style="danger"),
        Move("restart", S.FAILED, S.QUEUED, may_restart, _("Mulai ulang")),
    ],
)
