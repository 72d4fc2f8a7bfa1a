"""Escalation history of one incident: when, kind, from -> to, reason, by whom, system or person."""

from __future__ import annotations

from enum import IntEnum

from app.domain.enums import EscalationKind, Tier
from app.services.dto import EscalationRow
from app.ui.formatting import local
from app.ui.models.row_table_model import RowTableModel


class EscalationColumn(IntEnum):
    WHEN = 0
    KIND = 1
    FROM_TO = 2
    BY = 3
    ACTOR = 4
    REASON = 5  # last: it takes whatever width is left


def _tier(t: int | None) -> str:
    try:
        return f"T{Tier(t).value}" if t is not None else ""
    except ValueError:
        return f"T{t}"


def _kind(value: str) -> str:
    try:
        return EscalationKind(value).label
    except ValueError:
        return value


class EscalationTableModel(RowTableModel[EscalationRow]):
    COLUMNS = EscalationColumn
    HEADERS = {
        EscalationColumn.WHEN: "When", EscalationColumn.KIND: "Kind", EscalationColumn.FROM_TO: "From → to",
        EscalationColumn.BY: "By", EscalationColumn.ACTOR: "Actor", EscalationColumn.REASON: "Reason",
    }

    def display(self, row: EscalationRow, col: IntEnum) -> str:
        match col:
            case EscalationColumn.WHEN:
                return local(row.at)
            case EscalationColumn.KIND:
                return _kind(row.kind)
            case EscalationColumn.FROM_TO:
                source = " ".join(x for x in (row.from_group or "", _tier(row.from_tier)) if x)
                target = row.to_person or " ".join(x for x in (row.to_group or "", _tier(row.to_tier)) if x)
                return f"{source} → {target}"
            case EscalationColumn.REASON:
                return row.reason.replace("\n", " ")
            case EscalationColumn.BY:
                return row.by
            case EscalationColumn.ACTOR:
                return self.tr("System") if row.is_system else self.tr("Person")
        return ""

    def tooltip(self, row: EscalationRow, col: IntEnum) -> str | None:
        if col == EscalationColumn.REASON:
            return row.reason
        return super().tooltip(row, col)
