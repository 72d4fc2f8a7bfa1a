"""A headless PDF export must not leave a process where widgets can no longer be created."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from app.export.pdf import html_to_pdf
pages = html_to_pdf("<h1>Report</h1><p>text</p>", sys.argv[1])
from app.bootstrap import make_app
from PySide6.QtWidgets import QLabel
app = make_app()
print(pages, QLabel("widget").text())
"""


def test_widgets_still_work_after_a_headless_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(out)], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1", "widget"]
    assert out.read_bytes()[:5] == b"%PDF-"
