"""Combo-box delegate: fixed (label, value) choices, or per-cell choices the model offers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """With `choices`, every cell offers that list; without, the model's `choices(index) -> [(value, text)]`."""

    def __init__(self, choices: Sequence[tuple[str, Any]] | QObject | None = None,
                 parent: QObject | None = None) -> None:
        if isinstance(choices, QObject):  # called as ChoiceDelegate(parent)
            choices, parent = None, choices
        super().__init__(parent)
        self._choices = None if choices is None else list(choices)

    def _items(self, index: Index) -> list[tuple[str, Any]]:
        if self._choices is not None:
            return self._choices
        return [(text, value) for value, text in index.model().choices(index)]  # type: ignore[attr-defined]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for label, value in self._items(index):
            combo.addItem(label, value)
        # Commit as soon as a choice is picked, so keyboard users need not leave the cell.
        combo.activated.connect(lambda _=0, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
