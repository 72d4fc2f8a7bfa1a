"""`incident-desk export communications` as a separate process, and its argument parsing."""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.commands.export_communications import build_query, parse_bound
from app.domain.errors import ValidationError


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(tmp / "data"),
           "XDG_CONFIG_HOME": str(tmp / "cfg")}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_cli_exports_csv_and_refuses_unknown_incident(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    assert run("demo-data", "--db", str(db), "--incidents", "200", "--seed", "5", tmp=tmp_path).returncode == 0
    out = tmp_path / "all.csv"
    r = run("export", "communications", "--db", str(db), "--out", str(out), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Entry", "Incident"] and len(rows) > 1
    assert f"wrote {len(rows) - 1} communication entries" in r.stdout
    number = rows[1][1]
    one = tmp_path / "one.md"
    r = run("export", "communications", "--db", str(db), "--format", "md", "--incident", number,
            "--out", str(one), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    assert number in one.read_text("utf-8")
    r = run("export", "communications", "--db", str(db), "--incident", "INC9999999", "--out",
            str(tmp_path / "x.csv"), tmp=tmp_path)
    assert r.returncode == 2 and "no incident INC9999999" in r.stderr
    assert not (tmp_path / "x.csv").exists()
    r = run("export", "communications", "--db", str(db), "--out", str(tmp_path / "x.txt"), tmp=tmp_path)
    assert r.returncode == 2 and "--format" in r.stderr


def test_query_from_arguments() -> None:
    ns = argparse.Namespace(incidents=["INC0000012", "7,12"], date_from="2026-03-01", date_to="2026-03-31",
                            audience=["management"], channel=[], direction="out")
    q = build_query(ns)
    assert q.incident_numbers == ("INC0000012", "INC0000007")
    assert q.sent_from is not None and q.sent_to is not None
    assert q.sent_to - q.sent_from >= (datetime(2026, 4, 1) - datetime(2026, 3, 1)) * 0.99  # --to includes the day
    assert q.audiences == ("management",) and q.direction == "out"
    assert parse_bound("2026-03-02T10:00:00+00:00", end=True) == datetime(2026, 3, 2, 10, tzinfo=UTC)
    with pytest.raises(ValidationError):
        parse_bound("March", end=False)
    with pytest.raises(ValidationError):
        build_query(argparse.Namespace(incidents=["PRB1"], date_from=None, date_to=None, audience=[], channel=[],
                                       direction=None))
