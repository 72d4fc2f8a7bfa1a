"""Where things live: per-user data dir (platformdirs), default store, backups, bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "IncidentDesk"
APP_AUTHOR = "IncidentDesk"
DB_ENV = "INCIDENT_DESK_DB"
DATA_ENV = "INCIDENT_DESK_DATA_DIR"


def data_dir() -> Path:
    """Per-user data folder; INCIDENT_DESK_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=True))


def default_db_path() -> Path:
    return data_dir() / "incident-desk.sqlite3"


def backup_dir_for(db: str | Path) -> Path | None:
    """Backups sit beside a file store in `backups/`; a server store has none here."""
    text = str(db)
    if "://" in text and not text.startswith("sqlite"):
        return None
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    return Path(text).expanduser().resolve().parent / "backups"


def resources_dir() -> Path:
    """`resources/` from source checkouts and from PyInstaller bundles (files under _MEIPASS)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
