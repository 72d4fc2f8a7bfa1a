"""Timeline tab: the audit trail of the incident, filterable by kind."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout

from app.services.dto import AuditEventRow
from app.ui.models.event_table_model import EventColumn, EventTableModel
from app.ui.panels.tabs import DetailTab


class TimelineTab(DetailTab):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.model = EventTableModel(self)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("All kinds"), None)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(EventColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(EventColumn.WHEN, 150)
        self.table.setWordWrap(False)
        bar = QHBoxLayout()
        label = QLabel(self.tr("&Show:"), self)
        label.setBuddy(self.kind)
        bar.addWidget(label)
        bar.addWidget(self.kind)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(self._on_kind)

    def title(self) -> str:
        return self.tr("Timeline")

    def reload(self) -> None:
        iid = self.incident_id
        if iid is None:
            self._show(None, [])
            return
        self.runner.run(lambda: self.services.incidents.events(iid), lambda evs: self._show(iid, evs))

    def _show(self, iid: int | None, events: list[AuditEventRow]) -> None:
        if iid != self.incident_id:
            return
        self.model.set_events(events)
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), None)
        for k in self.model.kinds():
            self.kind.addItem(k.replace("_", " ").capitalize(), k)
        pos = self.kind.findData(current)
        self.kind.setCurrentIndex(max(0, pos))
        self.kind.blockSignals(False)
        self._on_kind()

    @Slot()
    def _on_kind(self) -> None:
        k = self.kind.currentData()
        self.model.set_kind_filter(None if k is None else frozenset({k}))
