"""Full-text search over incidents: FTS5 with triggers on SQLite (a server index comes with its backend).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04 16:05:00

"""
from typing import Sequence, Union

from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    _create_search_index()
    if op.get_bind().dialect.name == "sqlite":
        # Index what is already there (a store upgraded from 0001 may hold incidents).
        op.execute(f"INSERT INTO incident_fts(rowid, {SEARCH_COLUMNS}) SELECT i.id, i.number, i.title, "
                   "i.description, coalesce(p.name, '') FROM incidents i LEFT JOIN people p ON p.id = i.reporter_id")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("incident_fts_ai", "incident_fts_au", "incident_fts_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS incident_fts")


SEARCH_COLUMNS = "number, title, description, reporter"


def _create_search_index() -> None:
    """Full-text search: FTS5 on SQLite, kept in step with incidents by triggers."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE incident_fts USING fts5(number, title, description, reporter, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    row = ("new.id, new.number, new.title, new.description, "
           "coalesce((SELECT name FROM people WHERE id = new.reporter_id), '')")
    op.execute(f"CREATE TRIGGER incident_fts_ai AFTER INSERT ON incidents BEGIN "
               f"INSERT INTO incident_fts(rowid, {SEARCH_COLUMNS}) VALUES ({row}); END")
    op.execute(f"CREATE TRIGGER incident_fts_au AFTER UPDATE OF number, title, description, reporter_id "
               f"ON incidents BEGIN DELETE FROM incident_fts WHERE rowid = old.id; "
               f"INSERT INTO incident_fts(rowid, {SEARCH_COLUMNS}) VALUES ({row}); END")
    op.execute("CREATE TRIGGER incident_fts_ad AFTER DELETE ON incidents BEGIN "
               "DELETE FROM incident_fts WHERE rowid = old.id; END")


