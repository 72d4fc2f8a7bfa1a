"""Communication log exports parsed back: CSV (csv module), HTML (html.parser), Markdown, PDF (pdftotext)."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.domain.communication import CommQuery
from app.domain.enums import Source
from app.export.communications import CSV_HEADER, ExportFormat, export_log, export_query
from app.services.communications import CommunicationRow, MessageDraft
from app.services.incidents import LogRequest
from app.services.jobs import Cancelled, JobControl

NASTY_SUBJECT = 'Mail, "urgent" <script>alert(1)</script>'
NASTY_BODY = ("Line one, with comma\nLine \"two\"\n=cmd|' /C calc'!A0\nGrüße aus Zürich – ΑΒΓ – Привет\n"
              "<b>bold?</b> & more")
NASTY_RECIPIENTS = "Jürgen Müller <jm@example.com>; @admin"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _rows(n: int = 3) -> list[CommunicationRow]:
    return [CommunicationRow(
        i, 1, "INC0000001", "Title with, comma and \"quotes\" & <i>tags</i>", T0 + timedelta(minutes=i),
        "out" if i % 2 else "in", "reporter", "email", NASTY_RECIPIENTS, f"{NASTY_SUBJECT} #{i}",
        NASTY_BODY, "Tomás Ribeiro", T0 + timedelta(hours=1), i - 1 if i > 1 else None, "Status update",
    ) for i in range(1, n + 1)]


def test_csv_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    summary = export_log(_rows(), 3, ExportFormat.CSV, out)
    raw = out.read_bytes()
    assert summary.rows == 3 and raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") >= 4 and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(table[0]) == CSV_HEADER and len(table) == 4
    row = dict(zip(CSV_HEADER, table[1], strict=True))
    assert row["Subject"] == NASTY_SUBJECT + " #1"
    assert row["Message"] == NASTY_BODY  # the formula sits inside the text, not at its start
    assert row["Recipients"] == NASTY_RECIPIENTS
    assert row["Incident title"].startswith("Title with, comma")
    assert row["Sent at"] == (T0 + timedelta(minutes=1)).astimezone().isoformat(timespec="seconds")
    assert table[2][CSV_HEADER.index("Corrects entry")] == "1"


def test_csv_neutralises_formulas_at_cell_start(tmp_path: Path) -> None:
    rows = [CommunicationRow(1, 1, "INC0000001", "=HYPERLINK(\"http://x\")", T0, "out", "reporter", "email",
                             "@evil", "=cmd|' /C calc'!A0", "+1+1", "-me", None, None, None)]
    out = tmp_path / "f.csv"
    export_log(rows, 1, "csv", out)
    table = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    row = dict(zip(CSV_HEADER, table[1], strict=True))
    assert row["Subject"] == "'=cmd|' /C calc'!A0"
    assert row["Incident title"].startswith("'=") and row["Recipients"] == "'@evil"
    assert row["Message"] == "'+1+1" and row["Author"] == "'-me"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_field(tmp_path: Path) -> None:
    out = tmp_path / "log.html"
    export_log(_rows(), 3, "html", out, title="Log <b>x</b>", scope="scope & <i>")
    doc = out.read_text("utf-8")
    parser = _Collector()
    parser.feed(doc)
    assert "script" not in parser.tags and "i" not in parser.tags and "b" not in parser.tags
    assert parser.tags.count("section") == 3
    text = "".join(parser.text)
    assert NASTY_SUBJECT + " #2" in text and NASTY_BODY in text and NASTY_RECIPIENTS in text
    assert "Log <b>x</b>" in text and "scope & <i>" in text
    assert "@media print" in doc and 'charset="utf-8"' in doc


def _md_plain(md: str) -> str:
    """Undo the Markdown escaping the way a renderer shows the text."""
    text = re.sub(r"\\(.)", r"\1", md).replace("<br>", "\n")
    return html.unescape(text)


def test_markdown_escapes_markup_and_html(tmp_path: Path) -> None:
    out = tmp_path / "log.md"
    export_log(_rows(), 3, "md", out, title="Communication log", scope="INC0000001")
    md = out.read_text("utf-8")
    assert "<script>" not in md and "<b>" not in md and "&lt;script&gt;" in md
    assert md.count("\n## ") == 3
    plain = _md_plain(md)
    assert NASTY_SUBJECT + " #3" in plain and NASTY_RECIPIENTS in plain
    quoted = "\n".join(line[2:].rstrip() for line in plain.splitlines() if line.startswith("> "))
    for line in NASTY_BODY.split("\n"):
        assert line in quoted
    # Table cells cannot be broken by a pipe in the data.
    assert all(line.count("|") - line.count("\\|") == 3 for line in md.splitlines() if line.startswith("| "))


def test_pdf_text_and_pages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils, in the Makefile's TOOL_DEBS) is not installed")
    out = tmp_path / "log.pdf"
    summary = export_log(_rows(12), 12, "pdf", out, title="Communication log", scope="INC0000001")
    assert out.read_bytes().startswith(b"%PDF") and summary.pages >= 2
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+(\d+)", info).group(1) == str(summary.pages)  # type: ignore[union-attr]
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "Communication log" in flat
    assert "<script>alert(1)</script>" in flat  # shown as text, escaped in the source
    for fragment in ("Line one, with comma", "=cmd|' /C calc'!A0", "Grüße aus Zürich", "Привет",
                     "Jürgen Müller <jm@example.com>", "Tomás Ribeiro"):
        assert fragment in flat, fragment


def test_cancel_leaves_no_file_and_keeps_older(tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    out.write_text("older export")
    control = JobControl()
    rows = _rows(600)

    def cancelling():  # type: ignore[no-untyped-def]
        for i, r in enumerate(rows):
            if i == 300:
                control.cancel()
            yield r

    with pytest.raises(Cancelled):
        export_log(cancelling(), len(rows), "csv", out, control)
    assert out.read_text() == "older export"
    assert [p.name for p in tmp_path.iterdir()] == ["log.csv"]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_query_from_store(qapp, services, clock, tmp_path: Path, fmt: ExportFormat) -> None:  # type: ignore[no-untyped-def]
    # qapp: PDF layout would otherwise create a bare QGuiApplication, and later widget tests in this
    # process would abort for want of a QApplication.
    if fmt is ExportFormat.PDF and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    inc = services.incidents.log(LogRequest(title="Zürich <printer>", source=Source.PHONE)).value
    services.communications.record(MessageDraft(inc.id, NASTY_SUBJECT, NASTY_BODY, recipients=NASTY_RECIPIENTS))
    seen: list[int] = []
    out = tmp_path / f"log{fmt.suffix}"
    summary = export_query(services.communications, CommQuery(incident_numbers=(inc.number,)), fmt, out,
                           JobControl(lambda d, t, m: seen.append(t)))
    assert summary.rows == 1 and seen and set(seen) == {1}
    data = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout \
        if fmt is ExportFormat.PDF else out.read_text("utf-8-sig")
    assert "Zürich" in data and inc.number in data
