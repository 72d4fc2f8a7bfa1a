"""`incident-desk demo-data`: fill a store with deterministic, realistic incidents."""

from __future__ import annotations

import argparse
import sys
import time

from app.commands.common import add_db_argument, open_from_args


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo-data", help="generate demo incidents into a store")
    add_db_argument(p)
    p.add_argument("--incidents", type=int, default=1000, help="how many incidents (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    p.add_argument("--days", type=int, default=180, help="spread over this many past days")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.incidents < 0:
        print("incident-desk: --incidents must be 0 or more", file=sys.stderr)
        return 2
    services = open_from_args(args)
    try:
        start = time.perf_counter()
        summary = services.demo.generate(args.incidents, seed=args.seed, days=args.days)
        took = time.perf_counter() - start
        print(f"added {summary.incidents} incidents, {summary.events} audit events, {summary.notes} notes, "
              f"{summary.escalations} escalations, {summary.communications} communications, "
              f"{summary.contacts} contacts in {took:.1f} s to {services.location}")
    finally:
        services.close()
    return 0
