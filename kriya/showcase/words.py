"""Words as the search sees them: one normalisation for documents and queries.

Both databases index the same normalised text (lower case, diacritics removed, only
letters and digits), so SQLite FTS5, PostgreSQL with or without `unaccent`, and the
vocabulary of indexed words agree on what a word is.
"""

import re
import unicodedata

MIN_WORD = 2  # shorter tokens are noise in a catalogue and make prefix queries explode
MAX_WORD = 40
MAX_QUERY_WORDS = 8
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

# Indonesian function words dropped from queries (not from documents): a visitor who
# types "batik dan bordir" should not need the word "dan" in a product.
STOP_WORDS = frozenset(
    [
        "dan",
        "atau",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "ini",
        "itu",
        "pada",
        "juga",
        "serta",
    ]
)

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """'Batik Tulis «Anggur», Café' → 'batik tulis anggur cafe'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", stripped).strip()


def words(text: str) -> list[str]:
    """The indexable words of a text, in order (duplicates kept)."""
    return [w for w in normalise(text).split() if MIN_WORD <= len(w) <= MAX_WORD]


def query_words(text: str) -> list[str]:
    """The words of a visitor's query: normalised, stop words dropped (unless nothing
    else is left), duplicates removed, at most MAX_QUERY_WORDS."""
    found = []
    for word in words(text):
        if word not in found:
            found.append(word)
    kept = [w for w in found if w not in STOP_WORDS] or found
    return kept[:MAX_QUERY_WORDS]


def edits1(word: str) -> set[str]:
    """Every string at Damerau-Levenshtein distance 1 (Norvig's generator)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return {w for w in deletes | transposes | replaces | inserts if len(w) >= MIN_WORD} - {word}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps)."""
    if a == b:
        return 0
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def tag(kind: str, value: str) -> str:
    """A filter token kept in the full-text document's tag part: tag('d', '35.13.01')
    → 'd351301'. Tags never collide with words: they sit in their own column/weight."""
    return kind + _NON_WORD.sub("", (value or "").lower())
