"""Close: closure code and caller confirmation; refused, with every reason listed, while guards fail."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QComboBox, QDialog, QLabel, QRadioButton, QVBoxLayout, QWidget

from app.domain.enums import CallerConfirmation
from app.services.workflow import CloseInfo
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.formatting import local


@dataclass(frozen=True)
class CloseRequest:
    closure_code: str
    confirmation: CallerConfirmation
    wait_for_caller: bool  # True: stay Resolved and let the SLA engine close it after N days


class CloseDialog(FormDialog):
    def __init__(self, info: CloseInfo, parent: QWidget | None = None) -> None:
        d = info.detail
        super().__init__(self.tr("Close %1").replace("%1", d.number), self.tr("&Close incident"), parent)
        self.info = info
        self.set_intro(f"{d.number}  {d.title}\n" + self.tr("Resolution: %1").replace(
            "%1", " - ".join(x for x in (d.resolution_code or "", d.resolution_notes or "") if x) or "-"))
        self.code = QComboBox(self)
        self.code.setObjectName("close_code")
        for c in info.codes:
            self.code.addItem(c, c)
        self.confirmed = QRadioButton(self.tr("Caller &confirmed the resolution"), self)
        self.confirmed.setObjectName("close_confirmed")
        self.no_answer_wait = QRadioButton(self, objectName="close_wait")
        days = info.auto_close_days
        when = local(info.auto_close_at) if info.auto_close_at else ""
        self.no_answer_wait.setText(
            self.tr("No answer yet - &keep it resolved and close automatically after %1 days (%2)")
            .replace("%1", str(days)).replace("%2", when))
        self.no_answer_now = QRadioButton(self.tr("No answer - close &now"), self)
        self.no_answer_now.setObjectName("close_no_answer_now")
        if days <= 0:
            self.no_answer_wait.setEnabled(False)
            self.no_answer_wait.setToolTip(self.tr("Automatic closure is switched off in the settings."))
        group = QButtonGroup(self)
        for b in (self.confirmed, self.no_answer_wait, self.no_answer_now):
            group.addButton(b)
        self.confirmed.setChecked(True)
        confirm_box = QVBoxLayout()
        confirm_box.setSpacing(2)
        for b in (self.confirmed, self.no_answer_wait, self.no_answer_now):
            confirm_box.addWidget(b)
        self.form.addRow(self.tr("Closure c&ode:"), self.code)
        self.form.addRow(self.tr("Caller:"), confirm_box)
        self.refusals = QLabel(self)
        self.refusals.setObjectName("close_refusals")
        self.refusals.setWordWrap(True)
        if info.refusals:
            items = "".join(f"<li>{r}</li>" for r in info.refusals)
            self.show_problem(self.tr("%1 cannot be closed yet:").replace("%1", d.number)
                              + f"<ul style='margin:0'>{items}</ul>")
            self.error.setTextFormat(Qt.TextFormat.RichText)
            self.ok_button.setEnabled(False)
            self.ok_button.setToolTip("\n".join(info.refusals))
        for b in (self.no_answer_wait, self.no_answer_now, self.confirmed):
            b.toggled.connect(self._on_confirmation)
        self._on_confirmation()

    def _on_confirmation(self) -> None:
        wanted = "No answer from caller" if not self.confirmed.isChecked() else "Confirmed by caller"
        pos = self.code.findData(wanted)
        if pos >= 0:
            self.code.setCurrentIndex(pos)
        if not self.info.refusals:
            self.ok_button.setText(self.tr("&Wait for caller") if self.no_answer_wait.isChecked()
                                   else self.tr("&Close incident"))

    def problem(self) -> str | None:
        if self.info.refusals:
            return self.error.text()
        if not self.code.currentData():
            return self.tr("There are no closure codes; add some in the settings.")
        return None

    def request(self) -> CloseRequest:
        confirmation = CallerConfirmation.CONFIRMED if self.confirmed.isChecked() else CallerConfirmation.NO_ANSWER
        return CloseRequest(self.code.currentData(), confirmation, self.no_answer_wait.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, info: CloseInfo) -> CloseRequest | None:
        dlg = cls(info, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
