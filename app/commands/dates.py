"""Date-range arguments shared by the reporting commands: dates are whole UTC days, `--to` is inclusive."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta


def parse_moment(text: str, end: bool = False) -> datetime:
    """'2026-03-01' is that whole day in UTC (its start, or for an end the next day's start); a full ISO time
    is taken as given (UTC if it has no zone)."""
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC) + (timedelta(days=1) if end else timedelta(0))
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD) or ISO time: {text!r}") from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def add_range_arguments(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", type=parse_moment,
                   help=f"first day of {what} (YYYY-MM-DD, UTC)")
    p.add_argument("--to", dest="date_to", metavar="DATE", type=lambda t: parse_moment(t, end=True),
                   help=f"last day of {what}, inclusive (YYYY-MM-DD, UTC)")
