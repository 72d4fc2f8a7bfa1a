"""PDF output from HTML via QTextDocument and QPdfWriter: the one place an exporter needs QtGui."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPdfWriter


def _ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Text layout needs an application object and headless commands have none yet. A full QApplication,
        # not a bare QGuiApplication, so widgets created later in the same process still work.
        _ensure_gui_app.app = QApplication([])  # type: ignore[attr-defined]


@contextlib.contextmanager
def pdf_writer(path: str | Path, title: str = "", landscape: bool = False, margin_mm: float = 15,
               resolution: int = 300) -> Iterator[QPdfWriter]:
    """An A4 QPdfWriter on a temporary file beside `path`, renamed into place only when the body succeeds."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    _ensure_gui_app()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("Incident Desk")
        orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                         QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
                                         QPageLayout.Unit.Millimeter))
        writer.setResolution(resolution)
        yield writer
        del writer  # the file is complete once the body's painter has ended; drop our handle before renaming
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def html_to_pdf(html: str, path: str | Path, title: str = "") -> int:
    """Render `html` to an A4 PDF at `path`; written beside it and renamed, so no half file remains."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    with pdf_writer(path, title) as writer:
        doc = QTextDocument()
        # Lay text out at the writer's resolution; otherwise points are taken at screen DPI and print tiny.
        doc.documentLayout().setPaintDevice(writer)
        doc.setHtml(html)
        doc.setPageSize(QSizeF(writer.width(), writer.height()))
        doc.print_(writer)
        return doc.pageCount()
