"""PostgreSQL team server: full-text search (tsvector + GIN) and change notifications (NOTIFY) on incidents.

Nothing happens on SQLite, which has FTS5 from 0002 and polls PRAGMA data_version for changes.

Revision ID: 0003_pg_search
Revises: 0002
Create Date: 2027-01-10 10:00:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003_pg_search"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The same weights as FTS5's bm25 in 0002: title first, then the number, the reporter, the description.
DOCUMENT = ("setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A') || "
            "setweight(to_tsvector('simple', coalesce(NEW.number, '')), 'B') || "
            "setweight(to_tsvector('simple', coalesce((SELECT name FROM people WHERE id = NEW.reporter_id), '')), 'C') || "
            "setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'D')")

# Statement-level triggers with transition tables: one NOTIFY per statement, so a 100k-row import sends one
# message, not 100k. Payload "id:version,..."; "*" when too many rows (or a delete) to list.
NOTIFY_CHANNEL = "incident_desk_changes"
NOTIFY_LIMIT = 300


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE incident_search (incident_id integer PRIMARY KEY "
               "REFERENCES incidents(id) ON DELETE CASCADE, doc tsvector NOT NULL)")
    op.execute("CREATE INDEX ix_incident_search_doc ON incident_search USING gin (doc)")
    op.execute(f"""
        CREATE FUNCTION incident_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO incident_search(incident_id, doc) VALUES (NEW.id, {DOCUMENT})
            ON CONFLICT (incident_id) DO UPDATE SET doc = EXCLUDED.doc;
            RETURN NULL;
        END $$""")
    op.execute("CREATE TRIGGER incident_search_ai AFTER INSERT ON incidents "
               "FOR EACH ROW EXECUTE FUNCTION incident_search_refresh()")
    op.execute("CREATE TRIGGER incident_search_au AFTER UPDATE OF number, title, description, reporter_id "
               "ON incidents FOR EACH ROW EXECUTE FUNCTION incident_search_refresh()")
    # Index what is already there (a store upgraded from 0002 may hold incidents).
    op.execute(f"INSERT INTO incident_search(incident_id, doc) SELECT NEW.id, {DOCUMENT} FROM incidents AS NEW")

    op.execute(f"""
        CREATE FUNCTION incident_desk_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            n integer;
            payload text;
        BEGIN
            SELECT count(*), string_agg(c.id || ':' || c.version, ',') INTO n, payload
              FROM (SELECT id, version FROM changed LIMIT {NOTIFY_LIMIT + 1}) AS c;
            IF n = 0 THEN
                RETURN NULL;
            END IF;
            IF TG_OP = 'DELETE' OR n > {NOTIFY_LIMIT} THEN
                payload := '*';
            END IF;
            PERFORM pg_notify('{NOTIFY_CHANNEL}', payload);
            RETURN NULL;
        END $$""")
    for name, event, table in (("ai", "INSERT", "NEW"), ("au", "UPDATE", "NEW"), ("ad", "DELETE", "OLD")):
        op.execute(f"CREATE TRIGGER incident_notify_{name} AFTER {event} ON incidents "
                   f"REFERENCING {table} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION incident_desk_notify()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("ai", "au", "ad"):
        op.execute(f"DROP TRIGGER IF EXISTS incident_notify_{name} ON incidents")
    op.execute("DROP FUNCTION IF EXISTS incident_desk_notify()")
    op.execute("DROP TRIGGER IF EXISTS incident_search_ai ON incidents")
    op.execute("DROP TRIGGER IF EXISTS incident_search_au ON incidents")
    op.execute("DROP FUNCTION IF EXISTS incident_search_refresh()")
    op.execute("DROP TABLE IF EXISTS incident_search")
