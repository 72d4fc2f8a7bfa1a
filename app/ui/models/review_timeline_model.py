"""Editable review timeline: key moment, time, elapsed, gap, kind, wording and who, kept in time order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.domain.clock import ensure_utc
from app.domain.review import TimedEntry, TimelineEntry, with_durations
from app.ui.formatting import duration, local
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class TimelineColumn(IntEnum):
    KEY = 0
    WHEN = 1
    ELAPSED = 2
    GAP = 3
    KIND = 4
    ENTRY = 5
    WHO = 6


HEADERS = {TimelineColumn.KEY: "Key", TimelineColumn.WHEN: "When", TimelineColumn.ELAPSED: "+Elapsed",
           TimelineColumn.GAP: "Gap", TimelineColumn.KIND: "Kind", TimelineColumn.ENTRY: "Entry",
           TimelineColumn.WHO: "Who"}
EDITABLE = {TimelineColumn.WHEN, TimelineColumn.ENTRY}


class ReviewTimelineModel(QAbstractTableModel):
    """Edits change only the review's copy of the timeline; the audit trail is never touched."""

    entries_edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TimedEntry] = []
        self._start: datetime | None = None
        self._read_only = False

    # -- Qt API -----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TimelineColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(TimelineColumn):
            return self.tr(HEADERS[TimelineColumn(section)])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._read_only:
            return base
        col = TimelineColumn(index.column())
        if col is TimelineColumn.KEY:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if col in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        t = self._rows[index.row()]
        e = t.entry
        col = TimelineColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case TimelineColumn.WHEN:
                    return local(e.at)
                case TimelineColumn.ELAPSED:
                    return "+" + duration(t.elapsed)
                case TimelineColumn.GAP:
                    return duration(t.gap) if index.row() else ""
                case TimelineColumn.KIND:
                    return e.kind.replace("_", " ")
                case TimelineColumn.ENTRY:
                    return e.text
                case TimelineColumn.WHO:
                    return e.actor
            return None
        if role == Qt.ItemDataRole.EditRole:
            if col is TimelineColumn.WHEN:
                return QDateTime.fromSecsSinceEpoch(int(e.at.timestamp()))
            if col is TimelineColumn.ENTRY:
                return e.text
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col is TimelineColumn.KEY:
            return Qt.CheckState.Checked if e.key else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.FontRole and e.key and col is TimelineColumn.ENTRY:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col is TimelineColumn.KEY:
                return self.tr("Key moment: shown in bold in the review and its exports")
            if col is TimelineColumn.ENTRY:
                origin = self.tr("written by the author") if e.source == "manual" else \
                    self.tr("generated from the record (%1)").replace("%1", e.source)
                return f"{e.text}\n({origin})"
        if role == Role.ROW:
            return e
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._read_only or not (0 <= index.row() < len(self._rows)):
            return False
        e = self._rows[index.row()].entry
        col = TimelineColumn(index.column())
        if col is TimelineColumn.KEY and role == Qt.ItemDataRole.CheckStateRole:
            new = replace(e, key=Qt.CheckState(value) == Qt.CheckState.Checked)
        elif col is TimelineColumn.ENTRY and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if not text:
                return False  # an empty line is a removal; that has its own button
            new = replace(e, text=text)
        elif col is TimelineColumn.WHEN and role == Qt.ItemDataRole.EditRole:
            when = value.toPython() if isinstance(value, QDateTime) else value
            if not isinstance(when, datetime):
                return False
            new = replace(e, at=ensure_utc(when.astimezone() if when.tzinfo is None else when))
        else:
            return False
        if new == e:
            return False
        entries = self.entries()
        entries[index.row()] = new
        if col is TimelineColumn.WHEN:
            self._reset(entries)
        else:
            self._rows[index.row()] = TimedEntry(new, self._rows[index.row()].elapsed, self._rows[index.row()].gap)
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(TimelineColumn) - 1))
        self.entries_edited.emit()
        return True

    # -- own API ----------------------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[TimelineEntry], start: datetime | None = None) -> None:
        if start is not None:
            self._start = start
        self._reset(list(entries))

    def entries(self) -> list[TimelineEntry]:
        return [t.entry for t in self._rows]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def add_entry(self, entry: TimelineEntry) -> int:
        """Insert in time order; returns the new row."""
        entries = [*self.entries(), entry]
        self._reset(entries)
        self.entries_edited.emit()
        return next(i for i, t in enumerate(self._rows) if t.entry is entry)

    def remove_rows(self, rows: Sequence[int]) -> None:
        drop = set(rows)
        if not drop:
            return
        self._reset([e for i, e in enumerate(self.entries()) if i not in drop])
        self.entries_edited.emit()

    def _reset(self, entries: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self._rows = with_durations(entries, self._start)
        self.endResetModel()
