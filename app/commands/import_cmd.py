"""`incident-desk import <target>`: CSV import from other tools, headless (same importer as the wizard).

    incident-desk import servicenow FILE[.gz] --db STORE [--dry-run]
    incident-desk import csv FILE (--profile NAME | --mapping FILE.json) --db STORE [--dry-run]
    incident-desk import save-profile MAPPING.json [--name NAME] --db STORE
    incident-desk import export-profile NAME FILE.json --db STORE

Exit status: 0 when every row was imported (warnings allowed), 1 when rows were skipped, 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.commands.common import add_db_argument, open_from_args
from app.ingest.csv_import.importer import ImportSummary
from app.ingest.csv_import.mapping import Mapping
from app.ingest.csv_import.service import ImportService
from app.ingest.servicenow import PRESET
from app.services.jobs import JobControl


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("import", help="import incidents with their history from CSV exports of other tools")
    targets = p.add_subparsers(dest="import_target", metavar="TARGET", required=True)

    sn = targets.add_parser("servicenow", help="ServiceNow incident export (event log, one row per update)")
    sn.add_argument("file", type=Path, help="CSV file, optionally gzip-compressed")
    _common(sn)
    sn.set_defaults(run=run_servicenow)

    csv_p = targets.add_parser("csv", help="any CSV export, with a saved profile or a mapping file")
    csv_p.add_argument("file", type=Path, help="CSV file, optionally gzip-compressed")
    how = csv_p.add_mutually_exclusive_group(required=True)
    how.add_argument("--profile", help="name of a saved mapping profile (or a built-in preset)")
    how.add_argument("--mapping", type=Path, help="mapping JSON file (see docs/import.md)")
    _common(csv_p)
    csv_p.set_defaults(run=run_csv)

    save = targets.add_parser("save-profile", help="store a mapping JSON file as a named profile")
    save.add_argument("mapping", type=Path, help="mapping JSON file")
    save.add_argument("--name", help="profile name (default: the name inside the file)")
    add_db_argument(save)
    save.set_defaults(run=run_save_profile)

    exp = targets.add_parser("export-profile", help="write a saved profile or preset as a mapping JSON file")
    exp.add_argument("name", help="profile name")
    exp.add_argument("out", type=Path, help="output JSON file")
    add_db_argument(exp)
    exp.set_defaults(run=run_export_profile)


def _common(p: argparse.ArgumentParser) -> None:
    add_db_argument(p)
    p.add_argument("--dry-run", action="store_true", help="check every row and report; write nothing")
    p.add_argument("--all-or-nothing", action="store_true",
                   help="one transaction: an interrupted import leaves nothing behind")
    p.add_argument("--max-issues", type=int, default=100, metavar="N", help="print at most N row issues")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")


def _shows_progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _progress(args: argparse.Namespace) -> JobControl:
    if not _shows_progress(args):
        return JobControl()

    def show(done: int, total: int, message: str) -> None:
        print(f"\r{message:<60}", end="", file=sys.stderr, flush=True)

    return JobControl(show)


def _run(args: argparse.Namespace, mapping: Mapping) -> int:
    if not args.file.is_file():
        print(f"incident-desk: there is no file {args.file}", file=sys.stderr)
        return 2
    services = open_from_args(args)
    try:
        imports = ImportService(services.ctx)
        control = _progress(args)
        summary: ImportSummary
        if args.dry_run:
            summary = imports.dry_run(args.file, mapping, control)
        else:
            summary = imports.run(args.file, mapping, control, all_or_nothing=args.all_or_nothing).value
        if _shows_progress(args):
            print(file=sys.stderr)
        for line in summary.lines(args.max_issues):
            print(line)
        if not args.dry_run:
            print(f"  store: {services.location}")
    finally:
        services.close()
    return 1 if summary.errors else 0


def run_servicenow(args: argparse.Namespace) -> int:
    return _run(args, PRESET)


def run_csv(args: argparse.Namespace) -> int:
    if args.mapping is not None:
        return _run(args, Mapping.load(args.mapping))
    services = open_from_args(args)
    try:
        mapping = ImportService(services.ctx).profile(args.profile)
    finally:
        services.close()
    return _run(args, mapping)


def run_save_profile(args: argparse.Namespace) -> int:
    mapping = Mapping.load(args.mapping)
    services = open_from_args(args)
    try:
        saved = ImportService(services.ctx).save_profile(mapping, args.name).value
    finally:
        services.close()
    print(f"saved import profile '{saved.name}'")
    return 0


def run_export_profile(args: argparse.Namespace) -> int:
    services = open_from_args(args)
    try:
        mapping = ImportService(services.ctx).profile(args.name)
    finally:
        services.close()
    mapping.save(args.out)
    print(f"wrote {args.out}")
    return 0
