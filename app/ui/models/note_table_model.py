"""Work notes of one incident (immutable: a correction is a new note)."""

from __future__ import annotations

from enum import IntEnum

from app.services.dto import NoteRow
from app.ui.formatting import local
from app.ui.models.row_table_model import RowTableModel


class NoteColumn(IntEnum):
    WHEN = 0
    AUTHOR = 1
    KIND = 2
    TEXT = 3


class NoteTableModel(RowTableModel[NoteRow]):
    COLUMNS = NoteColumn
    HEADERS = {NoteColumn.WHEN: "When", NoteColumn.AUTHOR: "Author", NoteColumn.KIND: "Kind",
               NoteColumn.TEXT: "Note"}

    def display(self, row: NoteRow, col: IntEnum) -> str:
        match col:
            case NoteColumn.WHEN:
                return local(row.at)
            case NoteColumn.AUTHOR:
                return row.author
            case NoteColumn.KIND:
                return row.kind.replace("_", " ").capitalize()
            case NoteColumn.TEXT:
                return row.body
        return ""

    def tooltip(self, row: NoteRow, col: IntEnum) -> str | None:
        return row.body if col == NoteColumn.TEXT else super().tooltip(row, col)
