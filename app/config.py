"""Start-up configuration resolved from the command line and environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.paths import DB_ENV, default_db_path


@dataclass(frozen=True)
class StoreChoice:
    db: str
    source: str  # "argument", "environment", "default", "demo"


def choose_store(arg: str | None) -> StoreChoice:
    if arg:
        return StoreChoice(arg, "argument")
    env = os.environ.get(DB_ENV)
    if env:
        return StoreChoice(env, "environment")
    return StoreChoice(str(default_db_path()), "default")
