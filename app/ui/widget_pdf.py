"""Render a widget (the dashboard) to a PDF: scaled to the page width, cut into pages, no half file on failure."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QRect
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
from PySide6.QtWidgets import QWidget


def widget_to_pdf(widget: QWidget, path: str | Path, title: str = "") -> int:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(title)
        writer.setCreator("Incident Desk")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                         QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
        writer.setResolution(150)
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
        del writer
        os.replace(tmp, target)
        return pages
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
