"""Timeline tab: the audit trail of the incident (who, when, what changed), filterable by kind and text."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout

from app.domain.enums import EventKind
from app.services.timeline import TimelineEntry
from app.ui.models.event_table_model import EventColumn, EventTableModel
from app.ui.panels.tabs import DetailTab


class TimelineTab(DetailTab):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.model = EventTableModel(self)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Event kind"))
        self.kind.addItem(self.tr("All kinds"), None)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Filter text"))
        self.text.setClearButtonEnabled(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(EventColumn.WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(EventColumn.WHEN, 142)
        self.table.setColumnWidth(EventColumn.WHO, 100)
        self.table.setColumnWidth(EventColumn.KIND, 104)
        self.table.setWordWrap(False)
        bar = QHBoxLayout()
        label = QLabel(self.tr("&Show:"), self)
        label.setBuddy(self.kind)
        bar.addWidget(label)
        bar.addWidget(self.kind)
        bar.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.text.textChanged.connect(self.model.set_text_filter)

    def title(self) -> str:
        return self.tr("Timeline")

    def reload(self) -> None:
        iid = self.incident_id
        if iid is None:
            self._show(None, [])
            return
        self.runner.run(lambda: self.services.timeline.entries(iid), lambda evs: self._show(iid, evs))

    def _show(self, iid: int | None, entries: list[TimelineEntry]) -> None:
        if iid != self.incident_id:
            return
        self.model.set_events(entries)
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), None)
        for k in self.model.kinds():
            try:
                label = EventKind(k).label
            except ValueError:
                label = k.replace("_", " ").capitalize()
            self.kind.addItem(self.tr(label), k)
        pos = self.kind.findData(current)
        self.kind.setCurrentIndex(max(0, pos))
        self.kind.blockSignals(False)
        self._on_kind()

    @Slot()
    def _on_kind(self) -> None:
        k = self.kind.currentData()
        self.model.set_kind_filter(None if k is None else frozenset({k}))
