"""Table model of similar-incident suggestions (immutable SimilarIncident rows)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.services.similar import SimilarIncident
from app.ui.formatting import local, status_label
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class SimilarColumn(IntEnum):
    NUMBER = 0
    PRIORITY = 1
    STATUS = 2
    TITLE = 3
    RESOLUTION = 4

    @property
    def header(self) -> str:
        return {0: "Number", 1: "Priority", 2: "Status", 3: "Title", 4: "Resolution"}[self.value]


class SimilarTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SimilarIncident] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SimilarColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(SimilarColumn):
            return SimilarColumn(section).header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = SimilarColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in (SimilarColumn.TITLE, SimilarColumn.RESOLUTION):
            return self._display(row, col)
        if role == Qt.ItemDataRole.FontRole and row.is_open and col == SimilarColumn.STATUS:
            return self._bold
        if role == Role.ROW:
            return row
        if role == Role.ID:
            return row.id
        if role == Role.PRIORITY:
            return row.priority
        if role == Role.SORT:
            return row.rank
        return None

    @staticmethod
    def _display(row: SimilarIncident, col: SimilarColumn) -> str:
        match col:
            case SimilarColumn.NUMBER:
                return row.number
            case SimilarColumn.PRIORITY:
                return f"P{row.priority}"
            case SimilarColumn.STATUS:
                return status_label(row.status)
            case SimilarColumn.TITLE:
                return row.title
            case SimilarColumn.RESOLUTION:
                if row.resolved_at is None:
                    return ""
                parts = [p for p in (row.resolution_code, row.resolution) if p]
                return f"{local(row.resolved_at)}: " + " - ".join(parts)
        return ""

    def set_rows(self, rows: Sequence[SimilarIncident]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, r: int) -> SimilarIncident | None:
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
