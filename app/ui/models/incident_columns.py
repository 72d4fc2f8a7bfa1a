"""Columns of the incident queue, in default order, with their headers, default widths and sort keys."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.enums import Status
from app.services.queue import IncidentRow


class Column(IntEnum):
    NUMBER = 0
    PRIORITY = 1
    TITLE = 2
    STATUS = 3
    CATEGORY = 4
    SERVICE = 5
    GROUP = 6
    ASSIGNEE = 7
    SLA = 8
    NEXT_UPDATE = 9
    AGE = 10
    UPDATED = 11

    @property
    def header(self) -> str:
        return QCoreApplication.translate("Column", HEADERS[self])

    @property
    def tip(self) -> str:
        return QCoreApplication.translate("Column", TIPS.get(self, HEADERS[self]))


HEADERS = {
    Column.NUMBER: "Number",
    Column.PRIORITY: "Priority",
    Column.TITLE: "Title",
    Column.STATUS: "Status",
    Column.CATEGORY: "Category",
    Column.SERVICE: "Service",
    Column.GROUP: "Assignment group",
    Column.ASSIGNEE: "Assignee",
    Column.SLA: "SLA remaining",
    Column.NEXT_UPDATE: "Next update",
    Column.AGE: "Age",
    Column.UPDATED: "Updated",
}

TIPS = {
    Column.SLA: "Time left to the resolution target: amber from 75 % elapsed, red when breached",
    Column.NEXT_UPDATE: "When the next stakeholder update is due",
    Column.AGE: "Time since the incident was logged",
}

DEFAULT_WIDTHS = {
    Column.NUMBER: 92, Column.PRIORITY: 58, Column.TITLE: 240, Column.STATUS: 84, Column.CATEGORY: 150,
    Column.SERVICE: 110, Column.GROUP: 120, Column.ASSIGNEE: 110, Column.SLA: 96, Column.NEXT_UPDATE: 120,
    Column.AGE: 72, Column.UPDATED: 120,
}

# Shown when a view has no saved layout; the rest stay one right-click away.
DEFAULT_HIDDEN = frozenset({Column.CATEGORY, Column.SERVICE, Column.UPDATED})

# Which IncidentRow field each column sorts on (names sort through a rank table built from the NameBook).
F = {name: i for i, name in enumerate(IncidentRow._fields)}
FIELD_OF: dict[Column, int] = {
    Column.NUMBER: F["id"], Column.PRIORITY: F["priority"], Column.TITLE: F["title"], Column.STATUS: F["status"],
    Column.CATEGORY: F["category_id"], Column.SERVICE: F["service_id"], Column.GROUP: F["group_id"],
    Column.ASSIGNEE: F["assignee_id"], Column.SLA: F["resolution_due"], Column.NEXT_UPDATE: F["next_update_due"],
    Column.AGE: F["logged"], Column.UPDATED: F["updated"],
}
NULLABLE = frozenset({Column.CATEGORY, Column.SERVICE, Column.GROUP, Column.ASSIGNEE, Column.SLA,
                      Column.NEXT_UPDATE})
NAME_COLUMNS = frozenset({Column.CATEGORY, Column.SERVICE, Column.GROUP, Column.ASSIGNEE})
# Age grows as logged_at shrinks: ascending age is descending logged time.
INVERTED = frozenset({Column.AGE})

STATUS_ORDER = {s.value: n for n, s in enumerate(Status)}


def status_key(row: IncidentRow) -> Any:
    return STATUS_ORDER.get(row[FIELD_OF[Column.STATUS]], 99)


def title_key(row: IncidentRow) -> Any:
    return row[FIELD_OF[Column.TITLE]].casefold()


SPECIAL_KEYS: dict[Column, Callable[[IncidentRow], Any]] = {Column.STATUS: status_key, Column.TITLE: title_key}
