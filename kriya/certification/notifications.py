"""The seam for certification notifications (in-app and e-mail).

Every certification service calls `notify` once its change is recorded (on commit),
with the event (the audit verb, e.g. "certificate.suspend"), the business concerned,
the object, the actor and who should hear of it: "holder" (the business's owners and
consented facilitators) or "body" (the certification body's staff). It does nothing
yet, like `kriya.services.notifications.notify`: the notifications work replaces the
body without touching the callers. Services call it as `notifications.notify(...)` so
tests can watch it.
"""

HOLDER = "holder"
BODY = "body"


def notify(*, event: str, business, obj, by, audience: str = HOLDER, data: dict | None = None):
    """Tell the `audience` of `business` that `event` happened to `obj`. No-op for now."""
    return None
