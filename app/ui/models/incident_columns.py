"""Columns of the incident queue, in default order, with their headers."""

from __future__ import annotations

from enum import IntEnum


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
        return HEADERS[self]


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
