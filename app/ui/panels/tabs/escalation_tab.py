"""Escalation tab: tier, group and assignee, the two SLA gauges, escalation actions and history."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.domain.availability import IncidentAction, unavailable_reason
from app.domain.enums import EscalationKind, Priority, Status, Tier
from app.services.workflow import EscalationPanelData
from app.ui.formatting import duration, local, status_label
from app.ui.incident_flows import IncidentFlows
from app.ui.models.escalation_table_model import EscalationColumn, EscalationTableModel
from app.ui.panels.sla_gauge import SlaGaugeWidget
from app.ui.panels.tabs import DetailTab

REFRESH_MS = 60_000  # gauges count down; a minute is the resolution they show


class EscalationTab(DetailTab):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.flows = IncidentFlows(self.services, self.runner, self)
        self.data: EscalationPanelData | None = None
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, caption in (("status", "Status"), ("tier", "Tier"), ("group", "Group"), ("assignee", "Assignee"),
                             ("owner", "Record owner"), ("escalations", "Escalations"),
                             ("next_update", "Next update")):
            lab = QLabel(self)
            lab.setObjectName(f"escalation_{key}")
            lab.setWordWrap(True)
            self.labels[key] = lab
            form.addRow(self.tr(caption) + ":", lab)
        self.labels["owner"].setToolTip(self.tr("The service desk keeps ownership of the incident record while "
                                                "other groups work on it."))
        self.response = SlaGaugeWidget(self.tr("Response"), self)
        self.resolution = SlaGaugeWidget(self.tr("Resolution"), self)
        gauges = QHBoxLayout()
        gauges.addWidget(self.response, 1)
        gauges.addSpacing(12)
        gauges.addWidget(self.resolution, 1)
        self.functional = QPushButton(self.tr("Escalate &functionally…"), self)
        self.hierarchical = QPushButton(self.tr("Escalate &hierarchically…"), self)
        self.back = QPushButton(self.tr("Return to service &desk…"), self)
        self.buttons = {EscalationKind.FUNCTIONAL: self.functional, EscalationKind.HIERARCHICAL: self.hierarchical,
                        EscalationKind.DE_ESCALATION: self.back}
        actions = QHBoxLayout()
        for kind, button in self.buttons.items():
            button.setObjectName(f"escalate_{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: self.escalate(k))
            actions.addWidget(button)
        actions.addStretch(1)
        self.model = EscalationTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # A handful of rows per incident: sizing to contents is cheap and leaves the rest to the reason.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EscalationColumn.REASON, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        history = QLabel(self.tr("Escalation &history"), self)
        history.setBuddy(self.table)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # The reason is the point of an escalation: the chosen (or latest) one is shown in full below.
        self.reason = QLabel(self)
        self.reason.setObjectName("escalation_reason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._on_history_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addLayout(gauges)
        layout.addSpacing(6)
        layout.addLayout(actions)
        layout.addWidget(history)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Escalation")

    def reload(self) -> None:
        iid = self.incident_id
        if iid is None:
            self._show(None)
            return
        self.runner.run(lambda: self.services.workflow.panel(iid), self._show)

    @Slot()
    def _tick(self) -> None:
        if self.incident_id is not None and self.isVisible():
            self.reload()

    def _show(self, data: EscalationPanelData | None) -> None:
        if data is not None and data.detail.id != self.incident_id:
            return  # an answer for an incident no longer selected
        self.data = data
        if data is None:
            for lab in self.labels.values():
                lab.clear()
            self.response.set_gauge(None, self.tr("Response"))
            self.resolution.set_gauge(None, self.tr("Resolution"))
            self.model.set_rows([])
            self._on_history_row()
            self._update_buttons()
            return
        d = data.detail
        major = self.tr(" - major incident") if d.is_major else ""
        self.labels["status"].setText(f"{status_label(d.status)} · {Priority(d.priority).label}{major}")
        self.labels["tier"].setText(Tier(d.tier).label)
        self.labels["group"].setText(d.group.name if d.group else self.tr("none"))
        self.labels["assignee"].setText(d.assignee.name if d.assignee else self.tr("unassigned"))
        self.labels["owner"].setText(data.record_owner)
        self.labels["escalations"].setText(str(d.escalation_count))
        self._show_next_update(d.next_update_due_at, data.now)
        self.response.set_gauge(data.response, self.tr("Response"))
        self.resolution.set_gauge(data.resolution, self.tr("Resolution"))
        self.model.set_rows(data.history)
        if data.history:
            self.table.selectRow(len(data.history) - 1)
        self._on_history_row()
        self._update_buttons()

    def _show_next_update(self, due: datetime | None, now: datetime) -> None:
        """Stakeholder updates are part of working the incident, so an overdue one shows here too."""
        label = self.labels["next_update"]
        font = label.font()
        if due is None:
            label.setText(self.tr("none due"))
            font.setBold(False)
        elif due <= now:
            label.setText(self.tr("overdue by %1 (was due %2) - send an update with Ctrl+Shift+U")
                          .replace("%1", duration(now - due)).replace("%2", local(due)))
            font.setBold(True)
        else:
            label.setText(self.tr("due %1 (in %2)").replace("%1", local(due)).replace("%2", duration(due - now)))
            font.setBold(False)
        label.setFont(font)

    @Slot()
    def _on_history_row(self, *_args: object) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is None:
            self.reason.setText(self.tr("No escalations yet.") if self.data is not None else "")
            return
        self.reason.setText(self.tr("%1 by %2: %3").replace("%1", self.model.display(row, EscalationColumn.KIND))
                            .replace("%2", row.by).replace("%3", row.reason))

    def _update_buttons(self) -> None:
        d = self.data.detail if self.data is not None else None
        status = Status(d.status) if d is not None else None
        base = unavailable_reason(IncidentAction.ESCALATE, status, d.number if d else "")
        tips = {
            EscalationKind.FUNCTIONAL: self.tr("Send it to a specialist group of a higher tier or a vendor"),
            EscalationKind.HIERARCHICAL: self.tr("Alert a manager; can promote it to a major incident"),
            EscalationKind.DE_ESCALATION: self.tr("Give it back to the service desk queue"),
        }
        for kind, button in self.buttons.items():
            why = base
            if why is None and d is not None:
                if kind is EscalationKind.FUNCTIONAL and d.tier >= int(Tier.VENDOR):
                    why = self.tr("%1 is already with a vendor (the highest tier).").replace("%1", d.number)
                if kind is EscalationKind.DE_ESCALATION and d.tier == int(Tier.SERVICE_DESK):
                    why = self.tr("%1 is already with the service desk.").replace("%1", d.number)
            button.setEnabled(why is None)
            button.setToolTip(tips[kind] if why is None else why)

    def escalate(self, kind: EscalationKind) -> None:
        if self.incident_id is not None:
            self.flows.escalate(self.incident_id, kind)

