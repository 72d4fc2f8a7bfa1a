"""A store: engine, migrations at open, unit-of-work factory and the fast read-side queries."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from app.store.engine import database_url, is_sqlite, make_engine, sqlite_path
from app.store.migrate import MigrationResult, upgrade
from app.store.uow import UnitOfWork


class Database:
    def __init__(self, url: str, engine: Engine, migration: MigrationResult | None = None) -> None:
        self.url = url
        self.engine = engine
        self.migration = migration
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | Path, backup_dir: Path | None = None, migrate: bool = True) -> Database:
        url = database_url(db)
        engine = make_engine(url)
        try:
            result = upgrade(engine, backup_dir) if migrate else None
        except Exception:
            engine.dispose()
            raise
        return cls(url, engine, result)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def location(self) -> str:
        """Where the data is, for the status bar: a file path or the URL without password."""
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.engine.url.render_as_string(hide_password=True)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._factory)

    def close(self) -> None:
        self.engine.dispose()
