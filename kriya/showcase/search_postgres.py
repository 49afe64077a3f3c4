"""The PostgreSQL side of the catalogue search: a generated `search_vector` column on
showcase_catalogueentry under a GIN index, created by migration 0002: the words of
title and body ('simple' configuration, through `unaccent` when available) and the
filter tags, each tag prefixed with "0" (`0d351301`, `0sbatik`, `0ttulis`, `0b…`) so it
can never be mistaken for a word. The vector is stripped of positions and weights:
ranking happens in Python on the window, and a smaller row means fewer pages to read.

Every filter but the price is a tag in the tsquery, so the GIN index intersects words
and filters at once; the price is a column. A word is looked up as the indexed words it
begins (from the vocabulary), or as a `:*` prefix when there are many.
"""

from django.db import connection

from .words import tag

TSQUERY = "to_tsquery('simple', showcase_unaccent(%s))"
EXPANSION_LIMIT = 20

_trigram: dict[str, bool] = {}


def _term(word: str, expansions) -> str:
    # Words are [0-9a-z] only (kriya.showcase.words): nothing to escape in a tsquery.
    exact = expansions.get(word)
    if exact:
        return "(" + " | ".join(exact) + ")"
    return f"{word}:*"


def filter_tags(filters) -> list[str]:
    """The filters as the vector's tag lexemes ("0" + the tag of kriya.showcase.words)."""
    found = [
        ("d", filters.district),
        ("s", filters.sector),
        ("t", filters.technique),
        ("b", filters.certificate),
    ]
    return ["0" + tag(kind, value) for kind, value in found if value]


def tsquery(groups, expansions, filters) -> str:
    """The tsquery text: every group must match; a group is a list of alternatives,
    each a list of words that must all match, as prefixes; then every filter tag."""
    clauses = []
    for alternatives in groups or ():
        options = [
            "(" + " & ".join(_term(w, expansions) for w in words) + ")" for words in alternatives
        ]
        clauses.append(options[0] if len(options) == 1 else "(" + " | ".join(options) + ")")
    clauses += filter_tags(filters)
    return " & ".join(clauses)


def _price_filters(filters) -> tuple[list[str], list]:
    sql, params = [], []
    if filters.price_min is not None:
        sql.append("AND price >= %s")
        params.append(filters.price_min)
    if filters.price_max is not None:
        sql.append("AND price <= %s")
        params.append(filters.price_max)
    return sql, params


def window(groups, expansions, filters, limit: int, *, with_text: bool) -> list[tuple]:
    """Up to `limit` matches, newest first: (product id, price, title, body); title and
    body only `with_text` (for ranking), else empty.

    For a common word the planner walks the primary key backwards and stops after
    `limit` matches; otherwise it takes the GIN index.
    """
    where, params = _price_filters(filters)
    text = "title, body" if with_text else "'', ''"
    # Constant fragments only; every value is a parameter.
    sql = (
        f"SELECT product_id, price, {text} FROM showcase_catalogueentry "  # noqa: S608
        f"WHERE search_vector @@ {TSQUERY} {' '.join(where)} "
        "ORDER BY product_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery(groups, expansions, filters), *params, limit])
        return cursor.fetchall()


def uses_full_text(groups, filters) -> bool:
    return bool(groups or filters.certificate)


def write(entries, removed_ids) -> None:
    """Nothing to mirror: the search vector is a generated column of the entry row."""


def clear() -> None:
    """The generated column goes with the entry rows."""


def expand(words) -> dict[str, list[str] | None]:
    """For each word, the indexed words it begins (None when more than EXPANSION_LIMIT);
    a word that begins none is left out. One query; `LIKE 'x%'` on a literal uses the
    varchar_pattern_ops index Django creates for the primary key. No ORDER BY: the
    planner would walk the primary key in collation order instead (measured: 110 ms
    for "mo" in 160,000 words, against 0.2 ms)."""
    words = sorted(set(words))
    if not words:
        return {}
    selects = " UNION ALL ".join(
        "(SELECT %s, word FROM showcase_searchword WHERE word LIKE %s AND doc_count > 0 LIMIT %s)"
        for _ in words
    )
    params = [p for w in words for p in (w, w + "%", EXPANSION_LIMIT + 1)]
    found: dict[str, list[str] | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(selects, params)
        for word, indexed in cursor.fetchall():
            found.setdefault(word, []).append(indexed)
    return {w: (None if len(v) > EXPANSION_LIMIT else v) for w, v in found.items()}


def has_trigram() -> bool:
    """Whether pg_trgm (and so the trigram index on the vocabulary) exists; checked
    once per process and database, as it only changes with a migration."""
    key = connection.settings_dict["NAME"]
    if key not in _trigram:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = %s)",
                ["showcase_searchword_trgm"],
            )
            _trigram[key] = bool(cursor.fetchone()[0])
    return _trigram[key]


def near_words(word: str) -> list[tuple[str, int]] | None:
    """The vocabulary words nearest to `word` by trigram distance (pg_trgm's GiST
    index answers `<->` as a nearest-neighbour scan); None when pg_trgm is missing."""
    if not has_trigram():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, doc_count FROM showcase_searchword WHERE doc_count > 0 "
            "ORDER BY word <-> %s LIMIT 30",
            [word],
        )
        return [(row[0], row[1]) for row in cursor.fetchall()]
