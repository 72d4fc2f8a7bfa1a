"""Review exports: Markdown, escaped HTML and PDF in process, and the headless `export review` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.export.review import review_html, review_markdown, write_review
from tests.fixtures.review_story import written_review


def test_markdown_and_html_hold_every_section_escaped(qapp, services, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # qapp first: the PDF writer would otherwise create a bare QGuiApplication that later widget tests trip on.
    row = written_review(services, clock, summary="Payments <script>alert(1)</script> & | pipes")
    md = review_markdown(row)
    for heading in ("## Summary", "## Root cause", "## Five whys", "## Where we got lucky", "## Timeline",
                    "## Action items", "## Participants"):
        assert heading in md
    assert "| Time to acknowledge | 5m |" in md and "| Escalations | 1 |" in md
    assert "Upgrade LB firmware to 12.4" in md and "(overdue)" in md
    assert "**Incident detected (monitoring)**" in md
    html = review_html(row)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in html
    assert "<li>About 4,200 card payments were declined</li>" in html
    assert html.count("<tr>") >= 6 + 1 + len(row.content.timeline) + 1 + len(row.items)
    out = write_review(row, "html", tmp_path / "r.html")
    assert out.read_text(encoding="utf-8") == html
    pdf = write_review(row, "pdf", tmp_path / "r.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert not list(tmp_path.glob(".*part"))


def test_export_review_command(services, clock, store_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    row = written_review(services, clock)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INCIDENT_DESK_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", "export", "review", *args, "--db", store_url],
                              capture_output=True, text=True, env=env, timeout=300)

    md = tmp_path / "out" / "review.md"
    r = run(row.incident_number, "--format", "md", "--out", str(md))
    assert r.returncode == 0, r.stderr
    assert md.read_text(encoding="utf-8").startswith(f"# Post-incident review: {row.incident_number}")
    pdf = tmp_path / "review.pdf"
    r = run(row.incident_number.lower(), "--format", "pdf", "--out", str(pdf))
    assert r.returncode == 0, r.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    r = run("INC0099999", "--out", str(tmp_path / "none.md"))
    assert r.returncode == 2 and "no incident" in r.stderr.lower()
    assert not (tmp_path / "none.md").exists()
