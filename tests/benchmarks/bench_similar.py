"""similar_search_100k: duplicate suggestions for typed titles over the benchmark store (median, ms)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tests.benchmarks.run import BENCH_INCIDENTS, emit

# What an agent types, including half-typed last words (prefix matches).
TYPED = (
    "VPN drops every few minutes", "Outlook cannot conn", "Printer on floor 3 jams", "ERP is very slow",
    "Cannot log in to CRM", "Disk space low on fs-01", "Phishing e-mail rece", "Wi-Fi weak in meeting room",
    "Database replication lag", "New starter has no access to Payroll",
)


def bench_similar(db_path: Path, folder: Path) -> None:
    from app.services.app import open_services

    services = open_services(db_path, folder / "backups", login="bench", seed=False)
    try:
        services.similar.find("warm up")
        times = []
        for _ in range(3):
            for text in TYPED:
                start = time.perf_counter()
                found = services.similar.find(text)
                times.append(time.perf_counter() - start)
                assert found, text
        emit(f"similar_search_{BENCH_INCIDENTS // 1000}k", statistics.median(times) * 1000, "ms")
    finally:
        services.close()
