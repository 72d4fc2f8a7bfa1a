"""`incident-desk init-server` and `incident-desk migrate-store`: prepare a PostgreSQL team server."""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from app.paths import backup_dir_for
from app.services.team_server import HEADLINE, init_server, migrate_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("init-server", help="create the schema and seed data on a team server",
                       description="Creates (or upgrades) the schema on the server named by --db and, the first "
                                   "time, the reference data: categories, services, groups, staff, settings.")
    p.add_argument("--db", dest="sub_db", required=True, help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    p.add_argument("--admin", metavar="LOGIN", help="login of the first administrator (default: yours)")
    p.set_defaults(run=run_init)
    m = sub.add_parser("migrate-store", help="copy a local store, with all its history, onto a team server",
                       description="Copies every table of --from into --to in foreign-key order, keeping ids, in "
                                   "one transaction; then compares the row counts of every table.")
    m.add_argument("--from", dest="source", required=True, help="the local store: a file path or sqlite:/// URL")
    m.add_argument("--to", dest="target", required=True, help="the team server's SQLAlchemy URL (no incidents yet)")
    m.set_defaults(run=run_migrate)


def run_init(args: argparse.Namespace) -> int:
    admin = args.admin
    if admin is None:
        try:
            admin = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name on some service accounts
            admin = None
    report = init_server(args.sub_db, admin)
    was = report.previous or "empty"
    print(f"schema {was} -> {report.current} on {report.location}; "
          + ("reference data seeded" + (f", administrator {admin}" if admin else "") if report.seeded
             else "reference data already present"))
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    shown: dict[str, int] = {}

    def progress(table: str, rows: int) -> None:
        if rows - shown.get(table, 0) >= 50_000:
            shown[table] = rows
            print(f"  {table}: {rows} rows", file=sys.stderr)

    report = migrate_store(args.source, args.target, backup_dir_for(args.source), progress)
    for c in report.counts:
        if c.table in HEADLINE or not c.equal:
            mark = "ok" if c.equal else "MISMATCH"
            print(f"{c.table:<16} {c.source:>10} -> {c.target:>10}  {mark}")
    if not report.ok:
        print("incident-desk: the copy does not match the source; see MISMATCH above", file=sys.stderr)
        return 1
    print(f"copied {sum(c.source for c in report.counts)} rows in {len(report.counts)} tables "
          f"in {time.perf_counter() - start:.1f} s; all counts match")
    return 0
