"""`incident-desk export communications`: the communication log of some incidents or a date range to a file."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time, timedelta

from app.commands.common import add_db_argument, open_from_args
from app.domain.communication import Audience, Channel, CommQuery, Direction
from app.domain.errors import ValidationError
from app.domain.validation import format_number, parse_number


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("communications", help="the communication log as CSV, Markdown, HTML or PDF",
                       description="Export stakeholder updates and replies. Dates are local; --to is inclusive.")
    add_db_argument(p)
    p.add_argument("--format", choices=["csv", "md", "html", "pdf"],
                   help="output format (default: from the --out file name)")
    p.add_argument("--incident", dest="incidents", action="extend", nargs="+", default=[], metavar="INC",
                   help="only these incidents (INC0000123 or 123; repeatable)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="sent on or after (YYYY-MM-DD or ISO time)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="sent on or before (YYYY-MM-DD or ISO time)")
    p.add_argument("--audience", action="append", default=[], choices=[a.value for a in Audience])
    p.add_argument("--channel", action="append", default=[], choices=[c.value for c in Channel])
    p.add_argument("--direction", choices=[d.value for d in Direction])
    p.add_argument("--out", required=True, metavar="FILE", help="file to write (replaced only when complete)")
    p.set_defaults(run=run)


def parse_bound(text: str, end: bool) -> datetime:
    """A date means the whole local day (an end date includes that day); a full time is taken as given."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime.combine(day + timedelta(days=1) if end else day, time()).astimezone()
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.astimezone()
    except ValueError:
        raise ValidationError(f"'{text}' is not a date (YYYY-MM-DD) or an ISO time.",
                              "to" if end else "from") from None
    return moment


def build_query(args: argparse.Namespace) -> CommQuery:
    numbers: list[str] = []
    for raw in args.incidents:
        for part in raw.replace(",", " ").split():
            seq = parse_number(part) if not part.isdigit() else int(part)
            if seq is None:
                raise ValidationError(f"'{part}' is not an incident number.", "incident")
            numbers.append(format_number(seq))
    return CommQuery(
        incident_numbers=tuple(dict.fromkeys(numbers)),
        sent_from=parse_bound(args.date_from, end=False) if args.date_from else None,
        sent_to=parse_bound(args.date_to, end=True) if args.date_to else None,
        audiences=tuple(args.audience), channels=tuple(args.channel), direction=args.direction,
    )


def run(args: argparse.Namespace) -> int:
    from app.export.communications import ExportFormat, export_query

    fmt = ExportFormat(args.format) if args.format else ExportFormat.from_path(args.out)
    if fmt is None:
        print("incident-desk: give --format csv|md|html|pdf (the --out name has no known extension)",
              file=sys.stderr)
        return 2
    query = build_query(args)
    services = open_from_args(args)
    try:
        summary = export_query(services.communications, query, fmt, args.out)
    finally:
        services.close()
    pages = f", {summary.pages} pages" if summary.pages else ""
    print(f"wrote {summary.rows} communication entries to {summary.path} ({fmt.value}{pages})")
    return 0
