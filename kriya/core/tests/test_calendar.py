from datetime import date

import pytest

from kriya.core.calendar import add_working_days, is_working_day, working_days_between
from kriya.core.models import CollectiveLeaveDay

pytestmark = pytest.mark.django_db


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 11, 27))  # Friday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday


def test_national_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 8, 17))  # Independence Day, a Monday
    assert not is_working_day(date(2026, 12, 25))  # Christmas, a Friday


def test_collective_leave_entered_by_an_administrator_is_not_a_working_day():
    day = date(2026, 12, 24)  # Thursday
    assert is_working_day(day)
    CollectiveLeaveDay.objects.create(date=day, name="Cuti bersama Natal")
    assert not is_working_day(day)


def test_add_working_days_skips_weekends():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Fri + 1 = Mon
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_add_working_days_skips_holidays():
    # Fri 14 Aug 2026 + 1 working day: Mon 17 Aug is Independence Day, so Tue 18 Aug.
    assert add_working_days(date(2026, 8, 14), 1) == date(2026, 8, 18)


def test_add_zero_working_days_moves_to_the_next_working_day():
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 30), 0) == date(2026, 11, 30)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 27)) == 4
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1
    assert working_days_between(date(2026, 8, 14), date(2026, 8, 18)) == 1
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 27)) == -1
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 27)) == 0


def test_the_two_functions_agree_across_a_year_end():
    start = date(2026, 12, 20)
    end = add_working_days(start, 12)
    assert end.year == 2027
    assert working_days_between(start, end) == 12
