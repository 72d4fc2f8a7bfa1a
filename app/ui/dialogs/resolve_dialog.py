"""Resolve: resolution code, notes, workaround or permanent fix, recovery confirmed, and open children."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from app.services.workflow import ResolveInfo
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class ResolveRequest:
    code: str
    notes: str
    workaround: bool
    recovery_confirmed: bool
    child_ids: tuple[int, ...] = ()


class ResolveDialog(FormDialog):
    def __init__(self, info: ResolveInfo, parent: QWidget | None = None) -> None:
        d = info.detail
        super().__init__(self.tr("Resolve %1").replace("%1", d.number), self.tr("&Resolve"), parent)
        first_contact = info.first_contact
        fcr = self.tr("Resolved by the service desk without escalation: this counts as a first-contact "
                      "resolution.")
        self.set_intro(f"{d.number}  {d.title}" + (f"\n{fcr}" if first_contact else ""))
        self.code = QComboBox(self)
        self.code.setObjectName("resolve_code")
        for c in info.codes:
            self.code.addItem(c, c)
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("resolve_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("What was done, so the next agent can do it again (required)"))
        self.notes.setMinimumHeight(110)
        self.permanent = QRadioButton(self.tr("&Permanent fix"), self)
        self.workaround = QRadioButton(self.tr("&Workaround"), self)
        self.permanent.setChecked(True)
        kind = QButtonGroup(self)
        kind.addButton(self.permanent)
        kind.addButton(self.workaround)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.permanent)
        kind_row.addWidget(self.workaround)
        kind_row.addStretch(1)
        self.recovery = QCheckBox(self.tr("Service &recovery confirmed (users can work again)"), self)
        self.recovery.setObjectName("resolve_recovery")
        self.form.addRow(self.tr("Resolution &code:"), self.code)
        self.form.addRow(self.tr("Resolution &notes:"), self.notes)
        self.form.addRow(self.tr("Fix:"), kind_row)
        self.form.addRow("", self.recovery)
        self.children = QListWidget(self)
        self.children.setObjectName("resolve_children")
        for cid, number, title in info.children:
            item = QListWidgetItem(f"{number}  {title}", self.children)
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        if info.children:
            label = QLabel(self.tr("Also resolve these open &child incidents with the same resolution:"), self)
            label.setWordWrap(True)
            label.setBuddy(self.children)
            self.children.setMaximumHeight(24 * min(6, len(info.children)) + 8)
            self.form.addRow(label)
            self.form.addRow(self.children)
        else:
            self.children.hide()
        self.code.currentTextChanged.connect(self._on_code)

    def _on_code(self, code: str) -> None:
        if "work around" in code.casefold() or "workaround" in code.casefold():
            self.workaround.setChecked(True)

    def problem(self) -> str | None:
        if not self.code.currentData():
            return self.tr("There are no resolution codes; add some in the settings.")
        if not self.notes.toPlainText().strip():
            self.notes.setFocus()
            return self.tr("Resolution notes are required.")
        return None

    def chosen_children(self) -> tuple[int, ...]:
        items = (self.children.item(i) for i in range(self.children.count()))
        return tuple(int(it.data(Qt.ItemDataRole.UserRole)) for it in items
                     if it.checkState() == Qt.CheckState.Checked)

    def request(self) -> ResolveRequest:
        return ResolveRequest(self.code.currentData(), self.notes.toPlainText().strip(),
                              self.workaround.isChecked(), self.recovery.isChecked(), self.chosen_children())

    @classmethod
    def ask(cls, parent: QWidget | None, info: ResolveInfo) -> ResolveRequest | None:
        dlg = cls(info, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
