"""Cancel with a reason: duplicate (naming the original), false alarm, or logged in error."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QWidget

from app.domain.enums import CancelReason
from app.services.dto import IncidentDetail
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class CancelRequest:
    reason: CancelReason
    duplicate_of: str | None
    note: str


class CancelDialog(FormDialog):
    def __init__(self, detail: IncidentDetail, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Cancel %1").replace("%1", detail.number), self.tr("Cancel &incident"), parent)
        self.number = detail.number
        self.set_intro(self.tr("Cancelling is final. A cancelled incident keeps its history but cannot change."))
        self.reason = QComboBox(self)
        self.reason.setObjectName("cancel_reason")
        for r in CancelReason:
            self.reason.addItem(self.tr(r.label), r)
        self.duplicate_of = QLineEdit(self)
        self.duplicate_of.setObjectName("cancel_duplicate_of")
        self.duplicate_of.setPlaceholderText(self.tr("INC0000123"))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(70)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.form.addRow(self.tr("&Duplicate of:"), self.duplicate_of)
        self.form.addRow(self.tr("&Note:"), self.note)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(self.tr("&Keep it"))
        self.reason.currentIndexChanged.connect(self._on_reason)
        self._on_reason()

    def _on_reason(self) -> None:
        dup = self.reason.currentData() is CancelReason.DUPLICATE
        self.duplicate_of.setEnabled(dup)
        self.duplicate_of.setToolTip("" if dup else self.tr("Only a duplicate names another incident."))

    def problem(self) -> str | None:
        if self.reason.currentData() is CancelReason.DUPLICATE:
            text = self.duplicate_of.text().strip().upper()
            if not text:
                self.duplicate_of.setFocus()
                return self.tr("Name the incident this one duplicates.")
            if text == self.number:
                return self.tr("An incident cannot duplicate itself.")
        return None

    def request(self) -> CancelRequest:
        dup = self.duplicate_of.text().strip().upper() if self.reason.currentData() is CancelReason.DUPLICATE else None
        return CancelRequest(self.reason.currentData(), dup or None, self.note.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, detail: IncidentDetail) -> CancelRequest | None:
        dlg = cls(detail, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
