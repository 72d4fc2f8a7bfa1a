"""Benchmarks beyond the store figures; each takes the 100k store path and a scratch folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Bench = Callable[[Path, Path], None]

BENCHES: list[Bench] = []

from tests.benchmarks.bench_reviews import bench_reviews  # noqa: E402

BENCHES.append(bench_reviews)

from tests.benchmarks.bench_detection import bench_detection  # noqa: E402

BENCHES.append(bench_detection)
