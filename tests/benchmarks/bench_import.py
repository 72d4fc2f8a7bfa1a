"""Import benchmarks: the full real ServiceNow export into a fresh store (time and peak memory).

Skips with a message when ../shared/data/servicenow-incident-event-log.csv.gz is absent. The import runs in
a child process so its peak RSS is its own, not the benchmark runner's (which holds the 100k store work).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from tests.benchmarks.run import emit

REPEATS = 3
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from app.services.app import open_services
from app.ingest.csv_import.service import ImportService
from app.ingest.servicenow import PRESET
db = Path(sys.argv[1])
services = open_services(db, None, login="bench")
start = time.perf_counter()
summary = ImportService(services.ctx).run(sys.argv[2], PRESET).value
took = time.perf_counter() - start
services.close()
print(json.dumps({"seconds": took, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "incidents": summary.incidents, "events": summary.events}))
"""


def bench_import_servicenow(db_path: Path, folder: Path) -> None:
    from tests.integration.import_facts import full_file

    path = full_file()
    if path is None:
        print("SKIP import_servicenow_full: ../shared/data/servicenow-incident-event-log.csv.gz is absent")
        return
    root = Path(__file__).resolve().parents[2]
    runs = []
    for n in range(REPEATS):
        target = folder / f"import-{n}.sqlite3"
        out = subprocess.run([sys.executable, "-c", _CHILD, str(target), str(path)], cwd=root, check=True,
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        target.unlink(missing_ok=True)
    emit("import_servicenow_full", statistics.median(r["seconds"] for r in runs), "s")
    emit("import_servicenow_rss_mb", statistics.median(r["rss_mb"] for r in runs), "MB")
    emit("import_servicenow_incidents", runs[0]["incidents"], "incidents")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        bench_import_servicenow(Path(tmp) / "unused.sqlite3", Path(tmp))
