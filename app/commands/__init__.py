"""Headless subcommands; each module has `register(subparsers)` and sets `run` on its parser."""

from __future__ import annotations

from types import ModuleType

from app.commands import check, demo_data, export

SUBCOMMANDS: tuple[ModuleType, ...] = (demo_data, check, export)

from app.commands import import_email, serve_alerts  # noqa: E402 - detection channels (issue 9)

SUBCOMMANDS += (serve_alerts, import_email)
