"""Queue table model over immutable IncidentRow tuples: sorts and narrows in the model, updates rows by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from app.domain.enums import Status
from app.domain.sla import WARNING_FRACTION
from app.services.queue import IncidentRow, NameBook, QueueTable, stamp_time, to_stamp
from app.ui.formatting import duration, local, status_label
from app.ui.models.incident_columns import (
    FIELD_OF,
    INVERTED,
    NAME_COLUMNS,
    NULLABLE,
    SPECIAL_KEYS,
    STATUS_ORDER,
    Column,
)
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex
DEFAULT_SORT = (Column.NUMBER, Qt.SortOrder.DescendingOrder)  # the order SQL hands rows over in
_DONE = frozenset({Status.RESOLVED.value, Status.CLOSED.value, Status.CANCELLED.value})


@dataclass(frozen=True, slots=True)
class SlaState:
    """What the SLA cell shows: level is ok, warning, breached, paused, met or none."""

    level: str
    text: str
    elapsed: float | None = None  # fraction of the resolution target used, for the delegate's bar


def sla_state(row: IncidentRow, now: datetime) -> SlaState:
    if row.status in _DONE:
        return SlaState("breached", "Breached") if row.resolution_breached else SlaState("met", "Met")
    if row.sla_paused is not None:
        return SlaState("paused", "Paused")
    due = row.resolution_due_at
    if due is None:
        return SlaState("none", "")
    remaining = due - now
    warn = row.resolution_warn_at
    elapsed = None
    if warn is not None and due > warn:
        target = (due - warn).total_seconds() / (1.0 - WARNING_FRACTION)
        elapsed = max(0.0, min(1.0, 1.0 - remaining.total_seconds() / target))
    if remaining.total_seconds() <= 0 or row.resolution_breached:
        return SlaState("breached", duration(remaining), 1.0)
    if warn is not None and now >= warn:
        return SlaState("warning", duration(remaining), elapsed)
    return SlaState("ok", duration(remaining), elapsed)


class IncidentTableModel(QAbstractTableModel):
    """Holds every row of the current view (`_all`, in sort order) and the visible subset (`_rows`).

    Sorting is a list sort on precomputed keys; the status quick filter and the search narrow `_all`
    with a list comprehension. Neither goes back to the database, and no proxy model sits on top.
    """

    def __init__(self, parent: Any = None, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._all: list[IncidentRow] = []
        self._rows: list[IncidentRow] = []
        self._pos: dict[int, int] | None = None
        self._names = NameBook()
        self._sort: tuple[Column, Qt.SortOrder] = DEFAULT_SORT
        self._statuses: frozenset[str] | None = None
        self._match: frozenset[int] | None = None
        self._now = now or (lambda: datetime.now(UTC))
        self._bold = QFont()
        self._bold.setBold(True)

    # -- Qt API -------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return Column(section).header
        if role == Qt.ItemDataRole.ToolTipRole:
            return Column(section).tip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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
            return self._key_function(col)(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.FontRole and row.is_major and col in (Column.NUMBER, Column.TITLE):
            return self._bold
        if role == Qt.ItemDataRole.FontRole and col == Column.NEXT_UPDATE and self._update_overdue(row):
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and row.status in _DONE:
            # Finished work steps back; the placeholder colour follows light and dark palettes.
            return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Column.PRIORITY, Column.AGE):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, col)
        return None

    def _display(self, row: IncidentRow, col: Column) -> str:
        n = self._names
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
                return n.category(row.category_id)
            case Column.SERVICE:
                return n.service(row.service_id)
            case Column.GROUP:
                return n.group(row.group_id)
            case Column.ASSIGNEE:
                return n.person(row.assignee_id)
            case Column.SLA:
                return sla_state(row, self._now()).text
            case Column.NEXT_UPDATE:
                due = row.next_update_due_at
                if due is not None and self._update_overdue(row):
                    return f"overdue {duration(self._now() - due)}"
                return local(due)
            case Column.AGE:
                return duration(self._now() - row.logged_at)
            case Column.UPDATED:
                return local(row.updated_at)
        return ""

    def _update_overdue(self, row: IncidentRow) -> bool:
        """A stakeholder update is overdue on an open incident whose next-update time has passed."""
        due = row.next_update_due_at
        return due is not None and row.status not in _DONE and due <= self._now()

    def _tooltip(self, row: IncidentRow, col: Column) -> str | None:
        if col == Column.TITLE:
            return row.title
        if col == Column.SLA:
            s = sla_state(row, self._now())
            due = local(row.resolution_due_at)
            pct = f", {s.elapsed:.0%} elapsed" if s.elapsed is not None and s.level in ("ok", "warning") else ""
            return f"{s.level.capitalize()}{pct}" + (f" - resolution due {due}" if due else "")
        if col == Column.AGE:
            return local(row.logged_at)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self._relayout(lambda: self._set_sort(Column(column), order))

    # -- loading ------------------------------------------------------------------------------------

    def set_table(self, table: QueueTable) -> None:
        self.set_rows(table.rows, table.names)

    def set_rows(self, rows: Sequence[IncidentRow], names: NameBook | None = None) -> None:
        """Rows arrive newest first from SQL; only a different sort order costs a sort."""
        self.beginResetModel()
        if names is not None:
            self._names = names
        self._all = list(rows)
        if self._sort != DEFAULT_SORT:
            self._all = self._sorted(self._all)
        self._narrow()
        self.endResetModel()

    def set_names(self, names: NameBook) -> None:
        self._names = names
        self._emit_all_changed()

    def update_rows(self, rows: Sequence[IncidentRow], removed_ids: Iterable[int] = ()) -> None:
        """Replace, insert or drop rows in place so selection and scroll position survive.

        A changed row keeps its place even if its sort key moved: rows jumping under the cursor are
        worse than a briefly stale order (the next sort or view switch puts it right).
        """
        gone = set(removed_ids)
        if gone:
            self._all = [r for r in self._all if r.id not in gone]
            for iid in gone:
                r = self.row_of(iid)
                if r is not None:
                    self.beginRemoveRows(QModelIndex(), r, r)
                    del self._rows[r]
                    self._pos = None
                    self.endRemoveRows()
        if not rows:
            return
        where = {r.id: i for i, r in enumerate(self._all)} if len(rows) > 8 else None
        for row in rows:
            i = where.get(row.id) if where is not None else self._index_in_all(row.id)
            if i is not None:
                self._all[i] = row
            else:
                self._all.insert(self._insert_point(self._all, row), row)
                where = None if where is None else {r.id: n for n, r in enumerate(self._all)}
            r = self.row_of(row.id)
            visible = self._visible(row)
            if r is not None and visible:
                self._rows[r] = row
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(Column) - 1))
            elif r is not None:
                self.beginRemoveRows(QModelIndex(), r, r)
                del self._rows[r]
                self._pos = None
                self.endRemoveRows()
            elif visible:
                at = self._insert_point(self._rows, row)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, row)
                self._pos = None
                self.endInsertRows()

    # -- narrowing in the model ---------------------------------------------------------------------

    def set_status_filter(self, statuses: Iterable[str] | None) -> None:
        self._statuses = None if statuses is None else frozenset(statuses)
        self._relayout(self._narrow)

    def set_match_ids(self, ids: frozenset[int] | None) -> None:
        """Keep only these incidents (a full-text search answer); None shows the whole view again."""
        self._match = ids
        self._relayout(self._narrow)

    @property
    def status_filter(self) -> frozenset[str] | None:
        return self._statuses

    @property
    def match_ids(self) -> frozenset[int] | None:
        return self._match

    # -- lookups ------------------------------------------------------------------------------------

    @property
    def names(self) -> NameBook:
        return self._names

    @property
    def sort_state(self) -> tuple[Column, Qt.SortOrder]:
        return self._sort

    @property
    def total_count(self) -> int:
        """Rows in the view before the in-model narrowing."""
        return len(self._all)

    def row_at(self, r: int) -> IncidentRow | None:
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def row_of(self, incident_id: int) -> int | None:
        if self._pos is None:
            self._pos = {r.id: i for i, r in enumerate(self._rows)}
        return self._pos.get(incident_id)

    def version_of(self, incident_id: int) -> int | None:
        r = self.row_of(incident_id)
        if r is not None:
            return self._rows[r].version
        i = self._index_in_all(incident_id)
        return None if i is None else self._all[i].version

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def refresh_clock(self) -> None:
        """SLA, age and next-update cells depend on the time: repaint them (visible ones only are drawn)."""
        if self._rows:
            for col in (Column.SLA, Column.AGE, Column.NEXT_UPDATE):
                self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col),
                                      [Qt.ItemDataRole.DisplayRole, Role.SLA])

    # -- internals ----------------------------------------------------------------------------------

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply a change that reorders or narrows rows, carrying persistent indexes (the selection) by id."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._rows[i.row()].id if 0 <= i.row() < len(self._rows) else None, i.column()) for i in old]
        change()
        self._pos = None
        new = []
        for iid, c in old_ids:
            r = self.row_of(iid) if iid is not None else None
            new.append(self.index(r, c) if r is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _set_sort(self, col: Column, order: Qt.SortOrder) -> None:
        self._sort = (col, order)
        self._all = self._sorted(self._all)
        self._narrow()

    def _narrow(self) -> None:
        st, ids = self._statuses, self._match
        si, ii = FIELD_OF[Column.STATUS], FIELD_OF[Column.NUMBER]
        # One comprehension per case keeps the per-row work to a single C-level membership test.
        if st is None and ids is None:
            self._rows = list(self._all)
        elif ids is None:
            self._rows = [r for r in self._all if r[si] in st]  # type: ignore[operator]
        elif st is None:
            self._rows = [r for r in self._all if r[ii] in ids]
        else:
            self._rows = [r for r in self._all if r[ii] in ids and r[si] in st]
        self._pos = None

    def _visible(self, row: IncidentRow) -> bool:
        return (self._statuses is None or row.status in self._statuses) and (
            self._match is None or row.id in self._match)

    def _key_function(self, col: Column) -> Callable[[IncidentRow], Any]:
        """The sort key of one row (for inserting a new row in place and for Role.SORT)."""
        if col in SPECIAL_KEYS:
            return SPECIAL_KEYS[col]
        i = FIELD_OF[col]
        if col in NAME_COLUMNS:
            # Ids sort by their display names through a rank table, so the sort itself compares ints.
            rank = self._rank_table(col)
            return lambda r: rank.get(r[i], -1) if r[i] is not None else -2
        return itemgetter(i)

    def _sort_keys(self, col: Column, rows: list[IncidentRow]) -> list[Any]:
        """Keys for `rows` built with map() over C callables: no Python frame per row."""
        values = map(itemgetter(FIELD_OF[col]), rows)
        if col == Column.TITLE:
            return list(map(str.casefold, values))
        if col == Column.STATUS:
            return list(map(STATUS_ORDER.get, values))
        if col in NAME_COLUMNS:
            return list(map(self._rank_table(col).get, values))
        return list(values)

    def _rank_table(self, col: Column) -> dict[int, int]:
        table = {Column.CATEGORY: self._names.categories, Column.SERVICE: self._names.services,
                 Column.GROUP: self._names.groups, Column.ASSIGNEE: self._names.people}[col]
        return {k: n for n, k in enumerate(sorted(table, key=lambda k: table[k].casefold()))}

    def _sorted(self, rows: list[IncidentRow]) -> list[IncidentRow]:
        col, order = self._sort
        reverse = (order == Qt.SortOrder.DescendingOrder) != (col in INVERTED)
        keys = self._sort_keys(col, rows)
        if col in NULLABLE:
            # Empty values go last in either direction: an unset SLA or assignee is never the most urgent.
            # The stand-ins keep every key one type (all-str or all-int), which keeps CPython's fast compare.
            if col in NAME_COLUMNS:
                last: Any = -1 if reverse else 1 << 62
            else:
                last = "" if reverse else "~"
            keys = [last if k is None else k for k in keys]
        # list.sort asks for each row's key once, in order: handing out the precomputed keys through
        # next() keeps the whole sort in C (a lambda key costs a Python frame per row).
        return sorted(rows, key=partial(next, iter(keys)), reverse=reverse)

    def _index_in_all(self, incident_id: int) -> int | None:
        for i, r in enumerate(self._all):
            if r.id == incident_id:
                return i
        return None

    def _insert_point(self, rows: list[IncidentRow], row: IncidentRow) -> int:
        """Where a new row belongs in the current order (binary search on the sort key)."""
        col, order = self._sort
        key = self._key_function(col)
        i = FIELD_OF[col]
        if col in NULLABLE and row[i] is None:
            return len(rows)
        reverse = (order == Qt.SortOrder.DescendingOrder) != (col in INVERTED)
        k = key(row)
        lo, hi = 0, len(rows)
        while lo < hi:
            mid = (lo + hi) // 2
            other = rows[mid]
            if col in NULLABLE and other[i] is None:
                hi = mid
                continue
            ok = key(other) > k if reverse else key(other) < k
            if ok:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _emit_all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1))


__all__ = ["IncidentTableModel", "SlaState", "sla_state", "to_stamp", "stamp_time"]
