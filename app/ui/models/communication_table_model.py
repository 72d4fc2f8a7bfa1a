"""Communication log model: one incident's updates and replies over immutable rows, filtered in the model."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain.communication import Audience, Channel, Direction, label_of
from app.services.communications import CommunicationRow
from app.ui.formatting import local
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class CommColumn(IntEnum):
    SENT = 0
    DIRECTION = 1
    SUBJECT = 2
    AUDIENCE = 3
    CHANNEL = 4
    AUTHOR = 5
    NEXT_UPDATE = 6

    @property
    def header(self) -> str:
        return HEADERS[self]


HEADERS = {
    CommColumn.SENT: "Sent",
    CommColumn.DIRECTION: "",
    CommColumn.AUDIENCE: "Audience",
    CommColumn.CHANNEL: "Channel",
    CommColumn.SUBJECT: "Subject",
    CommColumn.AUTHOR: "Author",
    CommColumn.NEXT_UPDATE: "Next update",
}


class CommunicationTableModel(QAbstractTableModel):
    """Newest entry first; corrected entries are shown struck through with the correcting entry in the tip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[CommunicationRow] = []
        self._rows: list[CommunicationRow] = []
        self._corrected_by: dict[int, int] = {}
        self._audience: str | None = None
        self._channel: str | None = None
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(CommColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(CommColumn):
            if role == Qt.ItemDataRole.DisplayRole:
                return CommColumn(section).header
            if role == Qt.ItemDataRole.ToolTipRole and section == CommColumn.DIRECTION:
                return "Direction: outgoing update or incoming reply"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = CommColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            fixer = self._corrected_by.get(r.id)
            if fixer is not None:
                return f"Corrected by entry #{fixer}"
            if r.corrects_id is not None:
                return f"Correction of entry #{r.corrects_id}"
            if col is CommColumn.DIRECTION:
                return label_of(Direction, r.direction)
            if col is CommColumn.SUBJECT:
                return r.subject
            return r.recipients if col is CommColumn.AUDIENCE and r.recipients else None
        if role == Qt.ItemDataRole.FontRole and r.id in self._corrected_by:
            return self._struck
        if role == Role.ROW:
            return r
        if role == Role.ID:
            return r.id
        if role == Role.SORT:
            return r.sent_at
        return None

    @staticmethod
    def _text(r: CommunicationRow, col: CommColumn) -> str:
        match col:
            case CommColumn.SENT:
                return local(r.sent_at)
            case CommColumn.DIRECTION:
                return "\u2190 In" if r.direction == Direction.IN.value else "\u2192 Out"
            case CommColumn.AUDIENCE:
                return label_of(Audience, r.audience)
            case CommColumn.CHANNEL:
                return label_of(Channel, r.channel)
            case CommColumn.SUBJECT:
                return (f"[correction of #{r.corrects_id}] " if r.corrects_id else "") + r.subject
            case CommColumn.AUTHOR:
                return r.author
            case CommColumn.NEXT_UPDATE:
                return local(r.next_update_due_at)
        return ""

    # -- content ------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[CommunicationRow]) -> None:
        self.beginResetModel()
        self._all = sorted(rows, key=lambda r: (r.sent_at, r.id), reverse=True)
        self._corrected_by = {r.corrects_id: r.id for r in sorted(self._all, key=lambda r: r.id)
                              if r.corrects_id is not None}
        self._apply()
        self.endResetModel()

    def set_filter(self, audience: str | None, channel: str | None) -> None:
        self.beginResetModel()
        self._audience, self._channel = audience, channel
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        self._rows = [r for r in self._all if (self._audience is None or r.audience == self._audience)
                      and (self._channel is None or r.channel == self._channel)]

    def row_at(self, row: int) -> CommunicationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, comm_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == comm_id), -1)

    def corrected_by(self, comm_id: int) -> int | None:
        return self._corrected_by.get(comm_id)

    @property
    def total(self) -> int:
        return len(self._all)
