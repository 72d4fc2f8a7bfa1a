"""Communication log exports: Excel-safe CSV, Markdown, escaped printable HTML and PDF."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import IO

from app.domain.communication import Audience, Channel, CommQuery, Direction, label_of
from app.domain.templates import local_text
from app.export.csv_safe import SafeCsvWriter
from app.export.files import atomic_output
from app.services.communications import CommunicationRow, CommunicationService
from app.services.jobs import NO_CONTROL, JobControl

PROGRESS_EVERY = 250


class ExportFormat(str, Enum):
    CSV = "csv"
    MD = "md"
    HTML = "html"
    PDF = "pdf"

    @property
    def suffix(self) -> str:
        return "." + self.value

    @classmethod
    def from_path(cls, path: str | Path) -> ExportFormat | None:
        suffix = Path(path).suffix.lower().lstrip(".")
        aliases = {"markdown": "md", "htm": "html"}
        try:
            return cls(aliases.get(suffix, suffix))
        except ValueError:
            return None


CSV_HEADER = ("Entry", "Incident", "Incident title", "Sent at", "Direction", "Audience", "Channel", "Recipients",
              "Subject", "Message", "Author", "Next update due", "Corrects entry", "Template")


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    format: ExportFormat
    rows: int
    pages: int = 0


def iso(dt: datetime | None) -> str:
    return "" if dt is None else dt.astimezone().isoformat(timespec="seconds")


def when(dt: datetime | None) -> str:
    return "" if dt is None else local_text(dt)


def _progress(rows: Iterable[CommunicationRow], total: int, control: JobControl, verb: str
              ) -> Iterator[CommunicationRow]:
    n = 0
    control.report(0, total, f"{verb}…")
    for row in rows:
        yield row
        n += 1
        if n % PROGRESS_EVERY == 0:
            control.report(n, total, f"{verb} {n:,} of {total:,} entries…")
    control.report(n, total, f"{verb} {n:,} entries")


def _csv_values(r: CommunicationRow) -> list[object]:
    return [r.id, r.incident_number, r.incident_title, iso(r.sent_at), label_of(Direction, r.direction),
            label_of(Audience, r.audience), label_of(Channel, r.channel), r.recipients, r.subject, r.body, r.author,
            iso(r.next_update_due_at), r.corrects_id, r.template_name or ""]


def write_csv(rows: Iterable[CommunicationRow], fh: IO[str]) -> int:
    w = SafeCsvWriter(fh)
    w.header(CSV_HEADER)
    n = 0
    for r in rows:
        w.row(_csv_values(r))
        n += 1
    return n


# -- Markdown -----------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """Literal text in Markdown: HTML is escaped (renderers pass raw HTML through), markup characters too."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def md_cell(text: str) -> str:
    return md_escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def _meta(r: CommunicationRow) -> list[tuple[str, str]]:
    pairs = [
        ("Incident", f"{r.incident_number} - {r.incident_title}"),
        ("Direction", label_of(Direction, r.direction)),
        ("Audience", label_of(Audience, r.audience)),
        ("Channel", label_of(Channel, r.channel)),
        ("Recipients" if r.direction == Direction.OUT.value else "From", r.recipients),
        ("Author", r.author),
        ("Next update due", when(r.next_update_due_at)),
        ("Corrects entry", f"#{r.corrects_id}" if r.corrects_id else ""),
        ("Template", r.template_name or ""),
    ]
    return [(k, v) for k, v in pairs if v]


def write_markdown(rows: Iterable[CommunicationRow], fh: IO[str], title: str, scope: str) -> int:
    fh.write(f"# {md_escape(title)}\n\n")
    if scope:
        fh.write(f"{md_escape(scope)}\n\n")
    n = 0
    for r in rows:
        n += 1
        fh.write(f"## #{r.id} {md_escape(when(r.sent_at))} - {md_escape(r.subject)}\n\n")
        fh.write("| Field | Value |\n|---|---|\n")
        for k, v in _meta(r):
            fh.write(f"| {k} | {md_cell(v)} |\n")
        fh.write("\n")
        for line in r.body.replace("\r\n", "\n").split("\n"):
            fh.write(f"> {md_escape(line)}  \n" if line else ">\n")
        fh.write("\n")
    if n == 0:
        fh.write("No entries.\n")
    return n


# -- HTML ---------------------------------------------------------------------------------------------

STYLESHEET = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a;
       background: #fff; margin: 2em auto; max-width: 58em; line-height: 1.4; }
