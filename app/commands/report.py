"""`incident-desk report`: the dashboard's figures for a date range as CSV, Markdown or PDF, with no display."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path

from app.commands.common import add_db_argument, open_from_args
from app.commands.dates import add_range_arguments
from app.export import metrics_report
from app.services.metrics import MetricsQuery


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="service-desk metrics for a date range (csv, md or pdf)",
                       description="Volume, speed (MTTA/MTTR), SLA compliance, rates, backlog ageing, hold time "
                                   "and update timeliness of the incidents logged in a date range.")
    add_db_argument(p)
    add_range_arguments(p, "the report (default: the last 30 days)")
    p.add_argument("--format", choices=("csv", "md", "pdf"), help="output format (default: from --out's suffix)")
    p.add_argument("--delimiter", choices=(",", ";"), default=",", help="CSV field separator (default ,)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or {".md": "md", ".pdf": "pdf"}.get(args.out.suffix.lower(), "csv")
    services = open_from_args(args)
    try:
        now = services.ctx.clock.now()
        end = args.date_to or now
        start = args.date_from or end - timedelta(days=30)
        metrics = services.metrics.dashboard(MetricsQuery(start, end))
    finally:
        services.close()
    if fmt == "md":
        metrics_report.write_markdown(metrics, args.out)
    elif fmt == "pdf":
        metrics_report.write_pdf(metrics, args.out)
    else:
        from app.export.csv_safe import CsvOptions

        metrics_report.write_csv(metrics, args.out, CsvOptions(args.delimiter))
    print(f"wrote the {fmt} report of {metrics.total} incidents to {args.out}")
    return 0
