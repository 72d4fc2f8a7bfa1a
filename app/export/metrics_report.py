"""The metrics report as CSV (one section per table), Markdown or HTML (for PDF) from DashboardMetrics tables."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.export.csv_safe import CsvOptions, SafeCsvWriter
from app.export.files import atomic_output
from app.services.metrics import DashboardMetrics, MetricTable


def _text(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def title_of(m: DashboardMetrics) -> str:
    q = m.query
    return f"Incident report {q.start:%Y-%m-%d} to {q.end:%Y-%m-%d} (UTC)"


def write_table_csv(table: MetricTable, path: str | Path, options: CsvOptions = CsvOptions()) -> None:
    with atomic_output(path) as fh:
        w = SafeCsvWriter(fh, options)
        w.header(table.headers)
        w.rows(table.rows)


def write_csv(m: DashboardMetrics, path: str | Path, options: CsvOptions = CsvOptions(),
              tables: Sequence[MetricTable] | None = None) -> None:
    """All tables in one file: a title row, the header, the rows and a blank line per table."""
    with atomic_output(path) as fh:
        w = SafeCsvWriter(fh, options)
        w.row([title_of(m)])
        w.row([])
        for t in tables if tables is not None else m.tables():
            w.row([t.title])
            w.header(t.headers)
            w.rows(t.rows)
            w.row([])


def _md_cell(v: Any) -> str:
    return _text(v).replace("|", "\\|").replace("\n", " ")


def to_markdown(m: DashboardMetrics) -> str:
    out = [f"# {title_of(m)}", "", f"Computed {m.computed_at:%Y-%m-%d %H:%M} UTC; "
           f"backlog and ageing are as of then.", ""]
    for t in m.tables():
        out += [f"## {t.title}", "", "| " + " | ".join(_md_cell(h) for h in t.headers) + " |",
                "|" + "|".join("---:" if i else "---" for i in range(len(t.headers))) + "|"]
        out += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in t.rows]
        out.append("")
    return "\n".join(out)


def to_html(m: DashboardMetrics, images: Sequence[tuple[str, str]] = ()) -> str:
    """Plain HTML that QTextDocument lays out well; `images` are (title, resource name) pairs to embed."""
    e = html.escape
    parts = [
        "<html><body style='font-family: sans-serif; font-size: 9pt'>",
        f"<h1 style='font-size: 16pt'>{e(title_of(m))}</h1>",
        f"<p>Computed {m.computed_at:%Y-%m-%d %H:%M} UTC; backlog and ageing are as of then.</p>",
    ]
    for title, name in images:
        parts.append(f"<h2 style='font-size: 12pt'>{e(title)}</h2><img src='{e(name)}' width='620'>")
    for t in m.tables():
        parts.append(f"<h2 style='font-size: 12pt'>{e(t.title)}</h2>")
        parts.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>")
        parts += [f"<th align='{'left' if i == 0 else 'right'}'>{e(h)}</th>" for i, h in enumerate(t.headers)]
        parts.append("</tr>")
        for r in t.rows:
            parts.append("<tr>" + "".join(
                f"<td align='{'left' if i == 0 else 'right'}'>{e(_text(v))}</td>" for i, v in enumerate(r)) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def write_markdown(m: DashboardMetrics, path: str | Path) -> None:
    with atomic_output(path, newline=None) as fh:
        fh.write(to_markdown(m))
        fh.write("\n")


def write_pdf(m: DashboardMetrics, path: str | Path) -> int:
    from app.export.pdf import html_to_pdf

    return html_to_pdf(to_html(m), path, title_of(m))
