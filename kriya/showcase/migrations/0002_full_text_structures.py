"""Database-specific full-text structures of the catalogue index.

SQLite: an FTS5 table (unicode61 tokenizer without diacritics, prefix indexes for 2-4
characters, column detail) whose rowid is the product id; the price rides along
unindexed so that a price range needs no join.

PostgreSQL: the unaccent and pg_trgm extensions when they can be created (a notice,
not a failure, when they cannot), an immutable `showcase_unaccent()` wrapper (the
identity without unaccent), a generated tsvector column with a GIN index — title and
body words plus the filter tags prefixed with "0", stripped of positions and weights
(ranking is done elsewhere; a small row is fewer pages) — and a trigram GiST index on
the vocabulary when pg_trgm exists.
"""

from django.db import migrations


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


SQLITE_FTS = """
CREATE VIRTUAL TABLE showcase_fts USING fts5(
    title, body, tags, price UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4',
    detail = column
)
"""

PG_EXTENSIONS = [
    """
    DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'unaccent not available (%), search works without it', SQLERRM;
    END $$
    """,
    """
    DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm not available (%), typo search uses the fallback', SQLERRM;
    END $$
    """,
]

PG_UNACCENT = """
DO $$
DECLARE
    ext_schema text;
BEGIN
    SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent';
    IF ext_schema IS NOT NULL THEN
        EXECUTE format(
            'CREATE OR REPLACE FUNCTION showcase_unaccent(text) RETURNS text '
            'LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS %L',
            format('SELECT %I.unaccent(%L::regdictionary, $1)', ext_schema, ext_schema || '.unaccent')
        );
    ELSE
        CREATE OR REPLACE FUNCTION showcase_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS 'SELECT $1';
    END IF;
END $$
"""

PG_VECTOR = [
    """
    ALTER TABLE showcase_catalogueentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        strip(to_tsvector(
            'simple'::regconfig,
            showcase_unaccent(title || ' ' || body) || ' '
            || regexp_replace(tags, '(\\S+)', '0\\1', 'g')
        ))
    ) STORED
    """,
    "CREATE INDEX showcase_entry_search ON showcase_catalogueentry USING gin (search_vector)",
]

PG_TRIGRAM = """
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX showcase_searchword_trgm ON showcase_searchword '
                'USING gist (word gist_trgm_ops)';
    END IF;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [("showcase", "0001_catalogue_index_and_destinations")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FTS, "DROP TABLE showcase_fts"),
        VendorRunSQL("postgresql", PG_EXTENSIONS, migrations.RunSQL.noop),
        VendorRunSQL("postgresql", PG_UNACCENT, "DROP FUNCTION IF EXISTS showcase_unaccent(text)"),
        VendorRunSQL(
            "postgresql",
            PG_VECTOR,
            [
                "DROP INDEX IF EXISTS showcase_entry_search",
                "ALTER TABLE showcase_catalogueentry DROP COLUMN search_vector",
            ],
        ),
        VendorRunSQL("postgresql", PG_TRIGRAM, "DROP INDEX IF EXISTS showcase_searchword_trgm"),
    ]
