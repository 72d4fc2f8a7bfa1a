"""`incident-desk export <target>`: headless exports; each target is one module listed in TARGETS."""

from __future__ import annotations

import argparse
from types import ModuleType

# Each target module has `register(subparsers)` that adds `export <name>` and sets `run` on its parser.
TARGETS: list[ModuleType] = []

from app.commands import export_communications  # noqa: E402

TARGETS.append(export_communications)
from app.commands import export_incidents  # noqa: E402 - targets register below the list they join

TARGETS.append(export_incidents)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("export", help="export incidents, communications or reviews to files")
    targets = p.add_subparsers(dest="export_target", metavar="TARGET", required=True)
    for module in TARGETS:
        module.register(targets)


from app.commands import export_review  # noqa: E402 - targets register after TARGETS exists

TARGETS.append(export_review)
