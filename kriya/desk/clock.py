"""The working-day clock of a request against its service standard.

The clock runs while the agency holds the request (`CLOCK_RUNNING`) and pauses while
the request waits on the applicant (returned, awaiting payment). It is kept in three
fields saved together with the status by `transition_request`:

- `clock_days_used`: working days used in the segments that have ended;
- `clock_running_since`: the local date the current running segment started (None when
  paused or finished);
- `clock_deadline`: the last working day within the standard, while running.

Counting follows the usual "H+1" rule: the day a segment starts does not count, the day
it ends does (so a request returned and resubmitted on the same day loses no day twice).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from kriya.core.calendar import WorkingCalendar

# The statuses (values of `models.Status`) in which the agency holds a request and the
# clock runs, and those in which it waits on the applicant and the clock pauses. The
# clock is pure functions over values: it imports nothing of the desk, and
# `models.CLOCK_RUNNING`/`CLOCK_PAUSED` are built from these (an unknown value fails there).
RUNNING_STATUSES = frozenset(
    {"submitted", "resubmitted", "in_review", "accepted", "paid", "in_progress", "result_ready"}
)
PAUSED_STATUSES = frozenset({"returned", "awaiting_payment"})


@dataclass(frozen=True)
class Clock:
    standard_days: int | None
    used: int
    left: int | None
    deadline: date | None
    running: bool

    @property
    def overdue(self) -> bool:
        return self.standard_days is not None and self.used > self.standard_days

    @property
    def share_used(self) -> float | None:
        """Fraction of the standard used (for the 80 % reminder)."""
        if not self.standard_days:
            return None
        return self.used / self.standard_days


def clock_of(request, *, today: date | None = None, calendar=None) -> Clock:
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar()
    used = request.clock_days_used
    running = request.clock_running_since is not None
    if running:
        used += max(0, calendar.working_days_between(request.clock_running_since, today))
    standard = request.standard_days
    left = None if standard is None else standard - used
    return Clock(
        standard_days=standard,
        used=used,
        left=left,
        deadline=request.clock_deadline if running else None,
        running=running,
    )


def clock_changes(request, target: str, *, today: date | None = None, calendar=None) -> dict:
    """The clock fields to save when `request` moves to `target` today."""
    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar()
    was_running = request.clock_running_since is not None
    runs = target in RUNNING_STATUSES
    if runs and not was_running:
        deadline = None
        if request.standard_days is not None:
            left = max(0, request.standard_days - request.clock_days_used)
            deadline = calendar.add_working_days(today, left)
        return {"clock_running_since": today, "clock_deadline": deadline}
    if was_running and not runs:
        spent = max(0, calendar.working_days_between(request.clock_running_since, today))
        return {
            "clock_days_used": request.clock_days_used + spent,
            "clock_running_since": None,
            "clock_deadline": None,
        }
    return {}
