"""Headless subcommands; each module has `register(subparsers)` and sets `run` on its parser."""

from __future__ import annotations

from types import ModuleType

from app.commands import check, demo_data, export, import_cmd

SUBCOMMANDS: tuple[ModuleType, ...] = (demo_data, check, export, import_cmd)

from app.commands import report  # noqa: E402 - appended so parallel branches merge line by line

SUBCOMMANDS += (report,)

from app.commands import import_email, serve_alerts  # noqa: E402 - detection channels (issue 9)

SUBCOMMANDS += (serve_alerts, import_email)
from app.commands import team_server  # noqa: E402 - appended so parallel branches merge line by line

SUBCOMMANDS += (team_server,)
