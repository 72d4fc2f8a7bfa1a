"""Command line: launch the GUI (default) or run a headless subcommand; every subcommand is one module."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from app import __version__
from app.commands import SUBCOMMANDS
from app.domain.errors import DomainError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incident-desk",
        description="Incident Desk: ITIL incident management for the service desk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", help="store: a file path or a SQLAlchemy URL (default: $INCIDENT_DESK_DB, "
                                     "else incident-desk.sqlite3 in the per-user data folder)")
    parser.add_argument("--demo", action="store_true", help="open a fresh demo store in a temporary folder")
    parser.add_argument("--seed-demo", type=int, metavar="N", default=0,
                        help="if the store has no incidents yet, add N demo incidents first")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the main window offscreen to a PNG and exit")
    parser.add_argument("--self-test", action="store_true", help="run a short end-to-end check offscreen and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.command:
            return int(args.run(args) or 0)
        if args.self_test:
            from app.selftest import run_self_test

            return run_self_test()
        from app.bootstrap import run_gui

        return run_gui(args)
    except DomainError as exc:
        print(f"incident-desk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
