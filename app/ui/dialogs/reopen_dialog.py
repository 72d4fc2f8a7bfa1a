"""Reopen within the reopen window (with reason), or after it log a follow-up incident linked to the old one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit, QWidget

from app.domain.validation import TITLE_MAX
from app.services.workflow import ReopenInfo
from app.ui.dialogs.form_dialog import FormDialog
from app.ui.formatting import local


class ReopenMode(Enum):
    REOPEN = "reopen"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class ReopenRequest:
    mode: ReopenMode
    reason: str
    title: str = ""


class ReopenDialog(FormDialog):
    def __init__(self, info: ReopenInfo, parent: QWidget | None = None) -> None:
        d = info.detail
        self.mode = ReopenMode.REOPEN if info.within_window else ReopenMode.FOLLOW_UP
        title = (self.tr("Reopen %1") if self.mode is ReopenMode.REOPEN else self.tr("Follow-up of %1"))
        ok = self.tr("&Reopen") if self.mode is ReopenMode.REOPEN else self.tr("Log &follow-up incident")
        super().__init__(title.replace("%1", d.number), ok, parent)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("reopen_title")
        self.title_edit.setMaxLength(TITLE_MAX)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reopen_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        if self.mode is ReopenMode.REOPEN:
            self.set_intro(self.tr("%1 can be reopened until %2 (reopen window: %3 days). It goes back to In "
                                   "progress and the reopen is counted.").replace("%1", d.number)
                           .replace("%2", local(info.window_ends)).replace("%3", str(info.window_days)))
            self.title_edit.hide()
        else:
            why = (self.tr("%1 is closed.") if d.status == "closed" else
                   self.tr("%1 was resolved more than %2 days ago (the reopen window).").replace(
                       "%2", str(info.window_days)))
            self.set_intro(why.replace("%1", d.number) + " " + self.tr(
                "A recurrence becomes a new incident linked to the old one, with the same caller, service and "
                "category."))
            self.title_edit.setText(f"Follow-up of {d.number}: {d.title}"[:TITLE_MAX])
            self.form.addRow(self.tr("&Title:"), self.title_edit)
        self.form.addRow(self.tr("&Reason:") if self.mode is ReopenMode.REOPEN else self.tr("&What happened:"),
                         self.reason)

    def problem(self) -> str | None:
        if self.mode is ReopenMode.FOLLOW_UP and not self.title_edit.text().strip():
            return self.tr("The follow-up incident needs a title.")
        if not self.reason.toPlainText().strip():
            self.reason.setFocus()
            return (self.tr("Reopening needs a reason.") if self.mode is ReopenMode.REOPEN
                    else self.tr("Describe what happened again."))
        return None

    def request(self) -> ReopenRequest:
        return ReopenRequest(self.mode, self.reason.toPlainText().strip(), self.title_edit.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, info: ReopenInfo) -> ReopenRequest | None:
        dlg = cls(info, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
