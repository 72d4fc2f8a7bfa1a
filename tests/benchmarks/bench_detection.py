"""Detection-channel figures on the big store: webhook throughput and latency, inbox listing, e-mail import."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

from tests.benchmarks.run import emit, median_of


def _post(port: int, body: dict) -> float:
    start = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/alerts", body=json.dumps(body))
    resp = conn.getresponse()
    resp.read()
    conn.close()
    assert resp.status == 200, resp.status
    return time.perf_counter() - start


def bench_detection(db_path: Path, folder: Path) -> None:
    from app.ingest.email_import import import_files
    from app.ingest.webhook import AlertReceiver, ReceiverConfig
    from app.services.app import open_services

    copy = folder / "detection.sqlite3"
    shutil.copy(db_path, copy)  # the shared store stays as other benches expect it
    services = open_services(copy, folder / "backups-detection", login="bench")
    try:
        with AlertReceiver(services.alerts, ReceiverConfig(port=0)) as receiver:
            port = receiver.port
            new = [_post(port, {"title": f"Bench new {n}", "dedup_key": f"new-{n}"}) for n in range(20)]
            emit("alert_new_incident_latency", statistics.median(new) * 1000, "ms")
            repeat = [_post(port, {"title": "Bench new 0", "dedup_key": "new-0"}) for _ in range(50)]
            emit("alert_repeat_latency", statistics.median(repeat) * 1000, "ms")
            bodies = [{"title": f"Burst {n % 50}", "dedup_key": f"burst-{n % 50}", "severity": "warning"}
                      for n in range(1000)]
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=16) as pool:
                list(pool.map(lambda b: _post(port, b), bodies))
            took = time.perf_counter() - start
            emit("alert_webhook_rate_16_clients", len(bodies) / took, "alerts/s")
            assert sum(r.count for r in services.alerts.list_alerts() if r.fingerprint.startswith("generic:burst")) \
                == len(bodies)
        emit("monitoring_inbox_list", median_of(services.alerts.list_alerts) * 1000, "ms")
        mails = folder / "mails"
        mails.mkdir(exist_ok=True)
        for n in range(200):
            (mails / f"m{n}.eml").write_text(
                f"From: User {n % 40} <user{n % 40}@example.com>\r\nSubject: Bench mail {n}\r\n"
                f"Date: Mon, 02 Mar 2026 08:00:00 +0000\r\nMessage-ID: <bench-{n}@example.com>\r\n"
                f"Content-Type: text/plain; charset=utf-8\r\n\r\nSomething broke, case {n}.\r\n")
        paths = sorted(mails.glob("*.eml"))
        start = time.perf_counter()
        results = import_files(services.email_intake, paths)
        took = time.perf_counter() - start
        assert all(r.ok for r in results)
        emit("email_import_rate", len(paths) / took, "files/s")
    finally:
        services.close()
