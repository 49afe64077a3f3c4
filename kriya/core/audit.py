"""The append-only audit trail. Every service that changes state calls `record`."""

from django.contrib.contenttypes.models import ContentType

from .logs import request_id_var
from .models import AuditEvent


def record(*, actor, verb: str, obj=None, data: dict | None = None) -> AuditEvent:
    """Append one audit event. `actor` may be None for the system (tasks, imports)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        verb=verb,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=data or {},
        request_id=request_id_var.get(),
    )
