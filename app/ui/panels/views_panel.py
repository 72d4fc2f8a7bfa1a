"""Side list of the built-in and the user's saved views with their counts; counts load off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.queue_filter import BUILTIN_VIEWS, BuiltinView, QueueFilter
from app.services.app import Services
from app.services.changes import Changes
from app.services.saved_views import SavedViewRow
from app.ui.runner import Runner

SECTION_KEY = "section:mine"
COUNTS_DELAY_MS = 1_500  # a burst of changes (bulk action, other process) costs one round of counts


def user_view(v: SavedViewRow) -> BuiltinView:
    return BuiltinView(v.key, v.name, v.filter)


class ViewsPanel(QWidget):
    view_chosen = Signal(object)  # BuiltinView (saved views come as BuiltinView with key 'user:<id>')

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._counts: dict[str, int] = {}
        self._user: list[SavedViewRow] = []
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Saved views"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        for n, view in enumerate(BUILTIN_VIEWS):
            item = QListWidgetItem(self.tr(view.name))
            item.setData(Qt.ItemDataRole.UserRole, view)
            if n < 9:
                item.setToolTip(self.tr("Ctrl+%1").replace("%1", str(n + 1)))
            self.list.addItem(item)
        self.mine_header = QListWidgetItem(self.tr("My views"))
        self.mine_header.setFlags(Qt.ItemFlag.NoItemFlags)
        # Carries a view object like every row (callers read .key of each item), but is never chosen.
        self.mine_header.setData(Qt.ItemDataRole.UserRole, BuiltinView(SECTION_KEY, "My views"))
        self.mine_header.setToolTip(self.tr("Save the current filter with View > Save view as…"))
        font = QFont(self.list.font())
        font.setBold(True)
        self.mine_header.setFont(font)
        self.list.addItem(self.mine_header)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_DELAY_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self.list.currentItemChanged.connect(self._on_current)
        runner.changes_made.connect(self._on_changes)

    # -- public API ---------------------------------------------------------------------------------

    def choose(self, row: int) -> None:
        if 0 <= row < self.list.count() and self.list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
            self.list.setCurrentRow(row)

    def choose_key(self, key: str) -> bool:
        for i in range(self.list.count()):
            view = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if view is not None and view.key == key and key != SECTION_KEY:
                self.list.setCurrentRow(i)
                return True
        return False

    def current_view(self) -> BuiltinView | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def views(self) -> list[BuiltinView]:
        return [v for v in (self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))
                if v is not None and v.key != SECTION_KEY]

    def start(self) -> None:
        """Load the user's views, then the counts (both off the GUI thread)."""
        self.reload_user_views()

    def reload_user_views(self, then_choose: str | None = None) -> None:
        self.runner.run(self.services.saved_views.list, lambda rows: self._show_user_views(rows, then_choose))

    def refresh_counts(self) -> None:
        filters = {v.key: v.filter for v in self.views()}
        self.runner.run(lambda: self.services.queue.counts(filters), self._show_counts)

    def save_current_as(self, f: QueueFilter) -> None:
        current = self.current_view()
        suggestion = current.name if current is not None and current.key.startswith("user:") else ""
        name = self.ask_name(self, suggestion)
        if name is None:
            return
        self.runner.mutate(lambda: self.services.saved_views.save(name, f),
                           lambda row: self.reload_user_views(then_choose=row.key))

    def delete_current(self) -> None:
        view = self.current_view()
        if view is None or not view.key.startswith("user:"):
            QMessageBox.information(self, self.tr("Delete view"),
                                    self.tr("Built-in views cannot be deleted; choose one of your views."))
            return
        if not self.confirm_delete(self, view.name):
            return
        vid = int(view.key.split(":", 1)[1])
        self.runner.mutate(lambda: self.services.saved_views.delete(vid), lambda _v: self._after_delete())

    @staticmethod
    def ask_name(parent: QWidget, suggestion: str) -> str | None:
        """Ask for a view name (tests replace this)."""
        text, ok = QInputDialog.getText(parent, parent.tr("Save view"), parent.tr("Name of the view:"),
                                        text=suggestion)
        return text if ok and text.strip() else None

    @staticmethod
    def confirm_delete(parent: QWidget, name: str) -> bool:
        answer = QMessageBox.question(parent, parent.tr("Delete view"),
                                      parent.tr("Delete the view '%1'?").replace("%1", name))
        return answer == QMessageBox.StandardButton.Yes

    # -- internals ----------------------------------------------------------------------------------

    def _after_delete(self) -> None:
        self.reload_user_views()
        self.choose(0)

    def _show_user_views(self, rows: list[SavedViewRow], then_choose: str | None) -> None:
        current = self.current_view()
        self.list.blockSignals(True)
        start = self.list.row(self.mine_header) + 1
        while self.list.count() > start:
            self.list.takeItem(start)
        for v in rows:
            item = QListWidgetItem(v.name)
            item.setData(Qt.ItemDataRole.UserRole, user_view(v))
            item.setToolTip(self.tr("Your saved view"))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._user = rows
        self._label_all()
        if then_choose is not None:
            self.choose_key(then_choose)
        elif current is not None and current.key.startswith("user:") and not self.choose_key(current.key):
            self.choose(0)
        elif current is not None:
            self.list.blockSignals(True)
            self.choose_key(current.key)
            self.list.blockSignals(False)
        self.refresh_counts()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self._counts = counts
        self._label_all()

    def _label_all(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            view: BuiltinView | None = item.data(Qt.ItemDataRole.UserRole)
            if view is None or view.key == SECTION_KEY:
                continue
            name = self.tr(view.name) if not view.key.startswith("user:") else view.name
            n = self._counts.get(view.key)
            item.setText(name if n is None else f"{name}  ({n:,})")

    @Slot(QPoint)
    def _menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        view = self.current_view()
        delete = menu.addAction(self.tr("Delete view"), self.delete_current)
        if view is None or not view.key.startswith("user:"):
            delete.setEnabled(False)
            delete.setToolTip(self.tr("Only your own views can be deleted"))
        menu.addAction(self.tr("Refresh counts"), self.refresh_counts)
        menu.exec(self.list.mapToGlobal(pos))

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("incidents") or changes.touches("*"):
            self._counts_timer.start()

    @Slot()
    def _on_current(self) -> None:
        view = self.current_view()
        if view is not None and view.key != SECTION_KEY:
            self.view_chosen.emit(view)
