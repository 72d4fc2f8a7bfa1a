"""Reporting benchmarks: CSV export of every incident against the sqlite3 shell's -csv, and the whole dashboard."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

from tests.benchmarks.run import BENCH_INCIDENTS, emit, median_of


def bench_csv_export(db_path: Path, folder: Path) -> None:
    """Same rows, columns and order both ways: the SQL the export runs, replayed in the sqlite3 shell."""
    from app.services.app import open_services
    from app.services.exports import ExportRequest
    from app.store import report_queries

    k = BENCH_INCIDENTS // 1000
    services = open_services(db_path, folder / "backups", login="bench", seed=False)
    try:
        out = folder / "export.csv"
        result = services.exports.export_incidents(ExportRequest(out))
        assert result.rows == BENCH_INCIDENTS, result.rows
        ours = median_of(lambda: services.exports.export_incidents(ExportRequest(out)), repeats=3)
        emit(f"csv_export_{k}k", ours, "s")
        sqlite3 = shutil.which("sqlite3")
        if sqlite3 is None:
            print("BENCH-SKIP sqlite3_cli_csv: the sqlite3 shell is not installed (make system-deps)")
            return
        with services.ctx.db.uow() as uow:
            q = report_queries.export_query(uow.session, [*ExportRequest(out).columns], services.ctx.clock.now(),
                                            services.ctx.user_id)
            sql = report_queries.sqlite_sql(uow.session, q)
        ref = folder / "sqlite3.csv"

        def shell() -> None:
            with ref.open("wb") as fh:
                subprocess.run([sqlite3, "-csv", "-header", str(db_path), sql], stdout=fh, check=True)

        theirs = median_of(shell, repeats=3)
        lines = sum(1 for _ in ref.open("rb"))
        assert lines >= BENCH_INCIDENTS + 1, lines
        emit(f"sqlite3_cli_csv_{k}k", theirs, "s")
        emit("csv_export_ratio_vs_sqlite3_cli", ours / theirs, "x")
    finally:
        services.close()


def bench_metrics(db_path: Path, folder: Path) -> None:
    from app.services.app import open_services
    from app.services.metrics import MetricsQuery

    services = open_services(db_path, folder / "backups", login="bench", seed=False)
    try:
        now = services.ctx.clock.now()
        q = MetricsQuery(now - timedelta(days=400), now + timedelta(days=1))
        m = services.metrics.dashboard(q)
        assert m.total == BENCH_INCIDENTS, m.total
        emit(f"metrics_{BENCH_INCIDENTS // 1000}k", median_of(lambda: services.metrics.dashboard(q)), "s")
    finally:
        services.close()
