"""Custom item-data roles shared by models and delegates."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1  # the immutable row object
    ID = Qt.ItemDataRole.UserRole + 2  # the record id
    SORT = Qt.ItemDataRole.UserRole + 3  # a value that sorts right
    SLA = Qt.ItemDataRole.UserRole + 4  # SlaState for the SLA delegate
    PRIORITY = Qt.ItemDataRole.UserRole + 5  # priority number for the badge delegate
    KIND = Qt.ItemDataRole.UserRole + 6  # a row's kind (timeline events: the audit event kind)
