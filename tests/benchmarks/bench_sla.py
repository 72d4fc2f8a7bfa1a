"""SLA engine and escalation-panel figures on the benchmark store (on a copy: the scan writes)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.benchmarks.run import emit, median_of


def bench_sla(db_path: Path, folder: Path) -> None:
    from datetime import timedelta

    from app.domain.clock import FixedClock, SystemClock
    from app.domain.queue_filter import QueueFilter
    from app.services.app import open_services

    copy = folder / "sla.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            shutil.copy(src, Path(str(copy) + suffix))
    services = open_services(copy, folder / "sla-backups", login="bench", seed=False)
    try:
        start = time.perf_counter()
        report = services.sla_engine.scan().value
        emit("sla_scan_catch_up", (time.perf_counter() - start) * 1000, "ms")
        emit("sla_scan_catch_up_crossings", len(report.crossings), "events")
        emit("sla_scan_steady", median_of(lambda: services.sla_engine.scan()) * 1000, "ms")
        # A day later: the incidents that cross a moment in that day, like a scan after a night off.
        services.ctx.clock = FixedClock(SystemClock().now() + timedelta(days=1))
        start = time.perf_counter()
        later = services.sla_engine.scan().value
        emit("sla_scan_after_one_day", (time.perf_counter() - start) * 1000, "ms")
        emit("sla_scan_after_one_day_crossings", len(later.crossings), "events")
        open_rows = services.queue.rows(QueueFilter(statuses=("in_progress",)), limit=1)
        iid = open_rows[0].id if open_rows else 1
        emit("escalation_panel_load", median_of(lambda: services.workflow.panel(iid)) * 1000, "ms")
        emit("known_fixes_lookup", median_of(lambda: services.workflow.known_fixes(iid)) * 1000, "ms")
    finally:
        services.close()
