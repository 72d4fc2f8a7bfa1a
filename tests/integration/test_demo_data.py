"""Demo data is deterministic for a seed and covers every status, priority, group and lifecycle record."""

from __future__ import annotations

from pathlib import Path

from app.domain.enums import Status
from app.domain.queue_filter import QueueFilter
from app.services.app import open_services


def _snapshot(path: Path, clock, seed: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    svc = open_services(path, None, clock=clock, login="tester")
    try:
        svc.demo.generate(400, seed=seed)
        rows = svc.queue.rows(QueueFilter())
        return [(r.number, r.title, r.status, r.priority, r.group_id, r.assignee_id, r.logged_at) for r in rows]
    finally:
        svc.close()


def test_same_seed_same_data(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    a = _snapshot(tmp_path / "a.sqlite3", clock, seed=11)
    b = _snapshot(tmp_path / "b.sqlite3", clock, seed=11)
    c = _snapshot(tmp_path / "c.sqlite3", clock, seed=12)
    assert a == b
    assert a != c


def test_spread_over_lifecycle(services) -> None:  # type: ignore[no-untyped-def]
    summary = services.demo.generate(2000, seed=5)
    rows = services.queue.rows(QueueFilter())
    assert {r.status for r in rows} == {s.value for s in Status}
    assert {r.priority for r in rows} == {1, 2, 3, 4, 5}
    assert len({r.group_id for r in rows}) >= 6
    assert summary.escalations > 0 and summary.notes > 0 and summary.communications > 0
    sample = next(r for r in rows if r.status == "closed")
    kinds = {e.kind for e in services.incidents.events(sample.id)}
    assert {"created", "resolved", "closed"} <= kinds
