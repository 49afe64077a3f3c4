"""The seam for notifications (in-app and e-mail, reminders).

Every service in `kriya.services.services` calls `notify` once, after its change is
recorded, with the request, an event name (the audit verb, e.g.
"service_request.accept") and the actor. It does nothing yet: the notifications work
replaces the body (enqueue a django-tasks task on commit) without touching the callers.
"""


def notify(*, request, event: str, by, data: dict | None = None) -> None:
    """Tell the people concerned that `event` happened to `request`. No-op for now."""
    return None
