"""`incident-desk export review INC… --format md|html|pdf --out FILE`: one post-incident review to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import add_db_argument, open_from_args


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("review", help="export an incident's post-incident review")
    p.add_argument("number", help="incident number, e.g. INC0000042")
    p.add_argument("--format", dest="review_format", choices=("md", "html", "pdf"), default=None,
                   help="output format (default: from the --out file's extension, else md)")
    p.add_argument("--out", required=True, help="file to write")
    add_db_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.export.review import FORMATS, write_review

    out = Path(args.out)
    fmt = args.review_format or (out.suffix.lstrip(".").lower().replace("markdown", "md") or "md")
    if fmt not in FORMATS:
        fmt = "md"
    services = open_from_args(args)
    try:
        row = services.reviews.get_by_number(args.number)
    finally:
        services.close()
    write_review(row, fmt, out)
    print(f"wrote {row.incident_number} review (revision {row.revision}, {row.status_label.lower()}) to {out}")
    return 0
