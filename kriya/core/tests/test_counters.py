"""`counters.bump`: add one, even when the entry expires between `add` and `incr`."""

from django.core.cache import cache

from kriya.core import counters


def test_counts_up_from_one():
    assert [counters.bump("t:count", 60) for _ in range(3)] == [1, 2, 3]


class _ExpiringCache:
    """The entry is gone each time `incr` comes, `expiries` times (the race)."""

    def __init__(self, expiries):
        self.expiries = expiries

    def add(self, key, value, timeout):
        return cache.add(key, value, timeout)

    def incr(self, key):
        if self.expiries:
            self.expiries -= 1
            cache.delete(key)
        return cache.incr(key)

    def set(self, key, value, timeout):
        cache.set(key, value, timeout)


def test_an_entry_expired_between_add_and_incr_starts_the_count_again():
    assert counters.bump("t:race", 60, cache=_ExpiringCache(1)) == 1
    assert counters.bump("t:race", 60, cache=_ExpiringCache(0)) == 2


def test_an_entry_evicted_every_time_still_counts_this_one():
    assert counters.bump("t:evicted", 60, cache=_ExpiringCache(99)) == 1
    assert cache.get("t:evicted") == 1
