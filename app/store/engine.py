"""Engine factory: SQLite (per-user file, WAL, foreign keys, busy timeout) or any SQLAlchemy URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 10_000


def database_url(db: str | Path) -> str:
    """A path becomes a sqlite URL; anything with a scheme is taken as a SQLAlchemy URL."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def server_url(host: str, port: int, database: str, user: str, password: str | None = None) -> str:
    """A PostgreSQL URL for psycopg with every part escaped (passwords may hold @, / or :)."""
    from sqlalchemy.engine import URL

    # A desktop should say "cannot connect" after a while, not hang on an unreachable host.
    url = URL.create("postgresql+psycopg", username=user or None, password=password or None, host=host or None,
                     port=port or None, database=database or None, query={"connect_timeout": "10"})
    return url.render_as_string(hide_password=False)
