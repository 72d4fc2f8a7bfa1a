"""Action items across all reviews: filter by owner, status and overdue; mark done; open the review."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from app.domain.review import ACTIVE_ACTION_STATUSES, ActionStatus
from app.services.app import Services
from app.services.changes import Changes
from app.services.dto import PersonRow
from app.services.review_dto import ActionItemRow
from app.ui.docks import show_dock
from app.ui.models.action_item_model import ActionItemModel, ItemColumn
from app.ui.runner import Runner

ME = -1


class ActionItemsPanel(QWidget):
    items_loaded = Signal(int)
    review_requested = Signal(int)  # incident id

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.owner = QComboBox(self)
        self.owner.addItem(self.tr("Anyone"), None)
        self.owner.addItem(self.tr("Me"), ME)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Open or in progress"), ACTIVE_ACTION_STATUSES)
        self.status.addItem(self.tr("Any status"), ())
        for s in ActionStatus:
            self.status.addItem(s.label, (s.value,))
        self.overdue = QCheckBox(self.tr("&Overdue only"), self)
        self.model = ActionItemModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Action items"))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(ItemColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((ItemColumn.INCIDENT, 100), (ItemColumn.KIND, 80), (ItemColumn.OWNER, 140),
                           (ItemColumn.DUE, 170), (ItemColumn.STATUS, 95), (ItemColumn.PROBLEM, 100)):
            self.table.setColumnWidth(col, width)
        self.done = QPushButton(self.tr("Mark &done"), self)
        self.open = QPushButton(self.tr("Open &review"), self)
        self.count = QLabel(self)
        bar = QHBoxLayout()
        for caption, w in ((self.tr("O&wner:"), self.owner), (self.tr("&Status:"), self.status)):
            label = QLabel(caption, self)
            label.setBuddy(w)
            bar.addWidget(label)
            bar.addWidget(w)
        bar.addWidget(self.overdue)
        bar.addStretch(1)
        bar.addWidget(self.count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.done)
        buttons.addWidget(self.open)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.owner.currentIndexChanged.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.overdue.toggled.connect(self.reload)
        self.done.clicked.connect(self.mark_done)
        self.open.clicked.connect(self._on_open)
        self.table.doubleClicked.connect(self._on_open)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        runner.changes_made.connect(self._on_changes)
        self._update_buttons()

    def start(self) -> None:
        self.runner.run(self.services.directory.staff, self._set_people)
        self.reload()

    def _set_people(self, people: list[PersonRow]) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        while self.owner.count() > 2:
            self.owner.removeItem(2)
        for p in people:
            self.owner.addItem(p.name, p.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        self.owner.blockSignals(False)

    def set_filters(self, owner_id: int | None = None, statuses: tuple[str, ...] | None = None,
                    overdue: bool = False) -> None:
        """Set every filter at once and reload once."""
        for w in (self.owner, self.status, self.overdue):
            w.blockSignals(True)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner_id)))
        if statuses is not None:
            self.status.setCurrentIndex(max(0, self.status.findData(statuses)))
        self.overdue.setChecked(overdue)
        for w in (self.owner, self.status, self.overdue):
            w.blockSignals(False)
        self.reload()

    @Slot()
    def reload(self) -> None:
        owner = self.owner.currentData()
        if owner == ME:
            owner = self.services.ctx.user_id if self.services.ctx.user_id is not None else -1
        statuses = tuple(self.status.currentData() or ())
        overdue = self.overdue.isChecked()
        self.runner.run(lambda: self.services.reviews.action_items(owner, statuses, overdue), self._show)

    def _show(self, rows: list[ActionItemRow]) -> None:
        selected = self.current()
        self.model.set_rows(rows)
        if selected is not None and (pos := self.model.row_of(selected.id)) >= 0:
            self.table.selectRow(pos)
        late = sum(1 for r in rows if r.overdue)
        self.count.setText(self.tr("%1 items, %2 overdue").replace("%1", str(len(rows))).replace("%2", str(late)))
        self._update_buttons()
        self.items_loaded.emit(len(rows))

    def current(self) -> ActionItemRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    @Slot()
    def _update_buttons(self) -> None:
        row = self.current()
        if row is None:
            why = self.tr("Select an action item first")
            self.done.setEnabled(False)
            self.done.setToolTip(why)
        elif row.status == ActionStatus.DONE.value:
            self.done.setEnabled(False)
            self.done.setToolTip(self.tr("This item is already done"))
        else:
            self.done.setEnabled(True)
            self.done.setToolTip(self.tr("Mark the selected item done (Alt+D)"))
        self.open.setEnabled(row is not None)
        self.open.setToolTip(self.tr("Open the review this item belongs to") if row else
                             self.tr("Select an action item first"))

    @Slot()
    def mark_done(self) -> None:
        row = self.current()
        if row is not None and row.status != ActionStatus.DONE.value:
            self.runner.mutate(lambda: self.services.reviews.mark_done(row.id))

    @Slot()
    def _on_open(self) -> None:
        row = self.current()
        if row is not None:
            self.review_requested.emit(row.incident_id)

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("reviews"):
            self.reload()


def action_items_dock(window: QMainWindow, services: Services, runner: Runner,
                      on_review: Callable[[int], None] | None = None) -> QDockWidget:
    """The overview as a dock at the bottom of the main window (created once, then shown and raised)."""

    def make(dock: QDockWidget) -> ActionItemsPanel:
        panel = ActionItemsPanel(services, runner, dock)
        if on_review is not None:
            panel.review_requested.connect(on_review)
        panel.start()
        return panel

    return show_dock(window, "action_items_dock", window.tr("Action items"), make)
