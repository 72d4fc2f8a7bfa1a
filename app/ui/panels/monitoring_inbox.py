"""Monitoring inbox: every alert received, with its status, count, first/last seen and incident."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.alerts import AlertStatus
from app.services.alerts import AlertRow
from app.services.app import Services
from app.services.changes import Changes
from app.ui.docks import show_dock
from app.ui.models.alert_table_model import AlertColumn, AlertTableModel
from app.ui.runner import Runner


class MonitoringInboxPanel(QWidget):
    alerts_loaded = Signal(int)
    incident_requested = Signal(int)  # incident id

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._generation = 0
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All alerts"), "")
        for s in AlertStatus:
            self.status.addItem(s.label, s.value)
        self.receiver_label = QLabel(self)
        self.receiver_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count = QLabel(self)
        self.model = AlertTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Received monitoring alerts"))
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(AlertColumn.LAST_SEEN, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(AlertColumn.ALERT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((AlertColumn.STATUS, 80), (AlertColumn.SOURCE, 110), (AlertColumn.SEVERITY, 80),
                           (AlertColumn.COUNT, 60), (AlertColumn.FIRST_SEEN, 130), (AlertColumn.LAST_SEEN, 130),
                           (AlertColumn.INCIDENT, 170)):
            self.table.setColumnWidth(col, width)
        self.show_incident = QPushButton(self.tr("&Show incident"), self)
        bar = QHBoxLayout()
        label = QLabel(self.tr("S&how:"), self)
        label.setBuddy(self.status)
        bar.addWidget(label)
        bar.addWidget(self.status)
        bar.addSpacing(12)
        bar.addWidget(self.receiver_label, 1)
        bar.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_incident)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.status.currentIndexChanged.connect(self.reload)
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.show_incident.clicked.connect(self._on_show)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        runner.changes_made.connect(self._on_changes)
        self.set_receiver_url("")
        self._update_buttons()

    @Slot(str)
    def set_receiver_url(self, url: str) -> None:
        if url:
            self.receiver_label.setText(self.tr("Receiving on %1").replace("%1", url))
            self.receiver_label.setToolTip(self.tr("Point Alertmanager's webhook_configs url (or any tool sending "
                                                   "the generic JSON alert) at this address"))
        else:
            self.receiver_label.setText(self.tr("Receiver off (Tools → Receive monitoring alerts)"))
            self.receiver_label.setToolTip(self.tr("Alerts arrive only while the receiver is on"))

    @Slot()
    def reload(self) -> None:
        self._generation += 1
        gen = self._generation
        chosen = self.status.currentData()
        statuses = (chosen,) if chosen else ()
        self.runner.run(lambda: self.services.alerts.list_alerts(statuses), lambda rows: self._show(gen, rows))

    def _show(self, generation: int, rows: list[AlertRow]) -> None:
        if generation != self._generation:
            return
        selected = self.current()
        self.model.set_rows(rows)
        if selected is not None and (pos := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(pos)
        firing = sum(1 for r in rows if r.status == AlertStatus.FIRING.value)
        noun = self.tr("alert") if len(rows) == 1 else self.tr("alerts")
        self.count.setText(self.tr("%1 %2, %3 firing").replace("%1", str(len(rows))).replace("%2", noun)
                           .replace("%3", str(firing)))
        self._update_buttons()
        self.alerts_loaded.emit(len(rows))

    def current(self) -> AlertRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    @Slot()
    def _update_buttons(self) -> None:
        row = self.current()
        ok = row is not None and row.incident_id is not None
        self.show_incident.setEnabled(ok)
        if row is None:
            self.show_incident.setToolTip(self.tr("Select an alert first"))
        elif not ok:
            self.show_incident.setToolTip(self.tr("This alert has no incident"))
        else:
            self.show_incident.setToolTip(self.tr("Select %1 in the queue (Enter or double-click)")
                                          .replace("%1", row.incident_number or ""))

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None and row.incident_id is not None:
            self.incident_requested.emit(row.incident_id)

    @Slot()
    def _on_show(self) -> None:
        row = self.current()
        if row is not None and row.incident_id is not None:
            self.incident_requested.emit(row.incident_id)

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("alerts"):
            self.reload()


def monitoring_inbox_dock(window: QMainWindow, services: Services, runner: Runner,
                          on_incident: Callable[[int], None] | None = None) -> QDockWidget:
    """The inbox as a dock at the bottom of the main window (created once, then shown and raised)."""

    def make(dock: QDockWidget) -> MonitoringInboxPanel:
        panel = MonitoringInboxPanel(services, runner, dock)
        if on_incident is not None:
            panel.incident_requested.connect(on_incident)
        panel.reload()
        return panel

    return show_dock(window, "monitoring_inbox_dock", window.tr("Monitoring inbox"), make)
