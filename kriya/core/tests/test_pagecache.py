"""kriya.core.pagecache below the views: version counters and their read from the
database cache (`make run`), which takes a short cut around Django's get_many."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from kriya.core import pagecache

DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "kriya_cache_test",
}


@pytest.fixture
def database_cache(settings, db):
    settings.CACHES = {**settings.CACHES, "default": DATABASE_CACHE}
    call_command("createcachetable", verbosity=0)
    yield caches["default"]
    caches["default"].clear()


def test_a_bump_changes_only_its_own_kind(db):
    before = pagecache.versions(["product", "service"])
    pagecache.bump("product")
    after = pagecache.versions(["product", "service"])
    assert after[0] != before[0] and after[1] == before[1]


def test_a_missing_counter_starts_at_a_random_value(db):
    caches["default"].delete(pagecache.VERSION_KEY.format("place"))
    first = pagecache.versions(["place"])
    caches["default"].delete(pagecache.VERSION_KEY.format("place"))
    assert pagecache.versions(["place"]) != first  # not back to one a page may be under
    assert pagecache.versions(["place"]) == pagecache.versions(["place"])


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        pagecache.bump("produk")
    with pytest.raises(ValueError):
        pagecache.cached_page("produk")


def test_the_database_cache_is_read_in_one_query_and_agrees_with_get_many(
    database_cache, django_assert_num_queries
):
    kinds = ["catalogue", "product", "business"]
    first = pagecache.versions(kinds)  # creates the counters
    pagecache.bump("product")
    with django_assert_num_queries(1):
        found = pagecache.versions(kinds)
    keys = [pagecache.VERSION_KEY.format(kind) for kind in kinds]
    stored = database_cache.get_many(keys)
    assert found == [stored[key] for key in keys]
    assert found[0] == first[0] and found[1] == first[1] + 1 and found[2] == first[2]
