"""Table models of the import wizard: raw sample rows, column mapping, value maps, preview and issues.

Each model sits over immutable rows (tuples / frozen dataclasses) with a column IntEnum; the two editable
models (column mapping, value map) replace a row with a new immutable value on setData.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.domain.enums import Source
from app.ingest.csv_import.importer import PreviewRow
from app.ingest.csv_import.mapping import FieldSpec
from app.ingest.csv_import.reader import Issue, Severity
from app.ui.formatting import status_label
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex
NOT_MAPPED = ""
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
TIP = Qt.ItemDataRole.ToolTipRole


class _Table(QAbstractTableModel):
    """Shared plumbing: rows list, header texts per column enum, Role.ROW."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if role == DISPLAY and orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def _reset(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def _valid(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.headers)


# -- raw sample rows ---------------------------------------------------------------------------------

class SampleRowsModel(_Table):
    """The first rows of the file exactly as read, under the file's own header."""

    def set_rows(self, header: Sequence[str], rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.headers = tuple(header)
        self._rows = [tuple(r) for r in rows]
        self.endResetModel()

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self._valid(index):
            return None
        row = self._rows[index.row()]
        if role in (DISPLAY, TIP):
            return row[index.column()] if index.column() < len(row) else ""
        if role == Role.ROW:
            return row
        return None


# -- column mapping ----------------------------------------------------------------------------------

class MapColumn(IntEnum):
    FIELD = 0
    SOURCE = 1
    EXAMPLE = 2


@dataclass(frozen=True)
class ColumnChoice:
    spec: FieldSpec
    column: str
    example: str


class ColumnMappingModel(_Table):
    """Incident field -> source column; the SOURCE column is editable (delegate offers the file's columns)."""

    headers = ("Incident field", "Source column", "Example from the file")
    mapping_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[str, ...] = ()
        self._examples: dict[str, str] = {}

    def set_fields(self, fields: Sequence[FieldSpec], mapping: dict[str, str], header: Sequence[str],
                   first_row: Sequence[str]) -> None:
        self.columns = tuple(header)
        self._examples = {c: (first_row[i] if i < len(first_row) else "") for i, c in enumerate(header)}
        self._reset([ColumnChoice(f, mapping.get(f.key, NOT_MAPPED) if mapping.get(f.key) in self.columns
                                  else NOT_MAPPED, self._examples.get(mapping.get(f.key, ""), ""))
                     for f in fields])

    def mapping(self) -> dict[str, str]:
        return {c.spec.key: c.column for c in self._rows if c.column}

    def choices(self, index: Index) -> list[tuple[str, str]]:
        """(value, text) pairs for the delegate's combo box."""
        return [(NOT_MAPPED, "(not mapped)")] + [(c, c) for c in self.columns]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._valid(index) and index.column() == MapColumn.SOURCE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self._valid(index):
            return None
        c: ColumnChoice = self._rows[index.row()]
        col = MapColumn(index.column())
        if role == DISPLAY:
            if col is MapColumn.FIELD:
                return c.spec.label
            if col is MapColumn.SOURCE:
                return c.column or "(not mapped)"
            return c.example
        if role == EDIT and col is MapColumn.SOURCE:
            return c.column
        if role == TIP:
            return c.spec.help or c.spec.label
        if role == Qt.ItemDataRole.ForegroundRole and col is MapColumn.SOURCE and not c.column:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Role.ROW:
            return c
        if role == Role.ID:
            return c.spec.key
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if not self._valid(index) or index.column() != MapColumn.SOURCE or role != EDIT:
            return False
        column = str(value or "")
        if column and column not in self.columns:
            return False
        old: ColumnChoice = self._rows[index.row()]
        self._rows[index.row()] = replace(old, column=column, example=self._examples.get(column, ""))
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.headers) - 1))
        self.mapping_changed.emit()
        return True

    def set_column(self, key: str, column: str) -> bool:
        for n, c in enumerate(self._rows):
            if c.spec.key == key:
                return self.setData(self.index(n, MapColumn.SOURCE), column)
        return False


# -- value maps --------------------------------------------------------------------------------------

class ValueColumn(IntEnum):
    SOURCE = 0
    TARGET = 1
    COUNT = 2


@dataclass(frozen=True)
class ValueChoice:
    source: str
    target: str
    count: int


