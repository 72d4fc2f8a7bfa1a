"""Incident lifecycle actions in the menu and toolbar, enabled by the selected incident's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel

from app.domain.availability import IncidentAction, unavailable_reason
from app.domain.enums import EscalationKind, Status, Tier
from app.services.dto import GroupRow
from app.services.sla_engine import ScanReport
from app.ui.actions import SPECS, ActionId
from app.ui.incident_flows import IncidentFlows
from app.ui.sla_scan_controller import SlaScanController

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

POLICY: dict[ActionId, IncidentAction] = {
    ActionId.ACKNOWLEDGE: IncidentAction.ACKNOWLEDGE,
    ActionId.ASSIGN: IncidentAction.ASSIGN,
    ActionId.ESCALATE: IncidentAction.ESCALATE,
    ActionId.ESCALATE_HIERARCHICAL: IncidentAction.ESCALATE,
    ActionId.RETURN_TO_DESK: IncidentAction.ESCALATE,
    ActionId.HOLD: IncidentAction.HOLD,
    ActionId.RESUME: IncidentAction.RESUME,
    ActionId.RESOLVE: IncidentAction.RESOLVE,
    ActionId.CLOSE: IncidentAction.CLOSE,
    ActionId.REOPEN: IncidentAction.REOPEN,
    ActionId.CANCEL: IncidentAction.CANCEL,
    ActionId.LINK_PARENT: IncidentAction.LINK_PARENT,
}
MENU_ORDER = (
    None, ActionId.ASSIGN, ActionId.ESCALATE, ActionId.ESCALATE_HIERARCHICAL, ActionId.RETURN_TO_DESK, None,
    ActionId.HOLD, ActionId.RESUME, ActionId.RESOLVE, ActionId.CLOSE, ActionId.REOPEN, None, ActionId.CANCEL,
    ActionId.LINK_PARENT,
)
TOOLBAR = (ActionId.ASSIGN, ActionId.ESCALATE, ActionId.HOLD, ActionId.RESOLVE, ActionId.CLOSE)


class LifecycleMenu(QObject):
    """Owns the lifecycle flows of the main window, the SLA scanner and the acting-user label."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions = window.actions
        self.flows = IncidentFlows(window.services, window.runner, window)
        self.scanner = SlaScanController(window.services, window.runner, self)
        menu = window.incident_menu
        menu.setToolTipsVisible(True)  # a disabled item says why in its tooltip
        for aid in MENU_ORDER:
            if aid is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[aid])
        window.file_menu.insertAction(self.actions[ActionId.QUIT], self.actions[ActionId.SWITCH_USER])
        window.file_menu.insertSeparator(self.actions[ActionId.QUIT])
        for aid in TOOLBAR:
            window.main_toolbar.addAction(self.actions[aid])
        handlers: dict[ActionId, Callable[[int], None]] = {
            ActionId.ASSIGN: self._assign,
            ActionId.ESCALATE: lambda iid: self.flows.escalate(iid, EscalationKind.FUNCTIONAL),
            ActionId.ESCALATE_HIERARCHICAL: lambda iid: self.flows.escalate(iid, EscalationKind.HIERARCHICAL),
            ActionId.RETURN_TO_DESK: lambda iid: self.flows.escalate(iid, EscalationKind.DE_ESCALATION),
            ActionId.HOLD: self.flows.hold, ActionId.RESUME: self.flows.resume, ActionId.RESOLVE: self.flows.resolve,
            ActionId.CLOSE: self.flows.close, ActionId.REOPEN: self.flows.reopen, ActionId.CANCEL: self.flows.cancel,
            ActionId.LINK_PARENT: self.flows.link_parent,
        }
        for aid, handler in handlers.items():
            self.actions[aid].triggered.connect(lambda _=False, h=handler: self._on_selected(h))
        self.actions[ActionId.SWITCH_USER].triggered.connect(self.flows.switch_user)
        self._desk_ids: frozenset[int] = frozenset()
        self.user_label = QLabel(window)
        self.user_label.setObjectName("acting_user")
        window.statusBar().addPermanentWidget(self.user_label)
        self.flows.user_switched.connect(lambda p: self.user_label.setText(self.tr("User: %1").replace("%1", p.name)))
        self.scanner.scan_finished.connect(self._on_scan)
        window.queue.incident_selected.connect(self.update_state)
        model = window.queue.model
        for sig in (model.dataChanged, model.modelReset, model.rowsRemoved, model.layoutChanged):
            sig.connect(self.update_state)
        self.update_state()

    def start(self) -> None:
        """Act as the remembered user, then catch up on SLA events (queued before the first queue load)."""
        self.flows.restore_user()
        self.window.runner.run(self.window.services.directory.groups, self._set_groups)
        self.window.runner.run(self.window.services.directory.current_user,
                               lambda p: self.user_label.setText(self.tr("User: %1").replace("%1", p.name)
                                                                 if p else ""))
        self.scanner.start()

    def _assign(self, incident_id: int) -> None:
        """One incident gets the assign dialog; a multi-selection goes to the bulk assign flow."""
        if len(self.window.queue.selected_ids()) > 1:
            from app.services.bulk import BulkOp

            self.window.bulk.start(BulkOp.ASSIGN)
        else:
            self.flows.assign(incident_id)

    def _on_selected(self, handler: Callable[[int], None]) -> None:
        row = self.window.selected_row()
        if row is not None:
            handler(row.id)

    @Slot()
    def update_state(self, *_args: object) -> None:
        row = self.window.selected_row()
        status = Status(row.status) if row is not None else None
        number = row.number if row is not None else ""
        for aid, policy in POLICY.items():
            why = unavailable_reason(policy, status, number)
            if why is None and row is not None and aid is ActionId.RETURN_TO_DESK and row.group_id is not None:
                why = self._desk_reason(row.group_id, number)
            act = self.actions[aid]
            act.setEnabled(why is None)
            tip = self.tr(SPECS[aid].tip) if why is None else why
            act.setToolTip(tip)
            act.setStatusTip(tip)

    def _desk_reason(self, group_id: int, number: str) -> str | None:
        if group_id not in self._desk_ids:
            return None
        return self.tr("%1 is already with the service desk.").replace("%1", number)

    def _set_groups(self, groups: list[GroupRow]) -> None:
        self._desk_ids = frozenset(g.id for g in groups if g.tier == int(Tier.SERVICE_DESK))
        self.update_state()

    @Slot(object)
    def _on_scan(self, report: ScanReport) -> None:
        if report.empty:
            return
        parts = []
        if report.warnings:
            parts.append(self.tr("%n SLA warning(s)", "", report.warnings))
        if report.breaches:
            parts.append(self.tr("%n SLA breach(es), escalated", "", report.breaches))
        if report.auto_closed:
            parts.append(self.tr("%n auto-closed", "", len(report.auto_closed)))
        self.window.statusBar().showMessage(", ".join(parts), 15_000)

