"""Shared fixtures: isolated data and settings folders, pinned clock, services on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import ensure_platform  # noqa: E402

# Offscreen with a large virtual screen, so windows and dialogs render at their real size.
ensure_platform(offscreen=True)

PINNED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real per-user data folder or Qt settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INCIDENT_DESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("INCIDENT_DESK_DB", raising=False)


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    from app.domain.clock import FixedClock

    return FixedClock(PINNED)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def backend() -> str:
    """Which store the `services` fixture opens; tests/integration parametrises it over both backends."""
    return "sqlite"


@pytest.fixture
def store_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The store for this test: the SQLite file at `db_path`, or a fresh seeded database on the test server."""
    if backend == "sqlite":
        yield str(db_path)
        return
    server = request.getfixturevalue("pg_server")
    url = server.fresh_store()
    yield url
    server.drop_database(url)


@pytest.fixture
def services(store_url: str, db_path: Path, clock) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from app.services.app import open_services

    svc = open_services(store_url, db_path.parent / "backups", clock=clock, login="tester")
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One PostgreSQL server for the whole run (initdb + pg_ctl as `postgres`), stopped at the end."""
    from tests.pg import MISSING, PgServer, find_bindir

    if find_bindir() is None:
        pytest.skip(MISSING)
    server = PgServer.start()
    yield server
    server.stop()
