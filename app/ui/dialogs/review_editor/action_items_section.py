"""The review's action items: a table with delegates (kind, owner completer, due-date picker, status)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.review import ActionKind, ActionStatus
from app.services.app import Services
from app.services.dto import PersonRow
from app.services.review_dto import ActionItemInput, ActionItemRow, ReviewRow
from app.ui.delegates.choice_delegate import ChoiceDelegate
from app.ui.delegates.date_delegate import DateDelegate
from app.ui.delegates.person_delegate import PersonDelegate
from app.ui.models.action_item_model import ActionItemModel, ItemColumn
from app.ui.runner import Runner


class ActionItemsSection(QWidget):
    """Each edit is saved at once (no autosave needed): items are tracked long after the review is written."""

    items_changed = Signal()

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.review: ReviewRow | None = None
        self.model = ActionItemModel(self, editable=True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Action items"))
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setColumnHidden(ItemColumn.INCIDENT, True)
        self.owner_delegate = PersonDelegate(self.table)
        self.table.setItemDelegateForColumn(ItemColumn.OWNER, self.owner_delegate)
        self.table.setItemDelegateForColumn(ItemColumn.DUE, DateDelegate(self.table))
        self.table.setItemDelegateForColumn(ItemColumn.KIND, ChoiceDelegate([(k.label, k.value) for k in ActionKind],
                                                                            self.table))
        self.table.setItemDelegateForColumn(ItemColumn.STATUS, ChoiceDelegate(
            [(s.label, s.value) for s in ActionStatus], self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ItemColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for col, width in ((ItemColumn.KIND, 90), (ItemColumn.OWNER, 150), (ItemColumn.DUE, 170),
                           (ItemColumn.STATUS, 100), (ItemColumn.PROBLEM, 110)):
            self.table.setColumnWidth(col, width)
        self.add = QPushButton(self.tr("&Add action item"), self)
        self.remove = QPushButton(self.tr("Remove action item"), self)
        self.done = QPushButton(self.tr("Mark &done"), self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.add, self.remove, self.done):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Double-click a cell to edit; every change is saved at once. Each item "
                                        "needs an owner and a due date before the review is published."), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.model.item_edit_requested.connect(self._on_edit_requested)
        self.add.clicked.connect(self._on_add)
        self.remove.clicked.connect(self._on_remove)
        self.done.clicked.connect(self._on_done)
        self.ask = lambda _question: True  # the editor installs its confirmation hook

    def title(self) -> str:
        return self.tr("Action items")

    def set_people(self, people: Sequence[PersonRow]) -> None:
        self.owner_delegate.set_people(people)

    def show_review(self, review: ReviewRow) -> None:
        self.review = review
        self.model.set_editable(True, content_editable=review.editable)
        self.model.set_rows(review.items)
        why = self.tr("The review is published: items can still be tracked (owner, due date, status), "
                      "but not added, removed or reworded.") if not review.editable else ""
        self.note.setText(why)
        self.note.setVisible(bool(why))
        for b in (self.add, self.remove):
            b.setEnabled(review.editable)
            b.setToolTip(why)

    def add_item(self, data: ActionItemInput) -> None:
        if self.review is None:
            return
        rid = self.review.id
        self.runner.mutate(lambda: self.services.reviews.add_item(rid, data), self._on_added)

    @Slot(int, object)
    def _on_edit_requested(self, item_id: int, data: ActionItemInput) -> None:
        self.runner.mutate(lambda: self.services.reviews.update_item(item_id, data), self._on_saved)

    def _on_added(self, row: ActionItemRow) -> None:
        self.model.append_row(row)
        self.table.selectRow(self.model.row_of(row.id))
        self.items_changed.emit()

    def _on_saved(self, row: ActionItemRow) -> None:
        self.model.replace_row(row)
        self.items_changed.emit()

    def _current(self) -> ActionItemRow | None:
        idx: QModelIndex = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    @Slot()
    def _on_add(self) -> None:
        due = None
        if self.review is not None:
            due = self.review.updated_at.astimezone().date() + timedelta(days=14)
        self.add_item(ActionItemInput(self.tr("New action item"), due_date=due))

    @Slot()
    def _on_remove(self) -> None:
        row = self._current()
        if row is None or not self.ask(self.tr("Remove the action item “%1”?").replace("%1", row.description)):
            return
        iid = row.id

        def removed(_id: int) -> None:
            self.model.remove_id(iid)
            self.items_changed.emit()

        self.runner.mutate(lambda: self.services.reviews.delete_item(iid), removed)

    @Slot()
    def _on_done(self) -> None:
        row = self._current()
        if row is not None:
            self.runner.mutate(lambda: self.services.reviews.mark_done(row.id), self._on_saved)
