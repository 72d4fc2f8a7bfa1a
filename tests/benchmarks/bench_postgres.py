"""Team server figures: the bench store moved onto a PostgreSQL server it starts itself, then the queue load
(service read + model reset, as `queue_load_100k` on SQLite), search and the change-feed round trip."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tests.benchmarks.run import emit, median_of


def bench_postgres(db_path: Path, folder: Path) -> None:
    from tests.pg import MISSING, PgServer, find_bindir

    if find_bindir() is None:
        print(f"# bench_postgres skipped: {MISSING}", flush=True)
        return
    server = PgServer.start()
    try:
        _measure(server, db_path, folder)
    finally:
        server.stop()


def _measure(server, db_path: Path, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import ensure_platform, make_app
    from app.domain.queue_filter import QueueFilter
    from app.services.app import open_services
    from app.services.team_server import migrate_store
    from app.ui.models.incident_table_model import IncidentTableModel

    ensure_platform(True)
    make_app()
    url = server.create_database(prefix="bench")
    start = time.perf_counter()
    report = migrate_store(f"sqlite:///{db_path}", url, folder / "pg-backups")
    emit("migrate_store_100k_seconds", time.perf_counter() - start, "s")
    assert report.ok, [c for c in report.counts if not c.equal]

    for name, store in (("sqlite", str(db_path)), ("postgres", url)):
        services = open_services(store, folder / "backups", login="bench", seed=False)
        try:
            model = IncidentTableModel()
            load = median_of(lambda s=services, m=model: m.set_table(s.queue.table(QueueFilter())))
            rows = model.rowCount()
            suffix = "" if name == "sqlite" else "_postgres"
            search = services.queue.search_ids("printer") or frozenset()
            emit(f"search_matches{suffix or '_sqlite'}", len(search), "rows")
            if name == "postgres":
                emit("queue_load_100k_postgres", load * 1000, "ms")
                emit("queue_rows_loaded_postgres", rows, "rows")
            else:
                emit("queue_load_100k_sqlite_same_run", load * 1000, "ms")
            emit(f"search_ids{suffix or '_sqlite'}", median_of(
                lambda s=services: s.queue.search_ids("printer")) * 1000, "ms")
            emit(f"known_fixes_ranked{suffix or '_sqlite'}", median_of(
                lambda s=services: s.workflow.known_fixes(s.queue.table(QueueFilter(), limit=1).rows[0].id)) * 1000,
                "ms")
        finally:
            services.close()

    watcher = open_services(url, None, login="bench", seed=False)
    writer = open_services(url, None, login="bench", seed=False)
    try:
        feed = watcher.change_feed
        heard = threading.Event()
        feed.set_wakeup(heard.set)  # type: ignore[attr-defined]
        mark = feed.poll(None).watermark
        deadline = time.monotonic() + 10
        while not feed.live and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
            mark = feed.poll(mark).watermark
        iid = writer.queue.table(QueueFilter(), limit=1).rows[0].id
        times = []
        for k in range(5):
            heard.clear()
            start = time.perf_counter()
            writer.incidents.update_fields(iid, configuration_item=f"bench-{k}")
            heard.wait(5)
            batch = feed.poll(mark)
            mark = batch.watermark
            times.append(time.perf_counter() - start)
            assert iid in batch.versions
        times.sort()
        emit("change_feed_round_trip_postgres", times[len(times) // 2] * 1000, "ms")
    finally:
        watcher.close()
        writer.close()


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bench_postgres(Path(sys.argv[1]), Path(tmp))
