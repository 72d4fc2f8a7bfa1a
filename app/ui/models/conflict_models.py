"""Models of the conflict dialog: the fields that differ (yours / now) and the changes since your version."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from app.domain.enums import EventKind
from app.services.conflicts import FieldDifference
from app.services.timeline import TimelineEntry
from app.ui.formatting import local, status_label
from app.ui.models.row_table_model import RowTableModel


def shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return local(value)
    if field == "status":
        return status_label(str(value))
    return str(value).replace("\n", " ")


class DifferenceColumn(IntEnum):
    FIELD = 0
    YOURS = 1
    NOW = 2


class DifferenceModel(RowTableModel[FieldDifference]):
    COLUMNS = DifferenceColumn
    HEADERS = {DifferenceColumn.FIELD: "Field", DifferenceColumn.YOURS: "When you opened it",
               DifferenceColumn.NOW: "Now"}

    def display(self, row: FieldDifference, col: IntEnum) -> str:
        match col:
            case DifferenceColumn.FIELD:
                return row.label
            case DifferenceColumn.YOURS:
                return shown(row.field, row.yours)
            case _:
                return shown(row.field, row.now)

    def row_id(self, row: FieldDifference) -> int | None:
        return None


class ChangeColumn(IntEnum):
    WHEN = 0
    WHO = 1
    WHAT = 2


class ChangeModel(RowTableModel[TimelineEntry]):
    COLUMNS = ChangeColumn
    HEADERS = {ChangeColumn.WHEN: "When", ChangeColumn.WHO: "Who", ChangeColumn.WHAT: "What"}

    def display(self, row: TimelineEntry, col: IntEnum) -> str:
        match col:
            case ChangeColumn.WHEN:
                return local(row.at)
            case ChangeColumn.WHO:
                return row.actor
            case _:
                if row.field:
                    return row.summary
                # Events without a field (a note, an escalation) read better with their kind first.
                return f"{kind_label(row.kind)}: {row.summary}" if row.summary else kind_label(row.kind)


def kind_label(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()
