"""Team mode on the PostgreSQL test server: concurrent logging, conflicting edits, pushed changes, streaming."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from app.domain.clock import FixedClock
from app.domain.enums import Source
from app.domain.errors import ConcurrencyConflict, ValidationError
from app.services.app import Services, open_services
from app.services.exports import ExportRequest
from app.services.incidents import LogRequest
from tests.conftest import PINNED

pytestmark = pytest.mark.postgres

WRITERS = 8
PER_WRITER = 500


@pytest.fixture
def server_url(pg_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    url = pg_server.fresh_store()
    yield url
    pg_server.drop_database(url)


def connect(url: str, clock=None, login: str = "tester") -> Services:  # type: ignore[no-untyped-def]
    return open_services(url, None, clock=clock, login=login, seed=False)


def test_eight_writers_get_distinct_numbers_without_gaps(server_url: str) -> None:
    """8 workstations log 500 incidents each at once; every 10th attempt fails after drawing its number
    (an assignee that does not exist), and its number goes back: 4,000 numbers, 1..4000, none twice."""
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []
    refused = [0] * WRITERS

    def writer(k: int) -> None:
        svc = connect(server_url, login="tester")
        try:
            barrier.wait()
            made = attempt = 0
            while made < PER_WRITER:
                attempt += 1
                if attempt % 10 == 0:
                    try:
                        svc.incidents.log(LogRequest(title=f"w{k} bad {attempt}", source=Source.PHONE,
                                                     assignee_id=10_000_000))
                    except ValidationError:
                        refused[k] += 1
                    continue
                svc.incidents.log(LogRequest(title=f"w{k} #{made}", source=Source.PHONE))
                made += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)
        finally:
            svc.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not failures, failures[:3]
    assert all(r == PER_WRITER // 9 for r in refused)  # every writer really had failed transactions
    check = connect(server_url)
    try:
        table = check.queue.table(__import__("app.domain.queue_filter", fromlist=["QueueFilter"]).QueueFilter())
        numbers = [r.number for r in table.rows]
    finally:
        check.close()
    total = WRITERS * PER_WRITER
    assert len(numbers) == total and len(set(numbers)) == total
    assert sorted(numbers) == [f"INC{i:07d}" for i in range(1, total + 1)]  # no gaps users could see


def test_two_agents_editing_one_incident_one_conflict_nothing_lost(server_url: str) -> None:
    # Each workstation has its own clock, a minute apart, after the incident was logged.
    a = connect(server_url, FixedClock(PINNED + timedelta(minutes=1)))
    b = connect(server_url, FixedClock(PINNED + timedelta(minutes=2)))
    try:
        logger = connect(server_url, FixedClock(PINNED))
        inc = logger.incidents.log(LogRequest(title="Printer on fire", source=Source.PHONE)).value
        logger.close()
        seen_by_a = a.incidents.get(inc.id)
        seen_by_b = b.incidents.get(inc.id)
        barrier = threading.Barrier(2)
        outcomes: dict[str, object] = {}

        def save(name: str, svc: Services, version: int, **fields: object) -> None:
            barrier.wait()
            try:
                outcomes[name] = svc.incidents.update_fields(inc.id, expected_version=version, **fields).value
            except ConcurrencyConflict as exc:
                outcomes[name] = exc

        ta = threading.Thread(target=save, args=("a", a, seen_by_a.version), kwargs={"title": "Printer on fire!"})
        tb = threading.Thread(target=save, args=("b", b, seen_by_b.version),
                              kwargs={"configuration_item": "prn-07"})
        ta.start(), tb.start()
        ta.join(30), tb.join(30)
        conflicts = [k for k, v in outcomes.items() if isinstance(v, ConcurrencyConflict)]
        assert len(conflicts) == 1 and len(outcomes) == 2
        loser = conflicts[0]
        # The loser is told what the other person changed since the version it had, then reloads and re-applies.
        svc, had = (a, seen_by_a) if loser == "a" else (b, seen_by_b)
        report = svc.conflicts.report(inc.id, had)
        theirs = "configuration_item" if loser == "a" else "title"
        assert [d.field for d in report.differences] == [theirs]
        assert [e.field for e in report.entries] == [theirs] and report.actors == ("tester",)
        fresh = svc.incidents.get(inc.id)
        again = {"title": "Printer on fire!"} if loser == "a" else {"configuration_item": "prn-07"}
        svc.incidents.update_fields(inc.id, expected_version=fresh.version, **again)
        final = a.incidents.get(inc.id)
        assert final.title == "Printer on fire!" and final.configuration_item == "prn-07"
        assert final.version == seen_by_a.version + 2
    finally:
        a.close()
        b.close()


def test_a_change_reaches_another_connection_within_two_seconds(server_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    watcher, other = connect(server_url, clock), connect(server_url, clock, "amorgan")
    try:
        inc = other.incidents.log(LogRequest(title="Watched", source=Source.EMAIL)).value
        feed = watcher.change_feed
        heard = threading.Event()
        feed.set_wakeup(heard.set)  # type: ignore[attr-defined]
        mark = feed.poll(None).watermark
        deadline = time.monotonic() + 10
        while not feed.live and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
            mark = feed.poll(mark).watermark
        assert feed.live  # type: ignore[attr-defined]
        started = time.monotonic()
        changed = other.incidents.update_fields(inc.id, title="Watched and changed").value
        assert heard.wait(2.0)
        batch = feed.poll(mark)
        assert time.monotonic() - started < 2.0
        assert batch.versions == {inc.id: changed.version} and not batch.reset
    finally:
        watcher.close()
        other.close()


def test_csv_export_streams_through_a_server_side_cursor(server_url: str, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.store import report_queries

    svc = connect(server_url, clock)
    try:
        svc.demo.generate(300, seed=3)
        with svc.ctx.db.uow() as uow:
            q = report_queries.export_query(uow.session, ["number", "title"], clock.now(), None)
            parts = report_queries.stream(uow.session, q, chunk=100)
            first = next(parts)
            cursors = uow.session.connection().exec_driver_sql(
                "SELECT count(*) FROM pg_cursors WHERE statement LIKE 'DECLARE%%'").scalar()
            rest = sum(len(p) for p in parts)
        assert len(first) == 100 and rest == 200
        assert cursors == 1  # a named cursor on the server: rows arrive chunk by chunk
        out = svc.exports.export_incidents(ExportRequest(path=tmp_path / "all.csv", columns=("number", "title")))
        assert out.rows == 300
    finally:
        svc.close()
