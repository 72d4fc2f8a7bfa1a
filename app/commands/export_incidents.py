"""`incident-desk export incidents`: a queue view or a logging-date range to Excel-safe CSV, with no display."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import add_db_argument, open_from_args
from app.commands.dates import add_range_arguments
from app.domain.queue_filter import BUILTIN_VIEWS, BuiltinView
from app.export.csv_safe import CsvOptions
from app.services.exports import ExportRequest


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("incidents", help="incidents to CSV (UTF-8 with BOM, CRLF, Excel-safe)",
                       description="Export incidents, one row per incident, to a CSV file that opens cleanly "
                                   "in Excel. Timestamps are ISO 8601 UTC; durations are minutes.")
    add_db_argument(p)
    p.add_argument("--view", metavar="NAME",
                   help="a built-in view by key or name: " + ", ".join(v.key for v in BUILTIN_VIEWS))
    add_range_arguments(p, "logging")
    p.add_argument("--delimiter", choices=(",", ";"), default=",", help="field separator (default ,)")
    p.add_argument("--no-bom", action="store_true", help="leave out the UTF-8 byte-order mark")
    p.add_argument("--local-time", action="store_true", help="add a local-time column beside each UTC time")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.csv", help="where to write")
    p.set_defaults(run=run)


def find_view(name: str) -> BuiltinView | None:
    wanted = name.strip().casefold()
    return next((v for v in BUILTIN_VIEWS if wanted in (v.key.casefold(), v.name.casefold())), None)


def run(args: argparse.Namespace) -> int:
    view = None
    if args.view:
        view = find_view(args.view)
        if view is None:
            print(f"incident-desk: no view called {args.view!r}; choose one of: "
                  + ", ".join(v.key for v in BUILTIN_VIEWS), file=sys.stderr)
            return 2
    req = ExportRequest(args.out, filter=view.filter if view else None, logged_from=args.date_from,
                        logged_to=args.date_to, options=CsvOptions(args.delimiter, bom=not args.no_bom),
                        local_time=args.local_time, sort=(("number", True),) if view else ())
    services = open_from_args(args)
    try:
        result = services.exports.export_incidents(req)
    finally:
        services.close()
    print(f"exported {result.rows} incidents to {result.path}")
    return 0
