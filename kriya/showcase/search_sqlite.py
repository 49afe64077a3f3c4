"""The SQLite side of the catalogue search: an FTS5 table `showcase_fts` (rowid = product
id; columns title, body, tags) created by migration 0002.

Filters that are tokens (district, sector, technique, certificate) are matched inside
FTS5 (`tags : d351301`), so a common word with a selective district is an intersection
of two doclists, not a scan; the price range is checked on the joined entry row.
"""

from django.db import connection

from .words import tag

# SQL below is built from constant fragments only; every value is a parameter.
# bm25 column weights: a word in the product name counts four times a word elsewhere;
# tags never count.


def _quote(word: str) -> str:
    # Words are [0-9a-z] only (kriya.showcase.words), so quoting cannot be broken out of.
    return f'"{word}"*'


def match_expression(groups, filters) -> str:
    """The FTS5 MATCH string: every group must match (AND); a group is a list of
    alternatives (OR), each a list of words that must all match, as prefixes."""
    parts = []
    if groups:
        clauses = []
        for alternatives in groups:
            options = ["(" + " AND ".join(_quote(w) for w in words) + ")" for words in alternatives]
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


def window(groups, filters, limit: int) -> list[tuple[int, float, int]]:
    """Up to `limit` matches, newest first: (product id, relevance, price)."""
    sql = [
        "SELECT f.rowid, -bm25(showcase_fts, 4.0, 1.0, 0.0), e.price FROM showcase_fts f",
        "CROSS JOIN showcase_catalogueentry e ON e.product_id = f.rowid",
        "WHERE showcase_fts MATCH %s",
    ]
    params: list = [match_expression(groups, filters)]
    if filters.price_min is not None:
        sql.append("AND e.price >= %s")
        params.append(filters.price_min)
    if filters.price_max is not None:
        sql.append("AND e.price <= %s")
        params.append(filters.price_max)
    sql.append("ORDER BY f.rowid DESC LIMIT %s")
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)  # noqa: S608 (constant fragments)
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]


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
                "INSERT INTO showcase_fts (rowid, title, body, tags) VALUES (%s, %s, %s, %s)",
                [(e.product_id, e.title, e.body, e.tags) for e in entries],
            )


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM showcase_fts")


def _upper(prefix: str) -> str:
    # Words are [0-9a-z]: the next string after every word starting with `prefix`.
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefixes_present(words) -> set[str]:
    """Which of `words` begin at least one indexed word (one query)."""
    words = list(words)
    if not words:
        return set()
    selects = " UNION ALL ".join(
        "SELECT %s WHERE EXISTS (SELECT 1 FROM showcase_searchword "
        "WHERE word >= %s AND word < %s AND doc_count > 0)"
        for _ in words
    )
    params = [p for w in words for p in (w, w, _upper(w))]
    with connection.cursor() as cursor:
        cursor.execute(selects, params)  # noqa: S608 (constant fragments)
        return {row[0] for row in cursor.fetchall()}


def near_words(word: str) -> None:
    """No trigram index in SQLite: None tells the caller to look up edits1(word)."""
    return None
