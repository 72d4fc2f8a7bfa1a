"""Link an incident as the child of a parent (usually a major incident), or remove the link."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from app.services.dto import IncidentDetail
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class LinkParentRequest:
    parent_number: str | None  # None removes the link


class LinkParentDialog(FormDialog):
    def __init__(self, detail: IncidentDetail, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Link %1 to a parent").replace("%1", detail.number), self.tr("&Link"), parent)
        self.number = detail.number
        current = detail.parent.name if detail.parent else ""
        self.set_intro(self.tr("The parent's resolution can be applied to its open children, and the parent "
                               "cannot close while a child is open. Leave empty to remove the link."))
        self.parent_number = QLineEdit(current, self)
        self.parent_number.setObjectName("link_parent_number")
        self.parent_number.setPlaceholderText(self.tr("INC0000123"))
        self.form.addRow(self.tr("&Parent incident:"), self.parent_number)

    def problem(self) -> str | None:
        if self.parent_number.text().strip().upper() == self.number:
            return self.tr("An incident cannot be its own parent.")
        return None

    def request(self) -> LinkParentRequest:
        return LinkParentRequest(self.parent_number.text().strip().upper() or None)

    @classmethod
    def ask(cls, parent: QWidget | None, detail: IncidentDetail) -> LinkParentRequest | None:
        dlg = cls(detail, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
