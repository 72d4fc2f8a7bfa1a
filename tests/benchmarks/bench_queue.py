"""Queue figures on the 100k store: load vs QSqlQueryModel, in-model sort/filter, FTS search, memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.run import emit, median_of

_APP: object = None


def current_rss_mb() -> float:
    """Resident memory now (Linux /proc; the peak from getrusage elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _qsqlquerymodel_load(db_path: Path) -> float:
    """Qt's own QSqlQueryModel, fully fetched, on the same incident columns (names joined in)."""
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel

    sql = (
        "SELECT i.id, i.number, i.priority, i.title, i.status, c.name, s.name, g.name, p.name, "
        "i.resolution_due_at, i.resolution_warn_at, i.sla_paused_at, i.resolution_breached, "
        "i.next_update_due_at, i.logged_at, i.updated_at, i.is_major, i.version FROM incidents i "
        "LEFT JOIN categories c ON c.id = i.category_id LEFT JOIN services s ON s.id = i.service_id "
        "LEFT JOIN groups g ON g.id = i.group_id LEFT JOIN people p ON p.id = i.assignee_id ORDER BY i.id DESC"
    )
    db = QSqlDatabase.addDatabase("QSQLITE", "bench")
    db.setDatabaseName(str(db_path))
    assert db.open()
    times = []
    try:
        for _ in range(5):
            start = time.perf_counter()
            model = QSqlQueryModel()
            query = QSqlQuery(db)
            query.exec(sql)
            model.setQuery(query)
            while model.canFetchMore():
                model.fetchMore()
            times.append(time.perf_counter() - start)
            assert model.rowCount() > 0
            del model, query
    finally:
        db.close()
    del db
    QSqlDatabase.removeDatabase("bench")
    return statistics.median(times)


def bench_queue(db_path: Path, folder: Path) -> None:
    """Runs in a child process: its memory figure is the queue's alone, and Qt starts clean."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(x for x in (str(root), os.environ.get("PYTHONPATH")) if x)}
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_queue", str(db_path), str(folder)],
                          cwd=root, env=env, check=False)
    if done.returncode != 0:
        print(f"# bench_queue child exited with {done.returncode}", flush=True)


def measure(db_path: Path, folder: Path) -> None:
    from PySide6.QtCore import Qt

    from app.bootstrap import ensure_platform, make_app

    ensure_platform(True)
    global _APP
    # Kept at module level: a QApplication dropped with this frame takes Qt down before its widgets.
    _APP = app = make_app()
    from app.domain.queue_filter import QueueFilter
    from app.services.app import open_services
    from app.ui.models.incident_columns import Column
    from app.ui.models.incident_table_model import DEFAULT_SORT, IncidentTableModel

    services = open_services(db_path, folder / "backups", login="bench", seed=False)
    model = IncidentTableModel()

    def load() -> None:
        # Store open to rows available in the view: the service read plus the model reset.
        model.set_table(services.queue.table(QueueFilter()))

    ours = median_of(load)
    n = model.rowCount()
    theirs = _qsqlquerymodel_load(db_path)
    emit("queue_load_100k", ours * 1000, "ms")
    emit("qsqlquerymodel_load_100k", theirs * 1000, "ms")
    emit("queue_load_ratio_vs_qsqlquerymodel", ours / theirs, "ratio")
    emit("queue_rows_loaded", n, "rows")

    worst, worst_col = 0.0, ""
    for col in Column:
        times: list[float] = []
        for _ in range(5):
            model.sort(*DEFAULT_SORT)  # from the as-loaded order each time
            start = time.perf_counter()
            model.sort(col, Qt.SortOrder.AscendingOrder)
            times.append(time.perf_counter() - start)
        t = statistics.median(times)
        if t > worst:
            worst, worst_col = t, col.name
    emit("queue_sort_100k", worst * 1000, "ms")
    print(f"# worst sort column: {worst_col}", flush=True)
    model.sort(*DEFAULT_SORT)

    filter_times: list[float] = []
    for _ in range(5):
        model.set_status_filter(None)
        start = time.perf_counter()
        model.set_status_filter({"in_progress"})
        filter_times.append(time.perf_counter() - start)
    print(f"# status filter kept {model.rowCount()} rows", flush=True)
    model.set_status_filter(None)
    emit("queue_filter_100k", statistics.median(filter_times) * 1000, "ms")

    def search() -> None:
        model.set_match_ids(services.queue.search_ids("printer"))

    emit("queue_search_100k", median_of(search) * 1000, "ms")
    shown = model.rowCount()
    model.set_match_ids(None)
    print(f"# search 'printer' matched {shown} rows", flush=True)

    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    emit("queue_rss_100k_mb", current_rss_mb(), "MB")
    print(f"# peak RSS (repeated loads, QSqlQueryModel runs included): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
    view.close()
    del view
    services.close()


if __name__ == "__main__":
    measure(Path(sys.argv[1]), Path(sys.argv[2]))
    sys.stdout.flush()
    # Skip interpreter teardown: PySide 6.12 can abort while collecting Qt wrappers at exit, after the
    # figures are out; the child's exit status must not turn a finished benchmark into a failure.
    os._exit(0)
