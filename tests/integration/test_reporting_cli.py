"""Headless reporting commands as subprocesses with no display: export incidents and report."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(INCIDENT_DESK_DATA_DIR=str(tmp / "data"), XDG_CONFIG_HOME=str(tmp / "cfg"))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=Path(__file__).resolve().parents[2])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    db = tmp / "demo.sqlite3"
    r = run("demo-data", "--db", str(db), "--incidents", "300", "--seed", "3", "--days", "60", tmp=tmp)
    assert r.returncode == 0, r.stderr
    return db


def test_export_view_with_semicolon_and_no_bom(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "open.csv"
    r = run("export", "incidents", "--db", str(store), "--view", "All open", "--delimiter", ";", "--no-bom",
            "--out", str(out), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode().splitlines(), delimiter=";"))
    assert rows[0][0] == "Number" and len(rows) > 1
    assert {r[2] for r in rows[1:]} <= {"New", "Assigned", "In progress", "On hold"}
    numbers = [r[0] for r in rows[1:]]
    assert numbers == sorted(numbers, reverse=True)
    assert f"exported {len(rows) - 1} incidents" in r.stdout


def test_export_date_range_by_view_key(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    r = run("export", "incidents", "--db", str(store), "--view", "all", "--out", str(out), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 301
    logged = sorted(r[rows[0].index("Logged (UTC)")] for r in rows[1:])
    day = logged[len(logged) // 2][:10]
    out2 = tmp_path / "day.csv"
    r = run("export", "incidents", "--db", str(store), "--from", day, "--to", day, "--out", str(out2), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    with out2.open(encoding="utf-8-sig", newline="") as fh:
        day_rows = list(csv.reader(fh))[1:]
    expected = sum(1 for t in logged if t.startswith(day))
    assert len(day_rows) == expected > 0


def test_export_refuses_unknown_view(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    r = run("export", "incidents", "--db", str(store), "--view", "nope", "--out", str(out), tmp=tmp_path)
    assert r.returncode == 2 and "no view called 'nope'" in r.stderr and not out.exists()


@pytest.mark.parametrize("fmt", ["csv", "md", "pdf"])
def test_report_formats(store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    r = run("report", "--db", str(store), "--from", "2000-01-01", "--to", "2100-12-31", "--format", fmt,
            "--out", str(out), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "report of 300 incidents" in r.stdout
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "md":
        text = data.decode()
        assert "| Incidents logged | 300 |" in text and "## SLA compliance by priority" in text
    else:
        text = data.decode("utf-8-sig")
        assert "Incidents logged,300" in text and "Open backlog by age" in text
