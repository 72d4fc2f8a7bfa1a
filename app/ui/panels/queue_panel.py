"""The incident queue: search box and table; loads rows through the runner, never on the GUI thread."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.domain.queue_filter import QueueFilter
from app.services.app import Services
from app.services.changes import Changes
from app.services.queue import IncidentRow
from app.ui.models.incident_columns import Column
from app.ui.models.incident_table_model import IncidentTableModel
from app.ui.runner import Runner


class QueuePanel(QWidget):
    incident_selected = Signal(object)  # IncidentRow | None
    incident_activated = Signal(int)
    queue_loaded = Signal(int)

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._filter = QueueFilter()
        self._generation = 0
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search number, title, description, reporter (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.model = IncidentTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Column.NUMBER, 100), (Column.PRIORITY, 64), (Column.STATUS, 90), (Column.SLA, 100)):
            self.table.setColumnWidth(col, width)
        header.setSortIndicator(Column.NUMBER, self.model.sort_state[1])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.activated.connect(lambda idx: self.incident_activated.emit(self.model.row_at(idx.row()).id))
        runner.changes_made.connect(self.on_changes)

    @property
    def current_filter(self) -> QueueFilter:
        return self._filter

    def set_filter(self, f: QueueFilter) -> None:
        self._filter = replace(f, search=self.search.text().strip())
        self.reload()

    @Slot()
    def _apply_search(self) -> None:
        self._filter = self._filter.with_search(self.search.text())
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        gen = self._generation
        f = self._filter
        self.runner.run(lambda: self.services.queue.rows(f), lambda rows: self._loaded(gen, rows))

    def _loaded(self, generation: int, rows: list[IncidentRow]) -> None:
        if generation != self._generation:
            return  # a newer request is on its way; drop stale answers
        selected = self.selected_ids()
        self.model.set_rows(rows)
        self.select_ids(selected)
        self.queue_loaded.emit(len(rows))

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.touches("*"):
            self.reload()
            return
        ids = sorted(changes.incident_ids | changes.created_ids)
        if not ids:
            return
        f = self._filter

        def fetch() -> tuple[list[IncidentRow], list[int]]:
            rows = self.services.queue.rows(replace(f, incident_ids=tuple(ids)))
            present = {r.id for r in rows}
            return rows, [i for i in ids if i not in present]

        self.runner.run(fetch, lambda res: self.model.update_rows(res[0], res[1]))

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [r.id for r in (self.model.row_at(x) for x in sorted(rows)) if r is not None]

    def select_ids(self, ids: list[int]) -> None:
        sm = self.table.selectionModel()
        first = True
        for iid in ids:
            r = self.model.row_of(iid)
            if r is None:
                continue
            flags = QItemSelectionModel.SelectionFlag.Rows | (
                QItemSelectionModel.SelectionFlag.ClearAndSelect if first else QItemSelectionModel.SelectionFlag.Select)
            sm.setCurrentIndex(self.model.index(r, 0), flags)
            if first:
                self.table.scrollTo(self.model.index(r, 0))
            first = False

    @Slot()
    def _on_current_changed(self) -> None:
        idx = self.table.currentIndex()
        self.incident_selected.emit(self.model.row_at(idx.row()) if idx.isValid() else None)
