"""Queue read side, saved views, bulk actions and the change feed on a real SQLite file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.domain.enums import CancelReason, HoldReason, Source
from app.domain.errors import ValidationError
from app.domain.queue_filter import QueueFilter
from app.services.bulk import BulkOp, BulkRequest, Candidate, predicted_refusals
from app.services.incidents import LogRequest
from app.services.queue import stamp_time, to_stamp


def test_rows_carry_ids_names_and_sortable_stamps(services, clock) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(60, seed=4)
    table = services.queue.table(QueueFilter())
    assert [r.id for r in table.rows] == sorted((r.id for r in table.rows), reverse=True)
    row = next(r for r in table.rows if r.group_id is not None)
    assert table.names.group(row.group_id)
    detail = services.incidents.get(row.id)
    assert row.logged_at == detail.logged_at and row.updated_at == detail.updated_at
    assert to_stamp(detail.logged_at) == row.logged
    assert stamp_time(to_stamp(clock.now())) == clock.now()


def test_saved_views_round_trip_and_validate(services) -> None:  # type: ignore[no-untyped-def]
    f = QueueFilter(statuses=("on_hold",), priorities=(1, 2), search="vpn")
    saved = services.saved_views.save("  Held VPN  ", f).value
    assert saved.name == "Held VPN" and saved.filter == f
    again = services.saved_views.save("held vpn", QueueFilter(statuses=("new",))).value
    assert again.id == saved.id and services.saved_views.list()[0].filter.statuses == ("new",)
    with pytest.raises(ValidationError):
        services.saved_views.save("   ", f)
    services.saved_views.delete(saved.id)
    assert services.saved_views.list() == []


def test_bulk_hold_explains_each_refusal(services) -> None:  # type: ignore[no-untyped-def]
    a = services.incidents.log(LogRequest(title="A", source=Source.PHONE)).value
    b = services.incidents.log(LogRequest(title="B", source=Source.PHONE)).value
    services.incidents.acknowledge(a.id)
    services.incidents.cancel(b.id, CancelReason.LOGGED_IN_ERROR)
    out = services.bulk.apply([a.id, b.id], BulkRequest(BulkOp.HOLD, hold_reason=HoldReason.AWAITING_CALLER))
    assert out.value.done == (a.id,)
    assert [r.number for r in out.value.refused] == [b.number]
    assert "Cancelled" in out.value.refused[0].reason
    assert out.changes.incident_ids == frozenset({a.id})
    assert services.incidents.get(a.id).status == "on_hold"
    predicted = predicted_refusals([Candidate(a.id, a.number, "on_hold"), Candidate(b.id, b.number, "cancelled")],
                                   BulkRequest(BulkOp.RESUME))
    assert [p.number for p in predicted] == [b.number]


def test_change_feed_sees_other_connections(services, backend: str, store_url: str, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from app.services.app import open_services

    inc = services.incidents.log(LogRequest(title="Watched", source=Source.EMAIL)).value
    first = services.change_feed.poll(None)
    quiet = services.change_feed.poll(first.watermark).versions
    # Nothing new; a server's catch-up poll may repeat what is already known (same version), never more.
    assert quiet == {} if backend == "sqlite" else quiet in ({}, {inc.id: inc.version})
    other = open_services(store_url, db_path.parent / "b2", clock=clock, login="amorgan", seed=False)
    try:
        changed = other.incidents.update_fields(inc.id, title="Watched and changed").value
    finally:
        other.close()
    # A server announces changes asynchronously (NOTIFY, or row counters that lag a moment): allow 2 s.
    deadline = time.monotonic() + 2.0
    batch = services.change_feed.poll(first.watermark)
    while inc.id not in batch.versions and time.monotonic() < deadline:
        time.sleep(0.1)
        batch = services.change_feed.poll(batch.watermark)
    assert batch.versions.get(inc.id) == changed.version
    again = services.change_feed.poll(batch.watermark).versions
    # The file store reports nothing twice; a server may repeat what it already said (the watcher skips it).
    assert again == {} if backend == "sqlite" else again.get(inc.id, changed.version) == changed.version


def test_search_ids_by_word_and_number(services) -> None:  # type: ignore[no-untyped-def]
    inc = services.incidents.log(LogRequest(title="Badge reader broken", source=Source.PHONE)).value
    services.incidents.log(LogRequest(title="Something else", source=Source.PHONE))
    assert services.queue.search_ids("badge") == frozenset({inc.id})
    assert inc.id in services.queue.search_ids(str(int(inc.number[3:])))
    assert services.queue.search_ids("   ") is None
