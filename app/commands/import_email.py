"""`incident-desk import-email FILE.eml…`: log incidents from e-mail files, threading replies into incidents."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import add_db_argument, open_from_args
from app.ingest.email_import import import_files


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import-email", help="import .eml files as incidents or replies to incidents")
    add_db_argument(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.eml", help="e-mail files (RFC 5322)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    services = open_from_args(args)
    try:
        results = import_files(services.email_intake, args.files)
    finally:
        services.close()
    for r in results:
        print(f"{r.path}: {r.outcome.message if r.outcome else 'FAILED: ' + (r.error or '')}")
    failed = sum(1 for r in results if not r.ok)
    print(f"{len(results) - failed} imported, {failed} failed")
    return 1 if failed else 0
