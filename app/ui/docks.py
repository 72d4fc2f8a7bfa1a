"""Dock panels of the main window: created once on first use, then shown and raised."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget


def show_dock(window: QMainWindow, object_name: str, title: str, make_panel: Callable[[QDockWidget], QWidget],
              area: Qt.DockWidgetArea = Qt.DockWidgetArea.BottomDockWidgetArea) -> QDockWidget:
    """The object name keeps one dock per kind and lets QMainWindow.saveState remember where it was."""
    dock = window.findChild(QDockWidget, object_name)
    if dock is None:
        dock = QDockWidget(title, window)
        dock.setObjectName(object_name)
        dock.setWidget(make_panel(dock))
        window.addDockWidget(area, dock)
    dock.show()
    dock.raise_()
    return dock