h1 { font-size: 17pt; margin: 0 0 .2em; }
p.scope { color: #555; margin: 0 0 1.5em; }
section.entry { border: 1px solid #c8c8c8; border-radius: 4px; margin: 0 0 1.2em; padding: .6em .9em;
                page-break-inside: avoid; break-inside: avoid; }
section.entry.in { border-left: 4px solid #6a8caf; }
section.entry.out { border-left: 4px solid #5f9a6a; }
h2 { font-size: 11.5pt; margin: 0 0 .4em; }
h2 .when { font-weight: normal; color: #555; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1em 1em; margin: 0 0 .6em; font-size: 9.5pt; }
dt { color: #555; }
dd { margin: 0; }
div.body { white-space: pre-wrap; border-top: 1px solid #e2e2e2; padding-top: .5em; }
p.empty { color: #555; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section.entry { border-color: #999; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def write_html(rows: Iterable[CommunicationRow], fh: IO[str], title: str, scope: str) -> int:
    fh.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    fh.write(f"<title>{esc(title)}</title>\n<style>{STYLESHEET}</style>\n</head>\n<body>\n")
    fh.write(f"<h1>{esc(title)}</h1>\n")
    if scope:
        fh.write(f'<p class="scope">{esc(scope)}</p>\n')
    n = 0
    for r in rows:
        n += 1
        direction = "in" if r.direction == Direction.IN.value else "out"
        fh.write(f'<section class="entry {direction}" id="entry-{r.id}">\n')
        fh.write(f'<h2><span class="when">{esc(when(r.sent_at))}</span> &middot; {esc(r.subject)}</h2>\n<dl>\n')
        for k, v in _meta(r):
            fh.write(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>\n")
        fh.write(f'</dl>\n<div class="body">{esc(r.body)}</div>\n</section>\n')
    if n == 0:
        fh.write('<p class="empty">No entries.</p>\n')
    fh.write("</body>\n</html>\n")
    return n


def pdf_html(rows: Iterable[CommunicationRow], title: str, scope: str) -> tuple[str, int]:
    """HTML in the subset QTextDocument lays out well: one borderless table per entry with a shaded heading."""
    parts = [f"<html><head><title>{esc(title)}</title></head>"
             '<body style="font-family: \'DejaVu Sans\', sans-serif; font-size: 9pt; color: #1a1a1a;">',
             f'<h1 style="font-size: 15pt;">{esc(title)}</h1>']
    if scope:
        parts.append(f'<p style="color: #555555;">{esc(scope)}</p>')
    n = 0
    for r in rows:
        n += 1
        shade = "#e4ecf4" if r.direction == Direction.IN.value else "#e6f1e7"
        parts.append(
            '<table width="100%" border="0" cellspacing="0" cellpadding="3" style="margin-top: 14px;">'
            f'<tr><td colspan="2" style="background-color: {shade};"><b>{esc(r.subject)}</b><br>'
            f'<span style="color: #444444;">{esc(when(r.sent_at))} &middot; '
            f'{esc(label_of(Direction, r.direction))} &middot; entry #{r.id}</span></td></tr>'
        )
        for k, v in _meta(r):
            if k == "Direction":
                continue
            parts.append(f'<tr><td width="20%" style="color: #555555;">{esc(k)}</td><td>{esc(v)}</td></tr>')
        body = esc(r.body).replace("\n", "<br>")
        parts.append(f'<tr><td colspan="2" style="border-top: 1px solid #cccccc;">{body}</td></tr></table>')
    if n == 0:
        parts.append("<p><i>No entries.</i></p>")
    parts.append("</body></html>")
    return "".join(parts), n


# -- entry point --------------------------------------------------------------------------------------

def export_log(rows: Iterable[CommunicationRow], total: int, fmt: ExportFormat | str, path: str | Path,
               control: JobControl = NO_CONTROL, title: str = "Communication log", scope: str = "",
               pdf_writer: Callable[[str, Path, str], int] | None = None) -> ExportSummary:
    """Write the log; a cancel (JobControl) or an error leaves no file, and an older file stays intact."""
    fmt = ExportFormat(fmt)
    try:
        return _export(rows, total, fmt, Path(path), control, title, scope, pdf_writer)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:  # a streaming generator: release its database session now, not at GC
            close()


def _export(rows: Iterable[CommunicationRow], total: int, fmt: ExportFormat, target: Path, control: JobControl,
            title: str, scope: str, pdf_writer: Callable[[str, Path, str], int] | None) -> ExportSummary:
    tracked = _progress(rows, total, control, "Writing")
    if fmt is ExportFormat.PDF:
        from app.export.pdf import html_to_pdf

        doc, n = pdf_html(tracked, title, scope)
        control.report(n, total, "Laying out pages…")
        pages = (pdf_writer or html_to_pdf)(doc, target, title)
        return ExportSummary(target, fmt, n, pages)
    with atomic_output(target, newline="") as fh:
        if fmt is ExportFormat.CSV:
            n = write_csv(tracked, fh)
        elif fmt is ExportFormat.MD:
            n = write_markdown(tracked, fh, title, scope)
        else:
            n = write_html(tracked, fh, title, scope)
    return ExportSummary(target, fmt, n)


def describe_query(q: CommQuery, total: int, exported_at: datetime) -> str:
    """One line under the title saying what the export holds, so a printed copy explains itself."""
    parts: list[str] = []
    numbers = list(q.incident_numbers)
    if numbers:
        parts.append(", ".join(numbers[:8]) + (f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""))
    elif not q.incident_ids:
        parts.append("All incidents")
    if q.sent_from or q.sent_to:
        start = when(q.sent_from) if q.sent_from else "the start"
        end = when(q.sent_to) if q.sent_to else "now"
        parts.append(f"sent from {start} to {end}")
    if q.audiences:
        parts.append("audience " + ", ".join(label_of(Audience, a) for a in q.audiences))
    if q.channels:
        parts.append("channel " + ", ".join(label_of(Channel, c) for c in q.channels))
    if q.direction:
        parts.append(label_of(Direction, q.direction).lower() + " only")
    parts.append(f"{total:,} {'entry' if total == 1 else 'entries'}")
    parts.append(f"exported {when(exported_at)}")
    return " \u00b7 ".join(parts)


def export_query(service: CommunicationService, q: CommQuery, fmt: ExportFormat | str, path: str | Path,
                 control: JobControl = NO_CONTROL, title: str = "Communication log") -> ExportSummary:
    """Count, then stream the matching entries into the file."""
    total = service.count(q)
    scope = describe_query(q, total, service.ctx.clock.now())
    return export_log(service.stream(q), total, fmt, path, control, title, scope)
