"""Monitoring inbox model: received alerts (immutable rows) with status, count, first/last seen and incident."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from app.domain.alerts import AlertStatus
from app.services.alerts import AlertRow
from app.ui.formatting import local, status_label
from app.ui.models.roles import Role

Index = QModelIndex | QPersistentModelIndex


class AlertColumn(IntEnum):
    STATUS = 0
    ALERT = 1
    SOURCE = 2
    SEVERITY = 3
    COUNT = 4
    FIRST_SEEN = 5
    LAST_SEEN = 6
    INCIDENT = 7


HEADERS = {AlertColumn.STATUS: "Status", AlertColumn.ALERT: "Alert", AlertColumn.SOURCE: "Source",
           AlertColumn.SEVERITY: "Severity", AlertColumn.COUNT: "Count", AlertColumn.FIRST_SEEN: "First seen",
           AlertColumn.LAST_SEEN: "Last seen", AlertColumn.INCIDENT: "Incident"}


def firing_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's base: darker on light backgrounds, lighter on dark ones."""
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    return QColor("#ff8a80") if dark else QColor("#b00020")


def muted_colour(palette: QPalette) -> QColor:
    """Text blended towards the background: readable, but quieter than firing rows, in light and dark."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    return QColor.fromRgbF(*(0.6 * t + 0.4 * b for t, b in zip(text.getRgbF()[:3], base.getRgbF()[:3], strict=True)))


def _sort_key(r: AlertRow, col: AlertColumn) -> Any:
    match col:
        case AlertColumn.STATUS:
            return (r.status != AlertStatus.FIRING.value, r.status)
        case AlertColumn.ALERT:
            return r.name.lower()
        case AlertColumn.SOURCE:
            return r.source.lower()
        case AlertColumn.SEVERITY:
            return r.severity.lower()
        case AlertColumn.COUNT:
            return r.count
        case AlertColumn.FIRST_SEEN:
            return r.first_at
        case AlertColumn.LAST_SEEN:
            return r.last_at
        case AlertColumn.INCIDENT:
            return r.incident_number or ""


class AlertTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AlertRow] = []
        self._sort: tuple[AlertColumn, Qt.SortOrder] = (AlertColumn.LAST_SEEN, Qt.SortOrder.DescendingOrder)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(AlertColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(AlertColumn):
            return self.tr(HEADERS[AlertColumn(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = AlertColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col is AlertColumn.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        firing = r.status == AlertStatus.FIRING.value
        if firing and col is AlertColumn.STATUS:
            if role == Qt.ItemDataRole.ForegroundRole:
                return firing_colour(QGuiApplication.palette())
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        if not firing and role == Qt.ItemDataRole.ForegroundRole and col is AlertColumn.STATUS:
            return muted_colour(QGuiApplication.palette())
        if role == Role.ROW:
            return r
        if role == Role.ID:
            return r.id
        if role == Role.SORT:
            return _sort_key(r, col)
        return None

    def _display(self, r: AlertRow, col: AlertColumn) -> str:
        match col:
            case AlertColumn.STATUS:
                try:
                    return AlertStatus(r.status).label
                except ValueError:
                    return r.status
            case AlertColumn.ALERT:
                return r.name
            case AlertColumn.SOURCE:
                return r.source
            case AlertColumn.SEVERITY:
                return r.severity
            case AlertColumn.COUNT:
                return str(r.count)
            case AlertColumn.FIRST_SEEN:
                return local(r.first_at)
            case AlertColumn.LAST_SEEN:
                return local(r.last_at)
            case AlertColumn.INCIDENT:
                if r.incident_number is None:
                    return ""
                return f"{r.incident_number} ({status_label(r.incident_status or '')})"

    def _tooltip(self, r: AlertRow, col: AlertColumn) -> str:
        match col:
            case AlertColumn.ALERT:
                return f"{r.name}\n{self.tr('Fingerprint:')} {r.fingerprint}"
            case AlertColumn.INCIDENT:
                return (self.tr("Double-click to show %1 in the queue").replace("%1", r.incident_number)
                        if r.incident_number else self.tr("No incident: nothing was firing, or logging failed"))
            case AlertColumn.COUNT:
                return self.tr("How many times the alert fired")
            case AlertColumn.FIRST_SEEN | AlertColumn.LAST_SEEN:
                return local(r.first_at if col is AlertColumn.FIRST_SEEN else r.last_at, with_seconds=True)
        return self._display(r, col)

    # -- rows ---------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AlertRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._apply_sort()
        self.endResetModel()

    def row_at(self, row: int) -> AlertRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, alert_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == alert_id), -1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(AlertColumn):
            return
        self.layoutAboutToBeChanged.emit()
        old = [self.index(r, c) for r in range(len(self._rows)) for c in range(len(AlertColumn))]
        ids = [self._rows[i.row()].id for i in old]
        self._sort = (AlertColumn(column), order)
        self._apply_sort()
        pos = {r.id: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(old, [self.index(pos[i], o.column()) for i, o in zip(ids, old, strict=True)])
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        col, order = self._sort
        self._rows.sort(key=lambda r: _sort_key(r, col), reverse=order == Qt.SortOrder.DescendingOrder)
