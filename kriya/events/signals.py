"""What the events app tells the layers above, sent explicitly by its services inside
their transaction (so a rolled-back change announces nothing); never a model's save hook.

- `event_status_changed(sender, event, action, from_status, to_status, by)`: one move of
  an event's lifecycle (`services.transition_event`). The integrators' webhooks
  (`kriya.hooks`) announce a closed report ("event.report_closed") from it.
"""

from django.dispatch import Signal

event_status_changed = Signal()
