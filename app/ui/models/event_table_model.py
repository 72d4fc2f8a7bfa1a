"""Timeline model: audit events of one incident (who, when, what changed), filterable by kind."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.services.dto import AuditEventRow
from app.ui.formatting import local
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class EventColumn(IntEnum):
    WHEN = 0
    WHO = 1
    KIND = 2
    WHAT = 3


HEADERS = {EventColumn.WHEN: "When", EventColumn.WHO: "Who", EventColumn.KIND: "Kind", EventColumn.WHAT: "What"}


def describe(ev: AuditEventRow) -> str:
    if ev.field and (ev.old is not None or ev.new is not None):
        return f"{ev.field}: {ev.old or '-'} -> {ev.new or '-'}"
    if ev.payload:
        return ", ".join(f"{k}: {v}" for k, v in ev.payload.items() if v not in (None, ""))
    return ev.field or ""


class EventTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[AuditEventRow] = []
        self._rows: list[AuditEventRow] = []
        self._kinds: frozenset[str] | None = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(EventColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(EventColumn):
            return HEADERS[EventColumn(section)]
        return None

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
                    return describe(ev)
        if role == Role.ROW:
            return ev
        if role == Role.ID:
            return ev.id
        return None

    def set_events(self, events: Sequence[AuditEventRow]) -> None:
        self.beginResetModel()
        self._all = list(events)
        self._apply()
        self.endResetModel()

    def set_kind_filter(self, kinds: frozenset[str] | None) -> None:
        self.beginResetModel()
        self._kinds = kinds
        self._apply()
        self.endResetModel()

    def kinds(self) -> list[str]:
        return sorted({e.kind for e in self._all})

    def _apply(self) -> None:
        self._rows = [e for e in self._all if self._kinds is None or e.kind in self._kinds]