class ValueMapModel(_Table):
    """Distinct cell texts of one column -> the value the app stores; TARGET is editable."""

    headers = ("Value in the file", "Stored as", "Rows in sample")
    values_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.targets: list[tuple[str, str]] = []
        self.field_key = ""

    def set_values(self, field_key: str, counts: dict[str, int], table: dict[str, str],
                   targets: Sequence[tuple[str, str]]) -> None:
        """`targets` are (value, label) pairs; ("", "(automatic)") means no entry in the map."""
        self.field_key = field_key
        self.targets = [("", "(automatic)"), *targets]
        known = dict(counts)
        for src in table:
            known.setdefault(src, 0)
        self._reset([ValueChoice(s, table.get(s, ""), n) for s, n in sorted(known.items(), key=lambda kv: -kv[1])])

    def table(self) -> dict[str, str]:
        return {v.source: v.target for v in self._rows if v.target}

    def choices(self, index: Index) -> list[tuple[str, str]]:
        return list(self.targets)

    def _label(self, value: str) -> str:
        return next((label for v, label in self.targets if v == value), value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._valid(index) and index.column() == ValueColumn.TARGET:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self._valid(index):
            return None
        v: ValueChoice = self._rows[index.row()]
        col = ValueColumn(index.column())
        if role in (DISPLAY, TIP):
            if col is ValueColumn.SOURCE:
                return v.source
            if col is ValueColumn.TARGET:
                return self._label(v.target)
            return v.count
        if role == EDIT and col is ValueColumn.TARGET:
            return v.target
        if role == Qt.ItemDataRole.TextAlignmentRole and col is ValueColumn.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ROW:
            return v
        return None

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:
        if not self._valid(index) or index.column() != ValueColumn.TARGET or role != EDIT:
            return False
        target = str(value or "")
        if target not in {v for v, _ in self.targets}:
            return False
        self._rows[index.row()] = replace(self._rows[index.row()], target=target)
        self.dataChanged.emit(index, index)
        self.values_changed.emit()
        return True


# -- preview -----------------------------------------------------------------------------------------

class PreviewColumn(IntEnum):
    LINE = 0
    EXTERNAL = 1
    TITLE = 2
    STATUS = 3
    PRIORITY = 4
    SOURCE = 5
    CATEGORY = 6
    GROUP = 7
    ASSIGNEE = 8
    REPORTER = 9
    LOGGED = 10
    RESOLVED = 11
    CLOSED = 12
    SLA = 13
    HISTORY = 14


PREVIEW_HEADERS = ("Line", "External no.", "Title", "Status", "Priority", "Source", "Category", "Group",
                   "Assignee", "Reporter", "Logged (UTC)", "Resolved (UTC)", "Closed (UTC)", "SLA",
                   "History")


class PreviewModel(_Table):
    headers = PREVIEW_HEADERS

    def set_rows(self, rows: Sequence[PreviewRow]) -> None:
        self._reset(rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self._valid(index):
            return None
        r: PreviewRow = self._rows[index.row()]
        col = PreviewColumn(index.column())
        if role == DISPLAY:
            return self._text(r, col)
        if role == TIP:
            if col is PreviewColumn.HISTORY:
                return "\n".join(r.history)
            return self._text(r, col)
        if role == Role.ROW:
            return r
        if role == Role.SORT:
            return r.line if col is PreviewColumn.LINE else self._text(r, col)
        return None

    @staticmethod
    def _text(r: PreviewRow, col: PreviewColumn) -> str:
        match col:
            case PreviewColumn.LINE:
                return str(r.line)
            case PreviewColumn.EXTERNAL:
                return r.external_ref
            case PreviewColumn.TITLE:
                return r.title
            case PreviewColumn.STATUS:
                label = status_label(r.status)
                return f"{label} ({r.hold_reason.replace('_', ' ')})" if r.hold_reason else label
            case PreviewColumn.PRIORITY:
                return f"P{r.priority} (I{r.impact}/U{r.urgency})"
            case PreviewColumn.SOURCE:
                return Source(r.source).label if r.source in Source._value2member_map_ else r.source
            case PreviewColumn.CATEGORY:
                return r.category
            case PreviewColumn.GROUP:
                return r.group or ""
            case PreviewColumn.ASSIGNEE:
                return r.assignee or ""
            case PreviewColumn.REPORTER:
                return r.reporter or ""
            case PreviewColumn.LOGGED:
                return r.logged_at
            case PreviewColumn.RESOLVED:
                return r.resolved_at
            case PreviewColumn.CLOSED:
                return r.closed_at
            case PreviewColumn.SLA:
                return "" if r.sla_met is None else ("Met" if r.sla_met else "Breached")
            case PreviewColumn.HISTORY:
                esc = f", {r.escalations} escalation(s)" if r.escalations else ""
                return f"{r.rows} row(s) → {r.events} event(s){esc}"
        return ""


# -- issues ------------------------------------------------------------------------------------------

class IssueColumn(IntEnum):
    LINE = 0
    SEVERITY = 1
    EXTERNAL = 2
    MESSAGE = 3


class IssueModel(_Table):
    headers = ("Line", "Severity", "External no.", "Problem")

    def set_issues(self, issues: Sequence[Issue]) -> None:
        self._reset(issues)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self._valid(index):
            return None
        i: Issue = self._rows[index.row()]
        col = IssueColumn(index.column())
        if role in (DISPLAY, TIP):
            match col:
                case IssueColumn.LINE:
                    return i.line
                case IssueColumn.SEVERITY:
                    return "Skipped" if i.severity is Severity.ERROR else "Warning"
                case IssueColumn.EXTERNAL:
                    return i.external_ref or ""
                case IssueColumn.MESSAGE:
                    return i.message
        if role == Qt.ItemDataRole.ForegroundRole and col is IssueColumn.SEVERITY and i.severity is Severity.ERROR:
            return QApplication.palette().brush(QPalette.ColorRole.Highlight)
        if role == Role.ROW:
            return i
        return None
