"""PDF output from HTML via QTextDocument and QPdfWriter: the one place an exporter needs QtGui."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Text layout needs a GUI application object; headless commands have none yet.
        _ensure_gui_app.app = QGuiApplication([])  # type: ignore[attr-defined]


def html_to_pdf(html: str, path: str | Path, title: str = "") -> int:
    """Render `html` to an A4 PDF at `path`; written beside it and renamed, so no half file remains."""
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    _ensure_gui_app()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("Incident Desk")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        writer.setResolution(300)
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(writer)  # lay out at the writer's 300 dpi, so points stay points
        doc.setHtml(html)
        doc.setPageSize(QSizeF(writer.width(), writer.height()))
        doc.print_(writer)
        pages = doc.pageCount()
        del writer  # closes the file
        os.replace(tmp, target)
        return pages
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
