"""`incident-desk export <target>`: headless exports; each target is one module listed in TARGETS."""

from __future__ import annotations

import argparse
from types import ModuleType

from app.commands import export_communications, export_incidents, export_review

# Each target module has `register(subparsers)` that adds `export <name>` and sets `run` on its parser.
TARGETS: tuple[ModuleType, ...] = (export_incidents, export_communications, export_review)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export incidents, communications or reviews to files")
    targets = p.add_subparsers(dest="export_target", metavar="TARGET", required=True)
    for module in TARGETS:
        module.register(targets)
