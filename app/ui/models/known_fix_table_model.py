"""Known fixes: resolutions of similar resolved incidents, best match first."""

from __future__ import annotations

from enum import IntEnum

from app.services.workflow import KnownFix
from app.ui.models.row_table_model import RowTableModel


class FixColumn(IntEnum):
    NUMBER = 0
    TITLE = 1
    KIND = 2
    RESOLUTION = 3


class KnownFixTableModel(RowTableModel[KnownFix]):
    COLUMNS = FixColumn
    HEADERS = {FixColumn.NUMBER: "Incident", FixColumn.TITLE: "Title", FixColumn.KIND: "Fix",
               FixColumn.RESOLUTION: "Resolution"}

    def display(self, row: KnownFix, col: IntEnum) -> str:
        match col:
            case FixColumn.NUMBER:
                return row.number
            case FixColumn.TITLE:
                return row.title
            case FixColumn.KIND:
                return self.tr("Workaround") if row.is_workaround else self.tr("Permanent")
            case FixColumn.RESOLUTION:
                return row.resolution_notes.replace("\n", " ")
        return ""

    def tooltip(self, row: KnownFix, col: IntEnum) -> str | None:
        if col == FixColumn.RESOLUTION:
            return f"{row.resolution_code}\n{row.resolution_notes}".strip()
        return super().tooltip(row, col)

    def row_id(self, row: KnownFix) -> int | None:
        return row.incident_id
