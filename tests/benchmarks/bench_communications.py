"""Communication benchmarks: streamed exports of a large log, one incident's log, the Update overdue view."""

from __future__ import annotations

import os
import random
import shutil
import time
from datetime import timedelta
from pathlib import Path

from tests.benchmarks.run import emit, median_of

BENCH_COMMS = int(os.environ.get("BENCH_COMMS", "50000"))


def _fill(db: Path, count: int) -> None:
    """Add `count` entries spread over the last 60 days to a copy of the store (demo data has few)."""
    from app.services.app import open_services
    from app.store.tables import Communication

    services = open_services(db, None, login="bench", seed=False)
    try:
        with services.ctx.db.uow() as uow:
            ids = list(range(1, min(5000, uow.incidents.count()) + 1))  # demo ids are dense from 1
            now = services.ctx.clock.now()
            rng = random.Random(7)
            rows = []
            for n in range(count):
                rows.append({
                    "incident_id": rng.choice(ids), "sent_at": now - timedelta(minutes=rng.randint(0, 86_400)),
                    "direction": "out" if n % 4 else "in", "audience": rng.choice(["reporter", "stakeholders",
                                                                                   "management"]),
                    "channel": rng.choice(["email", "phone", "chat"]), "recipients": "Ann <ann@example.com>",
                    "subject": f"Update {n}, \"quoted\" <b>", "body": "Status: in progress\nNext update soon.\n"
                    "Grüße", "author_id": None, "author_name": "Bench", "next_update_due_at": None,
                    "corrects_id": None, "template_name": "Status update", "message_id": None, "in_reply_to": None,
                })
            uow.bulk.insert(Communication, rows)
            uow.commit()
    finally:
        services.close()


def bench_communications(db_path: Path, folder: Path) -> None:
    from app.domain.communication import CommQuery
    from app.domain.queue_filter import BUILTIN_VIEWS
    from app.export.communications import export_query
    from app.services.app import open_services

    db = folder / "comms.sqlite3"
    shutil.copyfile(db_path, db)
    _fill(db, BENCH_COMMS)
    services = open_services(db, None, login="bench", seed=False)
    try:
        svc = services.communications
        total = svc.count(CommQuery())
        start = time.perf_counter()
        summary = export_query(svc, CommQuery(), "csv", folder / "all.csv")
        took = time.perf_counter() - start
        emit(f"comm_export_csv_{total // 1000}k_seconds", took, "s")
        emit("comm_export_csv_rate", summary.rows / took, "entries/s")
        now = services.ctx.clock.now()
        month = CommQuery(sent_from=now - timedelta(days=30), sent_to=now)
        start = time.perf_counter()
        summary = export_query(svc, month, "html", folder / "month.html")
        emit("comm_export_html_30d_rate", summary.rows / (time.perf_counter() - start), "entries/s")
        sample = svc.search(CommQuery(), limit=1)[0].incident_id
        emit("comm_log_one_incident_ms", median_of(lambda: svc.log(sample)) * 1000, "ms")
        start = time.perf_counter()
        pdf = export_query(svc, CommQuery(incident_ids=(sample,)), "pdf", folder / "one.pdf")
        emit("comm_export_pdf_one_incident_ms", (time.perf_counter() - start) * 1000, "ms")
        emit("comm_export_pdf_pages", pdf.pages, "pages")
        view = next(v for v in BUILTIN_VIEWS if v.key == "update_overdue")
        emit("queue_update_overdue_count_ms", median_of(lambda: services.queue.count(view.filter)) * 1000, "ms")
    finally:
        services.close()
