"""On PostgreSQL, search folds accents as SQLite's already does: "musica" finds "Música". A text search
configuration of its own, English stemming after the unaccent dictionary (a trusted extension since PostgreSQL 13:
the database's owner may create it). The search index made before it must be rebuilt once: `manage.py update_index`
(docs/operations.md)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portfolio_search') THEN
        CREATE TEXT SEARCH CONFIGURATION portfolio_search (COPY = pg_catalog.english);
        ALTER TEXT SEARCH CONFIGURATION portfolio_search
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS portfolio_search;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0015_quotes_hold_quotes")]

    operations = [migrations.RunPython(create, drop)]
