"""Put on hold with a reason (the SLA clock pauses until the incident is resumed)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDialog, QPlainTextEdit, QWidget

from app.domain.enums import HoldReason
from app.services.dto import IncidentDetail
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class HoldRequest:
    reason: HoldReason
    note: str


class HoldDialog(FormDialog):
    def __init__(self, detail: IncidentDetail, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Put %1 on hold").replace("%1", detail.number), self.tr("Put on &hold"), parent)
        self.set_intro(self.tr("The SLA clock pauses while the incident is on hold and restarts when it is "
                               "resumed."))
        self.reason = QComboBox(self)
        self.reason.setObjectName("hold_reason")
        for r in HoldReason:
            self.reason.addItem(self.tr(r.label), r)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("hold_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Optional: what exactly are we waiting for? (saved as a work note)"))
        self.note.setFixedHeight(80)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.form.addRow(self.tr("&Note:"), self.note)

    def request(self) -> HoldRequest:
        return HoldRequest(self.reason.currentData(), self.note.toPlainText().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, detail: IncidentDetail) -> HoldRequest | None:
        dlg = cls(detail, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
