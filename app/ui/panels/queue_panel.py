"""The incident queue: search box, status filter and table; loads rows through the runner, never on the GUI
thread; keeps each view's column layout and sort; follows changes from this window and from other processes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Status
from app.domain.queue_filter import QueueFilter
from app.services.app import Services
from app.services.changes import Changes
from app.services.queue import IncidentRow, QueueTable
from app.ui.change_watcher import ChangeWatcher
from app.ui.delegates.priority_delegate import PriorityDelegate
from app.ui.delegates.sla_delegate import SlaDelegate
from app.ui.models.incident_columns import DEFAULT_HIDDEN, DEFAULT_WIDTHS, Column
from app.ui.models.incident_table_model import DEFAULT_SORT, IncidentTableModel
from app.ui.runner import Runner

LAYOUT_KEY = "queue/layout/%s"
CLOCK_MS = 30_000  # SLA countdowns and ages move on their own


class QueueTableView(QTableView):
    """Home and End go to the first and last incident (a row-selecting table has no use for columns)."""

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        if model is not None and model.rowCount() and action in (QAbstractItemView.CursorAction.MoveHome,
                                                                  QAbstractItemView.CursorAction.MoveEnd):
            row = 0 if action == QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
            col = max(0, self.currentIndex().column())
            return model.index(row, col)
        return super().moveCursor(action, modifiers)


class QueuePanel(QWidget):
    incident_selected = Signal(object)  # IncidentRow | None
    incident_activated = Signal(int)
    queue_loaded = Signal(int)
    selection_changed = Signal(int)  # how many incidents are selected

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._filter = QueueFilter()
        self._view_key = "default"
        self._generation = 0
        self._search_generation = 0
        self._loaded_once = False
        self.model = IncidentTableModel(self, now=services.ctx.clock.now)
        self._build()
        self.watcher = ChangeWatcher(services, runner, self.model.version_of, self)
        self._clock = QTimer(self, interval=CLOCK_MS)
        self._clock.timeout.connect(self.model.refresh_clock)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.status_box.currentIndexChanged.connect(self._on_status_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_activated)
        self.model.modelReset.connect(self._show_count)
        self.model.layoutChanged.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.rowsRemoved.connect(self._show_count)
        runner.changes_made.connect(self.on_changes)
        self._apply_default_layout()

    def _build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search number, title, description, reporter (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search incidents"))
        self.status_box = QComboBox(self)
        self.status_box.setAccessibleName(self.tr("Status filter"))
        self.status_box.setToolTip(self.tr("Show only incidents in this status (within the current view)"))
        self.status_box.addItem(self.tr("Any status"), None)
        for s in Status:
            self.status_box.addItem(self.tr(s.label), s.value)
        self.count_label = QLabel(self)
        self.table = QueueTableView(self)
        self.table.setObjectName("queue_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Fixed row heights: the view never measures 100k rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setItemDelegateForColumn(Column.PRIORITY, PriorityDelegate(self.table))
        self.table.setItemDelegateForColumn(Column.SLA, SlaDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_box)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    # -- public API ---------------------------------------------------------------------------------

    @property
    def current_filter(self) -> QueueFilter:
        return self._filter

    @property
    def view_key(self) -> str:
        return self._view_key

    def set_filter(self, f: QueueFilter) -> None:
        """Show the incidents matching `f` (the SQL side); search and status box narrow them further."""
        self._filter = f
        self.reload()

    def set_view(self, key: str, f: QueueFilter) -> None:
        """Switch to a view: keep the old view's column layout and sort, restore the new one's, load rows."""
        if key != self._view_key:
            self.save_layout()
            self._view_key = key
            self._restore_layout(key)
        self.set_filter(f)

    def effective_filter(self) -> QueueFilter:
        """The filter as the user sees it (view + status box + search), e.g. to save as a new view."""
        f = self._filter
        status = self.status_box.currentData()
        if status is not None:
            f = replace(f, statuses=(status,))
        text = self.search.text().strip()
        if text:
            f = replace(f, search=" ".join(x for x in (f.search, text) if x))
        return f

    def reload(self) -> None:
        self._generation += 1
        gen = self._generation
        f = self._filter
        self.runner.run(lambda: self.services.queue.table(f), lambda table: self._loaded(gen, table))

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [r.id for r in (self.model.row_at(x) for x in sorted(rows)) if r is not None]

    def selected_rows(self) -> list[IncidentRow]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [r for r in (self.model.row_at(x) for x in sorted(rows)) if r is not None]

    def select_ids(self, ids: list[int]) -> None:
        """Select these incidents (those in the view); the first becomes current and is scrolled to."""
        sm = self.table.selectionModel()
        found = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        if not found:
            return
        last = self.model.columnCount() - 1
        selection = QItemSelection()
        for r in found:
            selection.select(self.model.index(r, 0), self.model.index(r, last))
        flags = QItemSelectionModel.SelectionFlag
        sm.setCurrentIndex(self.model.index(found[0], 0), flags.NoUpdate)
        sm.select(selection, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(self.model.index(found[0], 0))
        self._on_current_changed()

    def save_layout(self) -> None:
        QSettings().setValue(LAYOUT_KEY % self._view_key, self.table.horizontalHeader().saveState())

    def set_column_visible(self, col: Column, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(col, not visible)
        self.save_layout()

    def reset_layout(self) -> None:
        QSettings().remove(LAYOUT_KEY % self._view_key)
        self._apply_default_layout()
        self.model.sort(*DEFAULT_SORT)

    # -- loading and live refresh -------------------------------------------------------------------

    def _loaded(self, generation: int, table: QueueTable) -> None:
        if generation != self._generation:
            return  # a newer request is on its way; drop stale answers
        selected = self.selected_ids()
        self.model.set_table(table)
        self.select_ids(selected)
        if not self.model.rowCount() or not selected:
            self._on_current_changed()
        self.queue_loaded.emit(self.model.rowCount())
        if not self._loaded_once:
            self._loaded_once = True
            self.watcher.start()
            self._clock.start()

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

        self.runner.run(fetch, self._apply_update)

    def _apply_update(self, result: tuple[list[IncidentRow], list[int]]) -> None:
        rows, removed = result
        names = self.model.names
        if any(r.group_id not in names.groups and r.group_id is not None or
               r.assignee_id not in names.people and r.assignee_id is not None for r in rows):
            self.runner.run(self.services.queue.names, self.model.set_names)  # someone added a group or person
        self.model.update_rows(rows, removed)

    # -- search and status box ----------------------------------------------------------------------

    @Slot()
    def _apply_search(self) -> None:
        text = self.search.text().strip()
        self._search_generation += 1
        gen = self._search_generation
        if not text:
            self._narrowed(gen, None)
            return
        self.runner.run(lambda: self.services.queue.search_ids(text), lambda ids: self._narrowed(gen, ids))

    def _narrowed(self, generation: int, ids: frozenset[int] | None) -> None:
        if generation == self._search_generation:
            self.model.set_match_ids(ids)
            self._keep_current_visible()
            self.queue_loaded.emit(self.model.rowCount())

    @Slot()
    def _on_status_filter(self) -> None:
        value = self.status_box.currentData()
        self.model.set_status_filter(None if value is None else {value})
        self._keep_current_visible()
        self.queue_loaded.emit(self.model.rowCount())

    def _keep_current_visible(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.table.scrollTo(idx)
        self._on_current_changed()

    @Slot()
    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        # Only worth saying when the search or status box hides part of the view (the status bar has the total).
        self.count_label.setText("" if shown == total else self.tr("%1 of %2").replace("%1", f"{shown:,}")
                                 .replace("%2", f"{total:,}"))

    # -- layout per view ----------------------------------------------------------------------------

    def _apply_default_layout(self) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        for col in Column:
            header.moveSection(header.visualIndex(col), col)
            header.setSectionHidden(col, col in DEFAULT_HIDDEN)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, DEFAULT_WIDTHS[col])
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(DEFAULT_SORT[0], DEFAULT_SORT[1])
        header.blockSignals(False)
        self.model.sort(*DEFAULT_SORT)

    def _restore_layout(self, key: str) -> None:
        state = QSettings().value(LAYOUT_KEY % key)
        header = self.table.horizontalHeader()
        if not isinstance(state, QByteArray | bytes) or not state:
            self._apply_default_layout()
            return
        header.blockSignals(True)
        ok = header.restoreState(state)
        header.blockSignals(False)
        if not ok:
            self._apply_default_layout()
            return
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    @Slot(QPoint)
    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().exec(self.table.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        """Checkable columns, the column chooser and a layout reset (also reached from the View menu)."""
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for col in sorted(Column, key=header.visualIndex):
            act = QAction(col.header, menu)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            if col == Column.NUMBER:
                act.setEnabled(False)
                act.setToolTip(self.tr("The number identifies the incident and is always shown"))
            act.toggled.connect(lambda on, c=col: self.set_column_visible(c, on))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.tr("Choose columns…"), self.choose_columns)
        menu.addAction(self.tr("Reset layout"), self.reset_layout)
        return menu

    @Slot()
    def choose_columns(self) -> None:
        from app.ui.dialogs.column_chooser_dialog import ColumnChooserDialog

        if ColumnChooserDialog.ask(self, self.table.horizontalHeader()):
            self.save_layout()

    # -- selection ----------------------------------------------------------------------------------

    @Slot()
    def _on_current_changed(self) -> None:
        idx = self.table.currentIndex()
        self.incident_selected.emit(self.model.row_at(idx.row()) if idx.isValid() else None)

    @Slot()
    def _on_selection_changed(self) -> None:
        self.selection_changed.emit(len(self.table.selectionModel().selectedRows()))

    @Slot(QModelIndex)
    def _on_activated(self, idx: QModelIndex) -> None:
        row = self.model.row_at(idx.row())
        if row is not None:
            self.incident_activated.emit(row.id)
