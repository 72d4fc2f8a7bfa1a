"""Independent facts about a ServiceNow event log, computed straight from its rows (not via the importer)."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIX = REPO / "tests" / "fixtures" / "import"
SLICE = FIX / "servicenow-slice.csv"
FULL_NAME = "servicenow-incident-event-log.csv.gz"


def full_file() -> Path | None:
    """The real export in ../shared/data (looked up in every parent, so worktrees find it too)."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "data" / FULL_NAME
        if candidate.is_file():
            return candidate
    return None


def facts(path: Path) -> dict[str, object]:
    """By incident, from its last row: how many, closed, SLA missed, reopened, reassigned; lines of bad states."""
    opener = gzip.open if path.suffix == ".gz" else open
    last: dict[str, dict[str, str]] = {}
    bad_lines: list[int] = []
    with opener(path, "rt", newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            last[row["number"]] = row
            if row["incident_state"] == "-100":
                bad_lines.append(line)
    rows = list(last.values())
    return {
        "incidents": len(rows),
        "closed": sum(r["incident_state"] == "Closed" for r in rows),
        "breached": sum(r["made_sla"] == "false" for r in rows),
        "reopened": sum(int(r["reopen_count"]) > 0 for r in rows),
        "escalated": sum(int(r["reassignment_count"]) > 0 for r in rows),
        "bad_state_lines": bad_lines,
    }
