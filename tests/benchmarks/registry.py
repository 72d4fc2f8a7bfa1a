"""Benchmarks beyond the store figures; each takes the 100k store path and a scratch folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Bench = Callable[[Path, Path], None]

BENCHES: list[Bench] = []

from tests.benchmarks.bench_reviews import bench_reviews  # noqa: E402

BENCHES.append(bench_reviews)
from tests.benchmarks.bench_sla import bench_sla  # noqa: E402

BENCHES.append(bench_sla)
from tests.benchmarks.bench_communications import bench_communications  # noqa: E402

BENCHES.append(bench_communications)
from tests.benchmarks import bench_reporting  # noqa: E402 - appended so parallel branches merge line by line

BENCHES += [bench_reporting.bench_csv_export, bench_reporting.bench_metrics]
from tests.benchmarks.bench_queue import bench_queue  # noqa: E402

BENCHES.append(bench_queue)
from tests.benchmarks.bench_import import bench_import_servicenow  # noqa: E402

BENCHES.append(bench_import_servicenow)

from tests.benchmarks.bench_detection import bench_detection  # noqa: E402

BENCHES.append(bench_detection)
from tests.benchmarks.bench_similar import bench_similar  # noqa: E402

BENCHES.append(bench_similar)
from tests.benchmarks.bench_postgres import bench_postgres  # noqa: E402

BENCHES.append(bench_postgres)
