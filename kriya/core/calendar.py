"""Indonesian working days (hari kerja): Monday to Friday, minus national holidays
(from the `holidays` package) and collective leave days entered by an administrator."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year).keys())


class WorkingCalendar:
    """Answers 'is this a working day' with one query per year for collective leave."""

    def __init__(self):
        self._closed: dict[int, frozenset[date]] = {}

    def _closed_days(self, year: int) -> frozenset[date]:
        if year not in self._closed:
            from .models import CollectiveLeaveDay

            leave = CollectiveLeaveDay.objects.filter(date__year=year).values_list(
                "date", flat=True
            )
            self._closed[year] = _national_holidays(year) | frozenset(leave)
        return self._closed[year]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._closed_days(day.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The date `n` working days after `start` (`start` itself is not counted).

        With n == 0 the answer is `start` when it is a working day, else the next one.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return day
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b`; negative when `b` is before `a`."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a + timedelta(days=1)
        while day <= b:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


def is_working_day(day: date) -> bool:
    return WorkingCalendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    return WorkingCalendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    return WorkingCalendar().working_days_between(a, b)
