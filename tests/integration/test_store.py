"""Real migrations on a file: backup before migrating, newer store refused, damaged file untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from app.domain.errors import StoreDamaged, StoreTooNew
from app.store.database import Database
from app.store.engine import database_url, make_engine
from app.store.migrate import alembic_config, head_revision


def test_fresh_store_is_at_head_with_pragmas(db_path: Path) -> None:
    db = Database.open(db_path, db_path.parent / "backups")
    try:
        assert db.migration is not None and db.migration.current == head_revision()
        assert db.migration.backup is None  # nothing to back up on a new store
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        db.close()


def test_backup_taken_before_migrating(db_path: Path) -> None:
    engine = make_engine(database_url(db_path))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO people(kind, name, role, is_active) VALUES ('contact', 'Old Data', "
                             "'agent', 1)")
    engine.dispose()
    db = Database.open(db_path, db_path.parent / "backups")
    try:
        assert db.migration is not None
        assert db.migration.previous == "0001" and db.migration.current == head_revision()
        backup = db.migration.backup
        assert backup is not None and backup.exists()
        con = sqlite3.connect(backup)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT name FROM people").fetchall() == [("Old Data",)]
        con.close()
    finally:
        db.close()


def test_backups_rotate(db_path: Path, tmp_path: Path) -> None:
    from app.store.migrate import backup_sqlite

    Database.open(db_path).close()
    for _ in range(8):
        backup_sqlite(db_path, tmp_path / "b", "0002", keep=3)
    assert len(list((tmp_path / "b").glob("*.sqlite3"))) == 3


def test_newer_store_refused_and_untouched(db_path: Path) -> None:
    Database.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreTooNew, match="newer version"):
        Database.open(db_path, db_path.parent / "backups")
    assert db_path.read_bytes() == before


def test_damaged_file_detected_and_never_overwritten(db_path: Path) -> None:
    db_path.write_bytes(b"this is not a database" * 100)
    before = db_path.read_bytes()
    with pytest.raises(StoreDamaged, match="untouched"):
        Database.open(db_path)
    assert db_path.read_bytes() == before


def test_corrupted_pages_detected(db_path: Path) -> None:
    Database.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    for i in range(page * 2, min(len(data), page * 6)):
        data[i] = 0xFF
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged):
        Database.open(db_path)
