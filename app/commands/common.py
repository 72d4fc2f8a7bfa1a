"""Helpers shared by subcommands: open the store named by --db the same way the GUI does."""

from __future__ import annotations

import argparse

from app.config import choose_store
from app.paths import backup_dir_for
from app.services.app import Services, open_services


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", dest="sub_db", required=required,
                        help="store: file path or SQLAlchemy URL (default as for the GUI)")


def open_from_args(args: argparse.Namespace) -> Services:
    db = getattr(args, "sub_db", None) or getattr(args, "db", None)
    choice = choose_store(db)
    return open_services(choice.db, backup_dir_for(choice.db))
