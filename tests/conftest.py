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
def services(db_path: Path, clock) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from app.services.app import open_services

    svc = open_services(db_path, db_path.parent / "backups", clock=clock, login="tester")
    yield svc
    svc.close()
