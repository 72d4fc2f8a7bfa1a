"""Bring a store to the current schema: integrity check, online backup, Alembic upgrade."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from app.domain.errors import StoreDamaged, StoreTooNew
from app.store.engine import sqlite_path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_KEPT = 5


@dataclass(frozen=True)
class MigrationResult:
    previous: str | None
    current: str
    backup: Path | None


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database or fails the quick integrity check."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise StoreDamaged(f"{path} is not an Incident Desk database (not an SQLite file). It was left untouched.")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreDamaged(f"{path} is damaged ({exc}). It was left untouched.") from exc
    if rows != [("ok",)]:
        found = "; ".join(r[0] for r in rows[:5])
        raise StoreDamaged(f"{path} failed its integrity check ({found}). It was left untouched.")


def backup_sqlite(path: Path, backup_dir: Path, revision: str | None, keep: int = BACKUPS_KEPT) -> Path:
    """Online backup through SQLite's backup API; keeps the newest `keep` copies of this store."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = backup_dir / f"{path.stem}-{stamp}-{revision or 'empty'}.sqlite3"
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    copies = sorted(backup_dir.glob(f"{path.stem}-*.sqlite3"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
    return target


def upgrade(engine: Engine, backup_dir: Path | None = None) -> MigrationResult:
    """Upgrade to head; back up an existing SQLite store first; refuse a store newer than the app."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    path = sqlite_path(str(engine.url))
    if path is not None:
        check_sqlite_file(path)
    previous = current_revision(engine)
    if previous is not None:
        try:
            script.get_revision(previous)
        except Exception as exc:
            raise StoreTooNew(
                f"This store was written by a newer version of Incident Desk (schema {previous}). "
                "Install the newer version to open it; the store was left untouched."
            ) from exc
    if previous == head:
        return MigrationResult(previous, head, None)
    backup = None
    if path is not None and previous is not None and backup_dir is not None:
        backup = backup_sqlite(path, backup_dir, previous)
    elif path is not None and previous is None and path.exists() and inspect(engine).get_table_names():
        raise StoreDamaged(f"{path} holds tables but no schema version: it is not an Incident Desk store.")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return MigrationResult(previous, head, backup)
