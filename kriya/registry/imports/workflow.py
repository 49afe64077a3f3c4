"""The lifecycle of an import job: queued → running → done, or → failed.

Moves are made by the background task on behalf of the person who uploaded the file
(or by the system when there is none); the audit trail gets one event per move."""

from django.utils.translation import gettext_lazy as _

from kriya.core.workflow import Lifecycle, Move

from ..models import ImportStatus as S


def importer(user, job) -> bool:
    """The uploader (the task acts for them), or the system (None)."""
    return user is None or getattr(user, "pk", None) == job.created_by_id


LIFECYCLE = Lifecycle(
    name="import_job",
    moves=[
        Move("start", S.QUEUED, S.RUNNING, importer, _("Mulai")),
        Move("finish", S.RUNNING, S.DONE, importer, _("Selesai")),
        Move("fail", (S.QUEUED, S.RUNNING), S.FAILED, importer, _("Gagal"), style="danger"),
    ],
)
