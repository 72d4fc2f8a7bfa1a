"""Render a widget (the dashboard) to a PDF: scaled to the page width, cut into pages, no half file on failure."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtWidgets import QWidget

from app.export.pdf import pdf_writer


def widget_to_pdf(widget: QWidget, path: str | Path, title: str = "") -> int:
    with pdf_writer(path, title, landscape=True, margin_mm=10, resolution=150) as writer:
        painter = QPainter(writer)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        scale = page.width() / max(1, widget.width())
        fit = min(scale, page.height() / max(1, widget.height()))
        if fit >= 0.6 * scale:  # one page while the text stays readable, else page-wide slices
            scale = fit
        slice_h = int(page.height() / scale)
        pages = 0
        top = 0
        while top < widget.height():
            if pages:
                writer.newPage()
            painter.save()
            painter.scale(scale, scale)
            h = min(slice_h, widget.height() - top)
            widget.render(painter, QPoint(0, 0), QRegion(QRect(0, top, widget.width(), h)))
            painter.restore()
            top += slice_h
            pages += 1
        painter.end()
        return pages
