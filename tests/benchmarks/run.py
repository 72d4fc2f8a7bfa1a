"""`make bench`: prints one line per figure as `BENCH <name> <value> <unit>` (medians of repeats)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH_INCIDENTS = int(os.environ.get("BENCH_INCIDENTS", "100000"))


def emit(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.3f} {unit}", flush=True)


def median_of(fn: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_store(folder: Path) -> Path:
    """Demo-data rate on a fresh store, then open+migrate of an empty and of the full store."""
    from app.services.app import open_services
    from app.store.database import Database

    db = folder / "bench.sqlite3"
    services = open_services(db, folder / "backups", login="bench")
    start = time.perf_counter()
    summary = services.demo.generate(BENCH_INCIDENTS, seed=1)
    took = time.perf_counter() - start
    services.close()
    emit(f"demo_data_{BENCH_INCIDENTS // 1000}k_seconds", took, "s")
    emit("demo_data_rate", summary.incidents / took, "incidents/s")

    def fresh() -> None:
        with tempfile.TemporaryDirectory() as t:
            Database.open(Path(t) / "x.sqlite3").close()

    emit("store_open_migrate_new", median_of(fresh) * 1000, "ms")
    emit("store_open_existing_100k", median_of(lambda: Database.open(db).close()) * 1000, "ms")
    return db


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.benchmarks import registry

    with tempfile.TemporaryDirectory(prefix="incident-desk-bench-") as tmp:
        folder = Path(tmp)
        db = bench_store(folder)
        for bench in registry.BENCHES:
            bench(db, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
