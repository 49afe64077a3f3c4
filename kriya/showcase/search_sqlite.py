"""The SQLite side of the catalogue search: an FTS5 table `showcase_fts` (rowid = product
id; columns title, body, tags, and price unindexed) created by migration 0002.

Filters that are tokens (district, sector, technique, certificate) are matched inside
FTS5 (`tags : d351301`), so a common word in a small district is an intersection of
two doclists, not a scan; the price range is checked on the FTS5 row itself.

Measured choices (docs/benchmarks.md): a word is looked up as the exact indexed words
it begins (from the vocabulary) rather than as an FTS5 prefix query, because FTS5
merges every matching term into one list before the first row comes out; and FTS5's
bm25() is not used, because it counts every matching document to weigh a word.
SQL here is built from constant fragments only; every value is a parameter.
"""

from django.db import connection

from .words import tag

EXPANSION_LIMIT = 20  # more indexed words than this under one prefix: a native prefix query


def _term(word: str, expansions) -> str:
    # Words are [0-9a-z] only (kriya.showcase.words), so quoting cannot be broken out of.
    exact = expansions.get(word)
    if exact:
        return "(" + " OR ".join(f'"{w}"' for w in exact) + ")"
    return f'"{word}"*'


def match_expression(groups, expansions, filters) -> str:
    """The FTS5 MATCH string: every group must match (AND); a group is a list of
    alternatives (OR), each a list of words that must all match, as prefixes."""
    parts = []
    if groups:
        clauses = []
        for alternatives in groups:
            options = [
                "(" + " AND ".join(_term(w, expansions) for w in words) + ")"
                for words in alternatives
            ]
            clauses.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
        parts.append("{title body} : (" + " AND ".join(clauses) + ")")
    tags = _filter_tags(filters)
    if tags:
        parts.append("tags : (" + " AND ".join(tags) + ")")
    return " AND ".join(parts)


def _filter_tags(filters) -> list[str]:
    tags = []
    if filters.district:
        tags.append(tag("d", filters.district))
    if filters.sector:
        tags.append(tag("s", filters.sector))
    if filters.technique:
        tags.append(tag("t", filters.technique))
    if filters.certificate:
        tags.append(tag("b", filters.certificate))
    return tags


def window(groups, expansions, filters, limit: int, *, with_text: bool) -> list[tuple]:
    """Up to `limit` matches, newest first: (product id, price, title, body); title and
    body only `with_text` (for ranking), else empty."""
    text = "title, body" if with_text else "'', ''"
    sql = [f"SELECT rowid, price, {text} FROM showcase_fts WHERE showcase_fts MATCH %s"]  # noqa: S608
    params: list = [match_expression(groups, expansions, filters)]
    if filters.price_min is not None:
        sql.append("AND price >= %s")
        params.append(filters.price_min)
    if filters.price_max is not None:
        sql.append("AND price <= %s")
        params.append(filters.price_max)
    sql.append("ORDER BY rowid DESC LIMIT %s")
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)  # noqa: S608 (constant fragments)
        return cursor.fetchall()


def uses_full_text(groups, filters) -> bool:
    # Any token filter is cheaper through FTS5 than through a scan of the entry table.
    return bool(groups or filters.certificate)


def write(entries, removed_ids) -> None:
    """Mirror entry rows into FTS5: drop `removed_ids`, insert `entries`."""
    with connection.cursor() as cursor:
        if removed_ids:
            cursor.executemany(
                "DELETE FROM showcase_fts WHERE rowid = %s", [(i,) for i in removed_ids]
            )
        if entries:
            cursor.executemany(
                "INSERT INTO showcase_fts (rowid, title, body, tags, price) "
                "VALUES (%s, %s, %s, %s, %s)",
                [(e.product_id, e.title, e.body, e.tags, e.price) for e in entries],
            )


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM showcase_fts")


def _upper(prefix: str) -> str:
    # Words are [0-9a-z]: the next string after every word starting with `prefix`.
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def expand(words) -> dict[str, list[str] | None]:
    """For each word, the indexed words it begins (None when more than EXPANSION_LIMIT);
    a word that begins none is left out. One query for all words."""
    words = sorted(set(words))
    if not words:
        return {}
    selects = " UNION ALL ".join(
        "SELECT * FROM (SELECT %s, word FROM showcase_searchword "
        "WHERE word >= %s AND word < %s AND doc_count > 0 LIMIT %s)"
        for _ in words
    )
    params = [p for w in words for p in (w, w, _upper(w), EXPANSION_LIMIT + 1)]
    found: dict[str, list[str] | None] = {}
    with connection.cursor() as cursor:
        cursor.execute(selects, params)  # noqa: S608 (constant fragments)
        for word, indexed in cursor.fetchall():
            found.setdefault(word, []).append(indexed)
    return {w: (None if len(v) > EXPANSION_LIMIT else v) for w, v in found.items()}


def near_words(word: str) -> None:
    """No trigram index in SQLite: None tells the caller to look up edits1(word)."""
    return None
