"""Queue table model over immutable IncidentRow objects; sorts in the model, updates rows by id."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.sla import WARNING_FRACTION
from app.services.queue import IncidentRow
from app.ui.formatting import duration, local, status_label
from app.ui.models.incident_columns import Column
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# Sort keys never return None so mixed columns sort without TypeErrors.
SORT_KEYS: dict[Column, Callable[[IncidentRow], Any]] = {
    Column.NUMBER: attrgetter("id"),
    Column.PRIORITY: attrgetter("priority"),
    Column.TITLE: lambda r: r.title.casefold(),
    Column.STATUS: attrgetter("status"),
    Column.CATEGORY: lambda r: r.category or "",
    Column.SERVICE: lambda r: r.service or "",
    Column.GROUP: lambda r: r.group or "",
    Column.ASSIGNEE: lambda r: r.assignee or "",
    Column.SLA: lambda r: r.resolution_due_at or _EPOCH,
    Column.NEXT_UPDATE: lambda r: r.next_update_due_at or _EPOCH,
    Column.AGE: attrgetter("logged_at"),
    Column.UPDATED: attrgetter("updated_at"),
}


def sla_state(row: IncidentRow, now: datetime) -> tuple[str, str]:
    """(level, text) for the SLA column: ok, warning, breached, paused, met or none."""
    if row.status in ("resolved", "closed", "cancelled"):
        return ("breached", "Breached") if row.resolution_breached else ("met", "")
    if row.sla_paused_at is not None:
        return "paused", "Paused"
    if row.resolution_due_at is None:
        return "none", ""
    remaining = row.resolution_due_at - now
    if remaining.total_seconds() <= 0 or row.resolution_breached:
        return "breached", duration(remaining)
    if row.resolution_warn_at is not None and now >= row.resolution_warn_at:
        return "warning", duration(remaining)
    return "ok", duration(remaining)


class IncidentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[IncidentRow] = []
        self._pos: dict[int, int] = {}
        self._sort: tuple[Column, Qt.SortOrder] = (Column.NUMBER, Qt.SortOrder.DescendingOrder)
        self._now = now or (lambda: datetime.now(UTC))
        self._bold = QFont()
        self._bold.setBold(True)

    # -- data access --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return Column(section).header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Role.ROW:
            return row
        if role == Role.ID:
            return row.id
        if role == Role.PRIORITY:
            return row.priority
        if role == Role.SLA:
            return sla_state(row, self._now())
        if role == Role.SORT:
            return SORT_KEYS[col](row)
        if role == Qt.ItemDataRole.ToolTipRole and col == Column.TITLE:
            return row.title
        if role == Qt.ItemDataRole.FontRole and row.is_major and col in (Column.NUMBER, Column.TITLE):
            return self._bold
        return None

    def _display(self, row: IncidentRow, col: Column) -> str:
        match col:
            case Column.NUMBER:
                return row.number
            case Column.PRIORITY:
                return f"P{row.priority}"
            case Column.TITLE:
                return row.title
            case Column.STATUS:
                return status_label(row.status)
            case Column.CATEGORY:
                return row.category or ""
            case Column.SERVICE:
                return row.service or ""
            case Column.GROUP:
                return row.group or ""
            case Column.ASSIGNEE:
                return row.assignee or ""
            case Column.SLA:
                return sla_state(row, self._now())[1]
            case Column.NEXT_UPDATE:
                return local(row.next_update_due_at)
            case Column.AGE:
                return duration(self._now() - row.logged_at)
            case Column.UPDATED:
                return local(row.updated_at)
        return ""

    # -- rows ---------------------------------------------------------------------------------------

    def row_at(self, r: int) -> IncidentRow | None:
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def row_of(self, incident_id: int) -> int | None:
        return self._pos.get(incident_id)

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def set_rows(self, rows: Sequence[IncidentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def update_rows(self, rows: Sequence[IncidentRow], removed_ids: Sequence[int] = ()) -> None:
        """Replace, insert or drop rows in place so selection and scroll position survive."""
        for iid in removed_ids:
            r = self._pos.get(iid)
            if r is not None:
                self.beginRemoveRows(QModelIndex(), r, r)
                del self._rows[r]
                self._reindex()
                self.endRemoveRows()
        for row in rows:
            r = self._pos.get(row.id)
            if r is not None:
                self._rows[r] = row
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(Column) - 1))
            else:
                at = 0 if self._sort == (Column.NUMBER, Qt.SortOrder.DescendingOrder) else len(self._rows)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, row)
                self._reindex()
                self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._rows[i.row()].id, i.column()) for i in old]
        self._sort = (Column(column), order)
        self._apply_sort()
        self.changePersistentIndexList(old, [self.index(self._pos[iid], c) for iid, c in old_ids])
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[Column, Qt.SortOrder]:
        return self._sort

    def _apply_sort(self) -> None:
        col, order = self._sort
        self._rows.sort(key=SORT_KEYS[col], reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()

    def _reindex(self) -> None:
        self._pos = {r.id: i for i, r in enumerate(self._rows)}

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


__all__ = ["IncidentTableModel", "sla_state", "WARNING_FRACTION"]
