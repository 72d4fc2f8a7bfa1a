"""Side list of saved views with their counts; counts load off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.queue_filter import BUILTIN_VIEWS, BuiltinView
from app.services.app import Services
from app.services.changes import Changes
from app.ui.runner import Runner


class ViewsPanel(QWidget):
    view_chosen = Signal(object)  # BuiltinView

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Saved views"))
        for n, view in enumerate(BUILTIN_VIEWS):
            item = QListWidgetItem(view.name)
            item.setData(Qt.ItemDataRole.UserRole, view)
            if n < 9:
                item.setToolTip(self.tr("Ctrl+%1").replace("%1", str(n + 1)))
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.currentItemChanged.connect(self._on_current)
        runner.changes_made.connect(self._on_changes)

    def choose(self, row: int) -> None:
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def current_view(self) -> BuiltinView | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def refresh_counts(self) -> None:
        self.runner.run(self.services.queue.builtin_counts, self._show_counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            view: BuiltinView = item.data(Qt.ItemDataRole.UserRole)
            item.setText(f"{view.name}  ({counts.get(view.key, 0):,})")

    @Slot(object)
    def _on_changes(self, _changes: Changes) -> None:
        self.refresh_counts()

    @Slot()
    def _on_current(self) -> None:
        view = self.current_view()
        if view is not None:
            self.view_chosen.emit(view)
