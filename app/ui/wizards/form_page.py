"""Base of the wizard pages: form rows with a message under each field, validation shown in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QWidget, QWizardPage

from app.domain.errors import ValidationError
from app.ui.wizards.field_message import FieldMessage


class FormPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[str, FieldMessage] = {}
        self.widgets: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> FieldMessage:
        """Adds `label: widget` and, under it, the message row for `field` (validation errors name it)."""
        form.addRow(label, widget)
        msg = FieldMessage(self)
        msg.setObjectName(f"message_{field}")
        form.addRow("", msg)
        self.messages[field] = msg
        self.widgets[field] = widget
        return msg

    def show_error(self, field: str | None, message: str) -> bool:
        """Shows `message` under the field and focuses it; False when this page has no such field."""
        if field not in self.messages:
            return False
        self.messages[field].show_error(message)
        self.widgets[field].setFocus()
        return True

    def clear_errors(self) -> None:
        for msg in self.messages.values():
            msg.clear()

    def errors(self) -> dict[str, str]:
        return {k: m.label.text() for k, m in self.messages.items() if not m.isHidden()}

    def check(self, *steps: Callable[[], object]) -> bool:
        """Runs the validators in order; the first refusal is shown next to its field."""
        self.clear_errors()
        for step in steps:
            try:
                step()
            except ValidationError as exc:
                if not self.show_error(exc.field, str(exc)):
                    raise
                return False
        return True
