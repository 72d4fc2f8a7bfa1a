"""Application style: Fusion with the platform palette, so light and dark modes both read well."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
