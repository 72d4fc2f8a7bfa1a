"""Filter combo boxes over labelled enums: an 'all' entry (data None), then one entry per member."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtWidgets import QComboBox, QWidget


def filter_combo(parent: QWidget, all_text: str, members: Iterable[Enum]) -> QComboBox:
    """Item data is the member's value, so a model filter can compare it with stored strings."""
    combo = QComboBox(parent)
    combo.addItem(all_text, None)
    for m in members:
        combo.addItem(parent.tr(m.label), m.value)  # type: ignore[attr-defined]
    return combo
