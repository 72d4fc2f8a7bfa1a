"""Detail pane for the selected incident: a heading and a tab widget where each tab is one module."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.services.app import Services
from app.services.changes import Changes
from app.services.dto import IncidentDetail
from app.services.queue import IncidentRow
from app.ui.panels.tabs import DetailTab, tab_classes
from app.ui.runner import Runner


class DetailPanel(QWidget):
    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.incident_id: int | None = None
        self.heading = QLabel(self.tr("No incident selected"), self)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tab_widgets: list[DetailTab] = []
        for cls in tab_classes():
            tab = cls(services, runner, self)
            self.tab_widgets.append(tab)
            self.tabs.addTab(tab, tab.title())
            loaded = getattr(tab, "detail_loaded", None)
            if loaded is not None:
                loaded.connect(self._on_detail)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs)
        runner.changes_made.connect(self._on_changes)

    @Slot(object)
    def show_row(self, row: IncidentRow | None) -> None:
        new_id = None if row is None else row.id
        self.heading.setText(self.tr("No incident selected") if row is None else f"{row.number}  {row.title}")
        if new_id == self.incident_id:
            return  # the same incident re-announced (reload, narrowing): the tabs follow Changes instead
        self.incident_id = new_id
        for tab in self.tab_widgets:
            tab.show_incident(self.incident_id)

    @Slot(object)
    def _on_detail(self, d: IncidentDetail | None) -> None:
        if d is not None and d.id == self.incident_id:
            self.heading.setText(f"{d.number}  {d.title}")

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if self.incident_id is not None and (self.incident_id in changes.incident_ids or changes.touches("*")):
            for tab in self.tab_widgets:
                tab.reload()
