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
