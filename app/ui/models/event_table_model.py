"""Timeline model: entries of one incident's audit trail (who, when, what changed), filterable by kind/text."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.services.timeline import TimelineEntry
from app.ui.formatting import local
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class EventColumn(IntEnum):
    WHEN = 0
    WHO = 1
    KIND = 2
    WHAT = 3


HEADERS = {EventColumn.WHEN: "When", EventColumn.WHO: "Who", EventColumn.KIND: "Kind", EventColumn.WHAT: "What"}


class EventTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[TimelineEntry] = []
        self._rows: list[TimelineEntry] = []
        self._kinds: frozenset[str] | None = None
        self._text = ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(EventColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(EventColumn):
            return QCoreApplication.translate("EventColumn", HEADERS[EventColumn(section)])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        ev = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            match EventColumn(index.column()):
                case EventColumn.WHEN:
                    return local(ev.at, with_seconds=True)
                case EventColumn.WHO:
                    return ev.actor
                case EventColumn.KIND:
                    return ev.kind.replace("_", " ")
                case EventColumn.WHAT:
                    return ev.summary
        if role == Role.ROW:
            return ev
        if role == Role.ID:
            return ev.id
        if role == Role.KIND:
            return ev.kind
        if role == Role.SORT and index.column() == EventColumn.WHEN:
            return ev.at
        return None

    def set_events(self, events: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._all = list(events)
        self._apply()
        self.endResetModel()

    def set_kind_filter(self, kinds: frozenset[str] | None) -> None:
        self.beginResetModel()
        self._kinds = kinds
        self._apply()
        self.endResetModel()

    def set_text_filter(self, text: str) -> None:
        self.beginResetModel()
        self._text = text.strip().casefold()
        self._apply()
        self.endResetModel()

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self._all})

    def row_at(self, r: int) -> TimelineEntry | None:
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def _apply(self) -> None:
        t = self._text
        self._rows = [e for e in self._all if (self._kinds is None or e.kind in self._kinds) and (
            not t or t in e.summary.casefold() or t in e.actor.casefold())]
