"""What certification announces to the modules above it (integrator webhooks,
`kriya.hooks`). Sent by the services at the point of the write, inside its transaction
(see `kriya/desk/signals.py`); never a model's save hook.

- `certificate_changed(sender, certificate, change, reason, by)`: a certificate was
  granted (`change="granted"`), or suspended, reinstated or withdrawn.
"""

from django.dispatch import Signal

certificate_changed = Signal()

GRANTED, SUSPENDED, REINSTATED, WITHDRAWN = "granted", "suspended", "reinstated", "withdrawn"
CHANGE_OF_ACTION = {"suspend": SUSPENDED, "reinstate": REINSTATED, "withdraw": WITHDRAWN}
