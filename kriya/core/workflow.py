"""Lifecycles as data: a table of moves and one `transition()` that applies them.

Every app with a lifecycle declares a `Lifecycle` in its `workflow.py`:

    LIFECYCLE = Lifecycle(
        name="business",
        moves=[Move("submit", Status.DRAFT, Status.SUBMITTED, is_owner, _("Ajukan")), ...],
    )

`Lifecycle.transition()` is the only place where a status is assigned. It locks the
row, checks that the move exists from the current status and that the actor may make
it, saves, and appends an audit event. The same table drives the buttons a user sees
(`available`) and the diagram in the docs (`mermaid`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit

Allowed = Callable[[object, object], bool]


class InvalidTransition(Exception):
    """The move does not exist from the object's current status."""

    def __init__(self, action: str, status: str):
        super().__init__(f"No move {action!r} from status {status!r}.")
        self.action = action
        self.status = status


@dataclass(frozen=True)
class Move:
    action: str
    sources: tuple[str, ...] | str
    target: str
    allowed: Allowed
    label: str = ""
    needs_reason: bool = False
    style: str = "primary"
    description: str = field(default="", compare=False)

    @property
    def source_set(self) -> tuple[str, ...]:
        return (self.sources,) if isinstance(self.sources, str) else tuple(self.sources)


class Lifecycle:
    def __init__(self, *, name: str, moves: Iterable[Move], field: str = "status"):
        self.name = name
        self.field = field
        self.moves = list(moves)
        self._index: dict[tuple[str, str], Move] = {}
        for move in self.moves:
            for source in move.source_set:
                key = (str(source), move.action)
                if key in self._index:
                    raise ValueError(f"Duplicate move {key} in lifecycle {name}.")
                self._index[key] = move

    def find(self, status: str, action: str) -> Move | None:
        return self._index.get((str(status), action))

    def moves_from(self, status: str) -> list[Move]:
        return [m for m in self.moves if str(status) in map(str, m.source_set)]

    def available(self, obj, user) -> list[Move]:
        """The moves `user` may make on `obj` right now: exactly the buttons to show."""
        status = getattr(obj, self.field)
        return [m for m in self.moves_from(status) if m.allowed(user, obj)]

    def can(self, obj, user, action: str) -> bool:
        move = self.find(getattr(obj, self.field), action)
        return bool(move and move.allowed(user, obj))

    def transition(
        self,
        obj,
        *,
        action: str,
        by,
        reason: str = "",
        changes: dict | None = None,
        data: dict | None = None,
    ):
        """Apply `action` to `obj` as `by`; return the locked, updated instance.

        Raises InvalidTransition when the move does not exist from the current status,
        PermissionDenied when `by` may not make it, ValidationError when a reason is
        required and missing. `changes` are extra field values saved with the move
        (a return reason, a decision date). The caller's `obj` is refreshed too.
        """
        reason = (reason or "").strip()
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.field)
            move = self.find(current, action)
            if move is None:
                raise InvalidTransition(action, current)
            if not move.allowed(by, locked):
                raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
            if move.needs_reason and not reason:
                raise ValidationError({"reason": _("Alasan wajib diisi.")})
            setattr(locked, self.field, move.target)
            update_fields = [self.field]
            for name, value in (changes or {}).items():
                setattr(locked, name, value)
                update_fields.append(name)
            if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
                update_fields.append("updated_at")
            locked.save(update_fields=update_fields)
            audit.record(
                actor=by,
                verb=f"{self.name}.{action}",
                obj=locked,
                data={
                    "from": str(current),
                    "to": str(move.target),
                    "reason": reason,
                    **(data or {}),
                },
            )
        for f in locked._meta.concrete_fields:
            setattr(obj, f.attname, getattr(locked, f.attname))
        return locked

    def mermaid(self) -> str:
        """The lifecycle as a Mermaid state diagram, for the docs."""
        lines = ["stateDiagram-v2"]
        for move in self.moves:
            for source in move.source_set:
                lines.append(f"    {source} --> {move.target}: {move.action}")
        return "\n".join(lines)
