"""Benchmarks beyond the store figures; each takes the 100k store path and a scratch folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.benchmarks import bench_reporting
from tests.benchmarks.bench_communications import bench_communications
from tests.benchmarks.bench_detection import bench_detection
from tests.benchmarks.bench_import import bench_import_servicenow
from tests.benchmarks.bench_postgres import bench_postgres
from tests.benchmarks.bench_queue import bench_queue
from tests.benchmarks.bench_reviews import bench_reviews
from tests.benchmarks.bench_similar import bench_similar
from tests.benchmarks.bench_sla import bench_sla

Bench = Callable[[Path, Path], None]

# Run in this order by `make bench`; each prints its own BENCH lines.
BENCHES: list[Bench] = [
    bench_reviews, bench_sla, bench_communications, bench_reporting.bench_csv_export, bench_reporting.bench_metrics,
    bench_queue, bench_import_servicenow, bench_detection, bench_similar, bench_postgres,
]
