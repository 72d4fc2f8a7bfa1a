"""`incident-desk check`: integrity of the store and its audit trail."""

from __future__ import annotations

import argparse

from app.commands.common import add_db_argument, open_from_args


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="check the store and its audit trail")
    add_db_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    services = open_from_args(args)
    try:
        report = services.integrity.check()
    finally:
        services.close()
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1
