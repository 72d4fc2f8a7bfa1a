"""Escalate: functionally to a higher-tier group or vendor, hierarchically to a manager, or back to the desk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QPlainTextEdit, QWidget

from app.domain.enums import EscalationKind, Tier
from app.services.dto import IncidentDetail
from app.services.workflow import EscalationTargets
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class EscalateRequest:
    kind: EscalationKind
    reason: str
    group_id: int | None = None
    person_id: int | None = None
    make_major: bool = False


class EscalateDialog(FormDialog):
    def __init__(self, kind: EscalationKind, detail: IncidentDetail, targets: EscalationTargets,
                 parent: QWidget | None = None) -> None:
        tr = lambda text: QCoreApplication.translate("EscalateDialog", text)  # noqa: E731 - before QDialog init
        titles = {
            EscalationKind.FUNCTIONAL: tr("Functional escalation"),
            EscalationKind.HIERARCHICAL: tr("Hierarchical escalation"),
            EscalationKind.DE_ESCALATION: tr("Return to service desk"),
        }
        oks = {EscalationKind.FUNCTIONAL: tr("&Escalate"), EscalationKind.HIERARCHICAL: tr("&Escalate"),
               EscalationKind.DE_ESCALATION: tr("&Return")}
        super().__init__(f"{titles[kind]} - {detail.number}", oks[kind], parent)
        self.kind = kind
        self.detail = detail
        self.group = QComboBox(self)
        self.group.setObjectName("escalate_group")
        self.person = QComboBox(self)
        self.person.setObjectName("escalate_person")
        self.make_major = QCheckBox(self.tr("&Promote to major incident"), self)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("escalate_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        current = Tier(detail.tier).label
        where = f"{detail.group.name if detail.group else self.tr('no group')} ({current})"
        if kind is EscalationKind.FUNCTIONAL:
            self.set_intro(self.tr("%1 is with %2. Send it to a specialist group of a higher tier or to a vendor; "
                                   "it appears in that group's queue.").replace("%1", detail.number)
                           .replace("%2", where))
            for g in targets.groups:
                if g.tier > detail.tier:
                    self.group.addItem(f"{g.name} ({Tier(g.tier).label})", g.id)
            self.form.addRow(self.tr("&To group:"), self.group)
        elif kind is EscalationKind.HIERARCHICAL:
            self.set_intro(self.tr("Bring %1 to the attention of a manager or the major-incident manager.")
                           .replace("%1", detail.number))
            group_manager = next((g.manager_id for g in targets.groups if detail.group and g.id == detail.group.id),
                                 None)
            receivers = {p.id for p in targets.managers}
            if group_manager is not None and group_manager not in receivers:
                # A team lead heads the group; hierarchical escalations go to managers: take the next one up.
                people = {m.id: m for rows in targets.members.values() for m in rows}
                seen: set[int] = set()
                while group_manager is not None and group_manager not in receivers and group_manager not in seen:
                    seen.add(group_manager)
                    group_manager = people[group_manager].manager_id if group_manager in people else None
            for p in targets.managers:
                suffix = self.tr(" - manager of this group") if p.id == group_manager else ""
                self.person.addItem(f"{p.name} ({p.role.replace('_', ' ')}){suffix}", p.id)
            pos = self.person.findData(group_manager)
            self.person.setCurrentIndex(max(0, pos))
            self.form.addRow(self.tr("&To manager:"), self.person)
            self.make_major.setChecked(detail.is_major)
            self.make_major.setEnabled(not detail.is_major)
            if detail.is_major:
                self.make_major.setToolTip(self.tr("%1 is already a major incident.").replace("%1", detail.number))
            self.form.addRow("", self.make_major)
        else:
            self.set_intro(self.tr("%1 is with %2. Return it to the service desk queue (it becomes unassigned).")
                           .replace("%1", detail.number).replace("%2", where))
        self.form.addRow(self.tr("&Reason:"), self.reason)
        for widget in (self.group, self.person, self.make_major):
            widget.setVisible(self.form.indexOf(widget) >= 0)  # only the fields of this kind show

    def problem(self) -> str | None:
        if self.kind is EscalationKind.FUNCTIONAL and self.group.currentData() is None:
            return self.tr("There is no group of a higher tier to escalate to.")
        if self.kind is EscalationKind.HIERARCHICAL and self.person.currentData() is None:
            return self.tr("Choose the manager to escalate to.")
        if not self.reason.toPlainText().strip():
            self.reason.setFocus()
            return self.tr("An escalation needs a reason.")
        return None

    def request(self) -> EscalateRequest:
        return EscalateRequest(
            kind=self.kind, reason=self.reason.toPlainText().strip(),
            group_id=self.group.currentData() if self.kind is EscalationKind.FUNCTIONAL else None,
            person_id=self.person.currentData() if self.kind is EscalationKind.HIERARCHICAL else None,
            make_major=self.kind is EscalationKind.HIERARCHICAL and self.make_major.isChecked()
            and not self.detail.is_major,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, kind: EscalationKind, detail: IncidentDetail,
            targets: EscalationTargets) -> EscalateRequest | None:
        dlg = cls(kind, detail, targets, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
