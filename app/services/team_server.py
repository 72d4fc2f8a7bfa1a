"""Setting up a team server: create its schema and seed data, or move a local store onto it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.services.reference_data import seed_reference_data
from app.store.copy_store import HEADLINE, CopyReport, copy_store
from app.store.database import Database


@dataclass(frozen=True)
class InitReport:
    location: str
    previous: str | None  # schema revision before (None: the database was empty)
    current: str
    seeded: bool  # False when the server already had its reference data


def init_server(db: str, admin_login: str | None = None) -> InitReport:
    """Create or upgrade the schema, then seed reference data once (`admin_login` becomes its admin)."""
    database = Database.open(db)
    try:
        with database.uow() as uow:
            seeded = not uow.groups.all()
            seed_reference_data(uow, admin_login)
            uow.commit()
        migration = database.migration
        assert migration is not None
        return InitReport(database.location, migration.previous, migration.current, seeded)
    finally:
        database.close()


def migrate_store(source: str, target: str, backup_dir: Path | None = None,
                  progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every table of `source` into `target` (both brought to the current schema first)."""
    src = Database.open(source, backup_dir)
    try:
        dst = Database.open(target)
        try:
            return copy_store(src, dst, progress)
        finally:
            dst.close()
    finally:
        src.close()


__all__ = ["HEADLINE", "CopyReport", "InitReport", "init_server", "migrate_store"]
