"""Bulk action dialog: pick an action for the selected incidents, see beforehand which ones the lifecycle
will refuse and why; nothing changes until OK."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import CancelReason, HoldReason
from app.services.bulk import BulkOp, BulkRequest, Candidate, Refusal, predicted_refusals
from app.services.dto import GroupRow, PersonRow

OPS = (BulkOp.ASSIGN, BulkOp.ACKNOWLEDGE, BulkOp.START_WORK, BulkOp.HOLD, BulkOp.RESUME, BulkOp.CANCEL)


class BulkActionDialog(QDialog):
    def __init__(self, candidates: Sequence[Candidate], groups: Sequence[GroupRow],
                 members: dict[int, list[PersonRow]], op: BulkOp | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates = list(candidates)
        self.members = members
        self.setWindowTitle(self.tr("Change %n incident(s)", "", len(self.candidates)))
        self.action = QComboBox(self)
        for o in OPS:
            self.action.addItem(self.tr(o.label), o.value)  # plain str: Qt keeps it intact
        self.pages = QStackedWidget(self)
        self.group = QComboBox()
        for g in groups:
            self.group.addItem(f"{g.name} (tier {g.tier})", g.id)
        self.assignee = QComboBox()
        self.hold_reason = QComboBox()
        for r in HoldReason:
            self.hold_reason.addItem(self.tr(r.label), r.value)
        self.cancel_reason = QComboBox()
        for c in CancelReason:
            self.cancel_reason.addItem(self.tr(c.label), c.value)
        self.duplicate_of = QLineEdit()
        self.duplicate_of.setPlaceholderText("INC0000123")
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Optional work note added to each incident"))
        self.note.setMaximumHeight(70)
        self._page_of: dict[BulkOp, int] = {}
        assign = QWidget()
        fa = QFormLayout(assign)
        fa.addRow(self._label(self.tr("&Group:"), self.group), self.group)
        fa.addRow(self._label(self.tr("&Person:"), self.assignee), self.assignee)
        hold = QWidget()
        fh = QFormLayout(hold)
        fh.addRow(self._label(self.tr("&Reason:"), self.hold_reason), self.hold_reason)
        cancel = QWidget()
        fc = QFormLayout(cancel)
        fc.addRow(self._label(self.tr("&Reason:"), self.cancel_reason), self.cancel_reason)
        fc.addRow(self._label(self.tr("&Duplicate of:"), self.duplicate_of), self.duplicate_of)
        empty = QWidget()
        for o, page in ((BulkOp.ASSIGN, assign), (BulkOp.HOLD, hold), (BulkOp.CANCEL, cancel)):
            self._page_of[o] = self.pages.addWidget(page)
        self._empty = self.pages.addWidget(empty)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.refusals = QListWidget(self)
        self.refusals.setAccessibleName(self.tr("Incidents that will be refused"))
        self.refusals.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self._label(self.tr("&Action:"), self.action), self.action)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        self.note_label = self._label(self.tr("&Note:"), self.note)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.summary)
        layout.addWidget(self.refusals, 1)
        layout.addWidget(self.buttons)
        for w in (self.action, self.hold_reason, self.cancel_reason, self.group):
            w.currentIndexChanged.connect(self._update)
        self.group.currentIndexChanged.connect(self._fill_assignees)
        self.duplicate_of.textChanged.connect(self._update)
        if op is not None:
            self.action.setCurrentIndex(OPS.index(op))
        self._fill_assignees()
        self._update()
        self.resize(560, 460)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        lab = QLabel(text, self)
        lab.setBuddy(buddy)
        return lab

    @Slot()
    def _fill_assignees(self) -> None:
        self.assignee.clear()
        self.assignee.addItem(self.tr("(nobody - the group's queue)"), None)
        for p in self.members.get(self.group.currentData(), []):
            self.assignee.addItem(p.name, p.id)

    def request(self) -> BulkRequest:
        op = BulkOp(self.action.currentData())
        note = self.note.toPlainText().strip()
        if op is BulkOp.ASSIGN:
            return BulkRequest(op, group_id=self.group.currentData(), assignee_id=self.assignee.currentData())
        if op is BulkOp.HOLD:
            return BulkRequest(op, hold_reason=HoldReason(self.hold_reason.currentData()), note=note)
        if op is BulkOp.CANCEL:
            dup = self.duplicate_of.text().strip() or None
            return BulkRequest(op, cancel_reason=CancelReason(self.cancel_reason.currentData()), note=note,
                               duplicate_of=dup)
        return BulkRequest(op)

    def predicted(self) -> list[Refusal]:
        return predicted_refusals(self.candidates, self.request())

    @Slot()
    def _update(self) -> None:
        op = BulkOp(self.action.currentData())
        self.pages.setCurrentIndex(self._page_of.get(op, self._empty))
        takes_note = op in (BulkOp.HOLD, BulkOp.CANCEL)
        self.note.setVisible(takes_note)
        self.note_label.setVisible(takes_note)
        refused = self.predicted()
        n = len(self.candidates)
        ok = n - len(refused)
        self.summary.setText(self.tr("%1 of %2 selected incidents will change.").replace("%1", str(ok))
                             .replace("%2", str(n)) + (self.tr(" These will be refused:") if refused else ""))
        self.refusals.clear()
        for r in refused:
            self.refusals.addItem(r.reason if r.number in r.reason else f"{r.number}: {r.reason}")
        self.refusals.setVisible(bool(refused))
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setText(self.tr("Apply to %1").replace("%1", str(ok)))
        button.setEnabled(ok > 0)
        button.setToolTip("" if ok else self.tr("None of the selected incidents allows this action; see the list."))

    @classmethod
    def ask(cls, parent: QWidget | None, candidates: Sequence[Candidate], groups: Sequence[GroupRow],
            members: dict[int, list[PersonRow]], op: BulkOp | None = None) -> BulkRequest | None:
        """The chosen request, or None if cancelled. Tests replace this method."""
        dlg = cls(candidates, groups, members, op, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
