"""Headless detection channels: `serve-alerts` as a real process, `import-email` on fixture files."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from http.client import HTTPConnection
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures" / "email"


def env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(tmp / "data"),
            "XDG_CONFIG_HOME": str(tmp / "cfg")}


def test_serve_alerts_receives_then_stops_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "alerts.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve-alerts", "--db", str(db), "--port", "0",
                             "--secret", "abc"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env(tmp_path))
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        m = re.search(r"http://127\.0\.0\.1:(\d+)/alerts", line)
        assert m, line + proc.stderr.read()  # type: ignore[union-attr]
        conn = HTTPConnection("127.0.0.1", int(m.group(1)), timeout=30)
        body = json.dumps({"source": "cron", "dedup_key": "backup", "title": "Nightly backup failed",
                           "severity": "high"})
        conn.request("POST", "/alerts", body=body, headers={"Authorization": "Bearer abc"})
        resp = conn.getresponse()
        assert resp.status == 200
        assert json.loads(resp.read())["results"][0]["incident_number"] == "INC0000001"
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped: 1 requests accepted (1 alerts), 0 refused" in out


def test_serve_alerts_refuses_open_interface_without_secret(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "app", "serve-alerts", "--db", str(tmp_path / "x.sqlite3"),
                        "--host", "0.0.0.0"], capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert r.returncode == 2 and "needs a shared secret" in r.stderr


def test_import_email_command(tmp_path: Path) -> None:
    files = [FIXTURES / "plain.eml", FIXTURES / "reply_by_subject.eml", FIXTURES / "not_an_email.eml"]
    r = subprocess.run([sys.executable, "-m", "app", "import-email", "--db", str(tmp_path / "m.sqlite3"),
                        *map(str, files)], capture_output=True, text=True, env=env(tmp_path), timeout=120)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert "Logged INC0000001 from Anna Berg <anna.berg@example.com>." in lines[0]
    assert "Added to the communication log of INC0000001." in lines[1]
    assert "FAILED: The file has no e-mail headers" in lines[2]
    assert lines[-1] == "2 imported, 1 failed"
