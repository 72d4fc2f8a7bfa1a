"""Date picker delegate: a QDateEdit with a calendar popup; the earliest date stands for 'no date'."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDateEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

Index = QModelIndex | QPersistentModelIndex
NO_DATE = QDate(2000, 1, 1)


class DateDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("No date"))
        edit.setToolTip(self.tr("Pick the due date; step down to the first date to clear it"))
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value: Any = index.data(Qt.ItemDataRole.EditRole)
        assert isinstance(editor, QDateEdit)
        editor.setDate(value if isinstance(value, QDate) and value.isValid() else QDate.currentDate())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QDateEdit)
        d = editor.date()
        model.setData(index, None if d == NO_DATE else d, Qt.ItemDataRole.EditRole)
