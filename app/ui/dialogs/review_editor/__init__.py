"""Post-incident review editor: one module per section, composed by `editor.ReviewEditor`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services.app import Services
from app.ui.dialogs.review_editor.editor import ReviewEditor
from app.ui.runner import Runner


def open_review(parent: QWidget, services: Services, runner: Runner, incident_id: int) -> ReviewEditor:
    """Show the incident's review (started as a draft if it has none) in its own window."""
    for child in parent.findChildren(ReviewEditor):
        if child.incident_id == incident_id and child.isVisible():
            child.raise_()
            child.activateWindow()
            return child
    editor = ReviewEditor(services, runner, incident_id, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    editor.load()
    editor.show()
    return editor


__all__ = ["ReviewEditor", "open_review"]
