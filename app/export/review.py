"""A post-incident review as Markdown, escaped HTML or PDF, with its facts, timeline and action items."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.review import ActionKind, ActionStatus, ReviewContent, with_durations
from app.export.files import atomic_output
from app.services.review_dto import ReviewRow

FORMATS = ("md", "html", "pdf")
SECTIONS = ("summary", "business_impact", "root_cause", "contributing_factors", "five_whys", "went_well",
            "went_badly", "got_lucky", "lessons")


def _when(dt: datetime | None) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip() if dt else ""


def _span(delta: timedelta | None) -> str:
    if delta is None:
        return "-"
    minutes = int(delta.total_seconds() // 60)
    days, rem = divmod(minutes, 1440)
    hours, mins = divmod(rem, 60)
    parts = [f"{days}d"] if days else []
    parts += [f"{hours}h"] if hours or days else []
    parts.append(f"{mins}m")
    return " ".join(parts)


def facts_table(row: ReviewRow) -> list[tuple[str, str]]:
    f = row.facts
    sla = "met" if f.sla_met else "breached"
    return [
        ("Duration", _span(f.duration) + (" (ongoing)" if f.ongoing else "")),
        ("Time to acknowledge", _span(f.time_to_acknowledge)),
        ("Time to resolve", _span(f.time_to_resolve)),
        ("SLA", f"{sla} (response {f.response_sla}, resolution {f.resolution_sla})"),
        ("Escalations", str(f.escalations)),
        ("Services affected", ", ".join(f.services_affected) or "-"),
    ]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def review_markdown(row: ReviewRow) -> str:
    c = row.content
    major = ", major incident" if row.is_major else ""
    out = [f"# Post-incident review: {row.incident_number} {row.incident_title}", "",
           f"*P{row.priority}{major} · revision {row.revision} · {row.status_label}"
           + (f" · published {_when(row.published_at)}" if row.published_at else "") + "*", "",
           "| Fact | Value |", "|---|---|"]
    out += [f"| {k} | {_md_cell(v)} |" for k, v in facts_table(row)]
    for name in SECTIONS:
        out += ["", f"## {ReviewContent.LABELS[name]}", ""]
        if name == "five_whys":
            out += [f"{n}. Why? {w}" for n, w in enumerate(c.five_whys, 1)] or ["-"]
        else:
            out.append(getattr(c, name).strip() or "-")
    out += ["", "## Timeline", "", "| When | +Elapsed | Entry | Who |", "|---|---|---|---|"]
    for t in with_durations(c.timeline, row.detected_at):
        text = f"**{_md_cell(t.entry.text)}**" if t.entry.key else _md_cell(t.entry.text)
        out.append(f"| {_when(t.entry.at)} | {_span(t.elapsed)} | {text} | {_md_cell(t.entry.actor)} |")
    out += ["", "## Action items", "", "| # | Action | Kind | Owner | Due | Status | Problem |",
            "|---|---|---|---|---|---|---|"]
    for n, i in enumerate(row.items, 1):
        due = (i.due_date.isoformat() if i.due_date else "-") + (" (overdue)" if i.overdue else "")
        out.append(f"| {n} | {_md_cell(i.description)} | {ActionKind(i.kind).label} | {_md_cell(i.owner or '-')} "
                   f"| {due} | {ActionStatus(i.status).label} | {_md_cell(i.problem_ref or '-')} |")
    out += ["", "## Participants", ""]
    out += [f"- {p}" for p in c.participants] or ["-"]
    return "\n".join(out) + "\n"


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


def text_to_html(text: str) -> str:
    """Plain text with light Markdown habits (blank-line paragraphs, bullet lines) as escaped HTML."""
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = [ln for ln in para.splitlines() if ln.strip()]
        if lines and all(_BULLET.match(ln) for ln in lines):
            items = "".join(f"<li>{html.escape(_BULLET.match(ln).group(1))}</li>" for ln in lines)  # type: ignore[union-attr]
            blocks.append(f"<ul>{items}</ul>")
        elif lines:
            blocks.append("<p>" + "<br>".join(html.escape(ln) for ln in lines) + "</p>")
    return "".join(blocks) or "<p>-</p>"


CSS = ("body{font-family:sans-serif;font-size:10pt} h1{font-size:16pt} h2{font-size:12pt;margin-top:14px}"
       " table{border-collapse:collapse} th,td{border:1px solid #999;padding:3px 6px;vertical-align:top}"
       " th{background:#e8e8e8;text-align:left} .key{font-weight:bold} .overdue{color:#b00020;font-weight:bold}"
       " .meta{color:#555}")


def review_html(row: ReviewRow) -> str:
    e = html.escape
    c = row.content
    major = ", major incident" if row.is_major else ""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(row.incident_number)} review</title>"
             f"<style>{CSS}</style></head><body>",
             f"<h1>Post-incident review: {e(row.incident_number)} {e(row.incident_title)}</h1>",
             f"<p class='meta'>P{row.priority}{major} · revision {row.revision} · {e(row.status_label)}"
             + (f" · published {e(_when(row.published_at))}" if row.published_at else "") + "</p>",
             "<table cellspacing='0' cellpadding='4'>"]
    parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts_table(row)]
    parts.append("</table>")
    for name in SECTIONS:
        parts.append(f"<h2>{e(ReviewContent.LABELS[name])}</h2>")
        if name == "five_whys":
            parts.append("<ol>" + "".join(f"<li>{e(w)}</li>" for w in c.five_whys) + "</ol>" if c.five_whys
                         else "<p>-</p>")
        else:
            parts.append(text_to_html(getattr(c, name)))
    parts.append("<h2>Timeline</h2><table width='100%' cellspacing='0' cellpadding='4'>"
                 "<tr><th>When</th><th>+Elapsed</th><th>Entry</th><th>Who</th></tr>")
    for t in with_durations(c.timeline, row.detected_at):
        cls = " class='key'" if t.entry.key else ""
        parts.append(f"<tr><td>{e(_when(t.entry.at))}</td><td>{e(_span(t.elapsed))}</td>"
                     f"<td{cls}>{e(t.entry.text)}</td><td>{e(t.entry.actor)}</td></tr>")
    parts.append("</table><h2>Action items</h2>")
    if row.items:
        parts.append("<table width='100%' cellspacing='0' cellpadding='4'><tr><th>#</th><th>Action</th>"
                     "<th>Kind</th><th>Owner</th><th>Due</th><th>Status</th><th>Problem</th></tr>")
        for n, i in enumerate(row.items, 1):
            due = e(i.due_date.isoformat()) if i.due_date else "-"
            if i.overdue:
                due = f"<span class='overdue'>{due} (overdue)</span>"
            parts.append(f"<tr><td>{n}</td><td>{e(i.description)}</td><td>{e(ActionKind(i.kind).label)}</td>"
                         f"<td>{e(i.owner or '-')}</td><td>{due}</td><td>{e(ActionStatus(i.status).label)}</td>"
                         f"<td>{e(i.problem_ref or '-')}</td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>-</p>")
    parts.append("<h2>Participants</h2>")
    parts.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in c.participants) + "</ul>" if c.participants
                 else "<p>-</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_review(row: ReviewRow, fmt: str, path: str | Path) -> Path:
    """Write one format; a failure leaves no half file behind."""
    target = Path(path)
    if fmt == "md":
        with atomic_output(target, newline="\n") as fh:
            fh.write(review_markdown(row))
    elif fmt == "html":
        with atomic_output(target, newline="\n") as fh:
            fh.write(review_html(row))
    elif fmt == "pdf":
        from app.export.pdf import html_to_pdf

        html_to_pdf(review_html(row), target, title=f"{row.incident_number} post-incident review")
    else:
        raise ValueError(f"Unknown review format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return target
