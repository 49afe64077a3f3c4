"""A counter in the shared cache that several workers may bump at once."""

from __future__ import annotations

from django.core.cache import cache as default_cache


def bump(key: str, timeout: float, *, cache=default_cache) -> int:
    """Add one to the counter at `key` (created at 0 for `timeout` seconds) and return
    the new count. `add` then `incr` is atomic in each step, but the entry may expire
    between the two (`incr` then raises ValueError): the count starts again, as it would
    have a moment later."""
    for _attempt in range(5):
        cache.add(key, 0, timeout)
        try:
            return cache.incr(key)
        except ValueError:
            continue
    # Evicted five times in a row: count this one alone rather than fail the request.
    cache.set(key, 1, timeout)
    return 1
