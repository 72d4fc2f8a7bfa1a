"""Assign: choose the group and, optionally, a person of that group."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from app.domain.enums import Tier
from app.services.dto import IncidentDetail
from app.services.workflow import EscalationTargets
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class AssignRequest:
    group_id: int
    assignee_id: int | None


class AssignDialog(FormDialog):
    def __init__(self, detail: IncidentDetail, targets: EscalationTargets, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Assign %1").replace("%1", detail.number), self.tr("&Assign"), parent)
        self.targets = targets
        self.set_intro(self.tr("To take it on yourself use Acknowledge (Ctrl+K). Moving it to a higher tier is a "
                               "functional escalation and needs a reason."))
        self.group = QComboBox(self)
        self.group.setObjectName("assign_group")
        for g in targets.groups:
            if g.tier <= detail.tier or g.is_service_desk:
                self.group.addItem(f"{g.name} ({Tier(g.tier).label})", g.id)
        self.person = QComboBox(self)
        self.person.setObjectName("assign_person")
        self.form.addRow(self.tr("&Group:"), self.group)
        self.form.addRow(self.tr("&Person:"), self.person)
        self.group.currentIndexChanged.connect(self._on_group)
        pos = self.group.findData(detail.group.id if detail.group else None)
        self.group.setCurrentIndex(max(0, pos))
        self._on_group()
        if detail.assignee is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(detail.assignee.id)))

    @Slot()
    def _on_group(self) -> None:
        self.person.clear()
        self.person.addItem(self.tr("(unassigned - the whole group)"), None)
        for p in self.targets.members.get(self.group.currentData(), ()):
            self.person.addItem(p.name, p.id)

    def problem(self) -> str | None:
        return None if self.group.currentData() is not None else self.tr("Choose an assignment group.")

    def request(self) -> AssignRequest:
        return AssignRequest(self.group.currentData(), self.person.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, detail: IncidentDetail, targets: EscalationTargets) -> AssignRequest | None:
        dlg = cls(detail, targets, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
