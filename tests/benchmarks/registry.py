"""Benchmarks beyond the store figures; each takes the 100k store path and a scratch folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Bench = Callable[[Path, Path], None]

BENCHES: list[Bench] = []

from tests.benchmarks.bench_similar import bench_similar  # noqa: E402

BENCHES.append(bench_similar)
