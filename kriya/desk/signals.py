"""What the service desk announces to the modules above it (integrator webhooks,
`kriya.hooks`). Sent by the services at the point of the write, inside its transaction,
so a receiver that records something records it in the same transaction (a rolled-back
change announces nothing that survives); never a model's save hook.

- `request_status_changed(sender, request, action, from_status, to_status, by)`: one
  move of a service request's lifecycle (`services.transition_request`).
"""

from django.dispatch import Signal

request_status_changed = Signal()
