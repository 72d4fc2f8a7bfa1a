"""Headless command line: demo-data, check, self-test and screenshot, as separate processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(tmp / "data"),
           "XDG_CONFIG_HOME": str(tmp / "cfg")}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_demo_data_then_check(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    r = run("demo-data", "--db", str(db), "--incidents", "250", "--seed", "4", tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "added 250 incidents" in r.stdout
    r = run("check", "--db", str(db), tmp=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "incidents: 250" in r.stdout and "OK: no problems found" in r.stdout


def test_check_refuses_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "bad.sqlite3"
    db.write_bytes(b"garbage" * 50)
    r = run("check", "--db", str(db), tmp=tmp_path)
    assert r.returncode == 2 and "untouched" in r.stderr
    assert db.read_bytes() == b"garbage" * 50


def test_self_test(tmp_path: Path) -> None:
    r = run("--self-test", tmp=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "self-test passed" in r.stdout


def test_screenshot(tmp_path: Path) -> None:
    db = tmp_path / "shot.sqlite3"
    assert run("demo-data", "--db", str(db), "--incidents", "50", tmp=tmp_path).returncode == 0
    out = tmp_path / "shot.png"
    r = run("--db", str(db), "--screenshot", str(out), tmp=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_environment_variable_selects_store(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    env_run = subprocess.run([sys.executable, "-m", "app", "check"], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "INCIDENT_DESK_DB": str(db),
                                  "INCIDENT_DESK_DATA_DIR": str(tmp_path / "d")})
    assert env_run.returncode == 0, env_run.stderr
    assert str(db) in env_run.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_import_servicenow_then_reimport_and_check(tmp_path: Path) -> None:
    from tests.integration.import_facts import SLICE, facts

    db = tmp_path / "imp.sqlite3"
    r = run("import", "servicenow", str(SLICE), "--db", str(db), tmp=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    n = facts(SLICE)["incidents"]
    assert f"incidents imported: {n}" in _flat(r.stdout) and "unknown state '-100'" in _flat(r.stdout)
    r = run("import", "servicenow", str(SLICE), "--db", str(db), tmp=tmp_path)
    assert f"incidents imported: 0 (already present, skipped: {n})" in _flat(r.stdout)
    r = run("check", "--db", str(db), tmp=tmp_path)
    assert r.returncode == 0 and f"incidents: {n}" in _flat(r.stdout), r.stdout


def test_import_csv_with_mapping_profile_round_trip(tmp_path: Path) -> None:
    from tests.integration.import_facts import FIX

    db = tmp_path / "imp.sqlite3"
    r = run("import", "save-profile", str(FIX / "generic-mapping.json"), "--name", "Other", "--db", str(db),
            tmp=tmp_path)
    assert r.returncode == 0 and "saved import profile 'Other'" in _flat(r.stdout), r.stderr
    out = tmp_path / "other.json"
    r = run("import", "export-profile", "Other", str(out), "--db", str(db), tmp=tmp_path)
    assert r.returncode == 0 and out.is_file()
    r = run("import", "csv", str(FIX / "other-tool.csv"), "--mapping", str(out), "--db", str(db), "--dry-run",
            tmp=tmp_path)
    assert r.returncode == 0 and "incidents would be imported: 5" in _flat(r.stdout), r.stdout + r.stderr
    r = run("import", "csv", str(FIX / "other-tool.csv"), "--profile", "Other", "--db", str(db), tmp=tmp_path)
    assert r.returncode == 0 and "incidents imported: 5" in _flat(r.stdout)
    r = run("import", "csv", str(FIX / "malformed.csv"), "--mapping", str(FIX / "malformed-mapping.json"),
            "--db", str(db), "--dry-run", tmp=tmp_path)
    assert r.returncode == 1 and "line 4" in _flat(r.stdout) and "ragged row" in _flat(r.stdout)
    r = run("import", "csv", str(FIX / "other-tool.csv"), "--profile", "Nope", "--db", str(db), tmp=tmp_path)
    assert r.returncode == 2 and "no import profile named 'Nope'" in r.stderr
