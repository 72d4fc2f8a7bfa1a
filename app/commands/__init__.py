"""Headless subcommands; each module has `register(subparsers)` and sets `run` on its parser."""

from __future__ import annotations

from types import ModuleType

from app.commands import (
    check,
    demo_data,
    export,
    import_cmd,
    import_email,
    report,
    serve_alerts,
    team_server,
)

# Order is the order of `incident-desk --help`.
SUBCOMMANDS: tuple[ModuleType, ...] = (
    demo_data, check, export, report, import_cmd, import_email, serve_alerts, team_server,
)
