"""Action items table over immutable rows; edits are requested by signal and applied when the store agrees."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from app.domain.review import ActionKind, ActionStatus
from app.services.review_dto import ActionItemInput, ActionItemRow
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex
OVERDUE_ROLE = Role.ROW + 50


class ItemColumn(IntEnum):
    INCIDENT = 0
    DESCRIPTION = 1
    KIND = 2
    OWNER = 3
    DUE = 4
    STATUS = 5
    PROBLEM = 6


HEADERS = {ItemColumn.INCIDENT: "Incident", ItemColumn.DESCRIPTION: "Action", ItemColumn.KIND: "Kind",
           ItemColumn.OWNER: "Owner", ItemColumn.DUE: "Due", ItemColumn.STATUS: "Status",
           ItemColumn.PROBLEM: "Problem"}
# What may still change once the review is published: the tracking, not the wording.
TRACKING = {ItemColumn.OWNER, ItemColumn.DUE, ItemColumn.STATUS, ItemColumn.PROBLEM}
CONTENT = {ItemColumn.DESCRIPTION, ItemColumn.KIND}


def overdue_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's base: darker on light backgrounds, lighter on dark ones."""
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    return QColor("#ff8a80") if dark else QColor("#b00020")


class ActionItemModel(QAbstractTableModel):
    item_edit_requested = Signal(int, object)  # item id, ActionItemInput

    def __init__(self, parent: Any = None, editable: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[ActionItemRow] = []
        self._editable = editable
        self._content_editable = editable

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ItemColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(ItemColumn):
            return self.tr(HEADERS[ItemColumn(section)])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = ItemColumn(index.column())
        if self._editable and (col in TRACKING or (col in CONTENT and self._content_editable)):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = ItemColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            match col:
                case ItemColumn.INCIDENT:
                    return r.incident_number
                case ItemColumn.DESCRIPTION:
                    return r.description
                case ItemColumn.KIND:
                    return ActionKind(r.kind).label
                case ItemColumn.OWNER:
                    return r.owner or ("" if role == Qt.ItemDataRole.DisplayRole else self.tr("No owner yet"))
                case ItemColumn.DUE:
                    text = r.due_date.isoformat() if r.due_date else ""
                    return text + (self.tr(" (overdue)") if r.overdue else "")
                case ItemColumn.STATUS:
                    return ActionStatus(r.status).label
                case ItemColumn.PROBLEM:
                    return r.problem_ref or ""
        if role == Qt.ItemDataRole.EditRole:
            match col:
                case ItemColumn.DESCRIPTION:
                    return r.description
                case ItemColumn.KIND:
                    return r.kind
                case ItemColumn.OWNER:
                    return r.owner_id
                case ItemColumn.DUE:
                    return QDate(r.due_date) if r.due_date else None
                case ItemColumn.STATUS:
                    return r.status
                case ItemColumn.PROBLEM:
                    return r.problem_ref or ""
            return None
        if r.overdue and col in (ItemColumn.DUE, ItemColumn.DESCRIPTION):
            if role == Qt.ItemDataRole.ForegroundRole:
                return overdue_colour(QGuiApplication.palette())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if role == Role.ROW:
            return r
        if role == Role.ID:
            return r.id
        if role == OVERDUE_ROLE:
            return r.overdue
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Asks for the change (item_edit_requested); the row changes when the store answers (replace_row)."""
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        r = self._rows[index.row()]
        data = r.as_input()
        match ItemColumn(index.column()):
            case ItemColumn.DESCRIPTION:
                text = str(value or "").strip()
                if not text:
                    return False
                data = replace(data, description=text)
            case ItemColumn.KIND:
                data = replace(data, kind=ActionKind(value))
            case ItemColumn.OWNER:
                data = replace(data, owner_id=None if value in (None, "") else int(value))
            case ItemColumn.DUE:
                data = replace(data, due_date=_to_date(value))
            case ItemColumn.STATUS:
                data = replace(data, status=ActionStatus(value))
            case ItemColumn.PROBLEM:
                data = replace(data, problem_ref=str(value or "").strip() or None)
        if data == r.as_input():
            return False
        self.item_edit_requested.emit(r.id, data)
        return True

    # -- own API ----------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ActionItemRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_editable(self, editable: bool, content_editable: bool = True) -> None:
        self._editable = editable
        self._content_editable = editable and content_editable

    def rows(self) -> list[ActionItemRow]:
        return list(self._rows)

    def row_at(self, row: int) -> ActionItemRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == item_id), -1)

    def replace_row(self, item: ActionItemRow) -> None:
        pos = self.row_of(item.id)
        if pos < 0:
            self.append_row(item)
            return
        self._rows[pos] = item
        self.dataChanged.emit(self.index(pos, 0), self.index(pos, len(ItemColumn) - 1))

    def append_row(self, item: ActionItemRow) -> None:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(item)
        self.endInsertRows()

    def remove_id(self, item_id: int) -> None:
        pos = self.row_of(item_id)
        if pos >= 0:
            self.beginRemoveRows(QModelIndex(), pos, pos)
            del self._rows[pos]
            self.endRemoveRows()


def _to_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None  # type: ignore[return-value]
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def item_input_for(row: ActionItemRow, **changes: Any) -> ActionItemInput:
    return replace(row.as_input(), **changes)
