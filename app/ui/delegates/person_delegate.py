"""Person delegate: type a name with a completer over staff; the model receives the person's id."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.services.dto import PersonRow

Index = QModelIndex | QPersistentModelIndex


def person_completer(people: Sequence[PersonRow], parent: QWidget | None = None) -> QCompleter:
    completer = QCompleter([p.name for p in people], parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class PersonDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[PersonRow] = []

    def set_people(self, people: Sequence[PersonRow]) -> None:
        self._people = list(people)

    def person_id(self, name: str) -> int | None:
        wanted = name.strip().casefold()
        return next((p.id for p in self._people if p.name.casefold() == wanted), None)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setCompleter(person_completer(self._people, edit))
        edit.setPlaceholderText(self.tr("Type a name…"))
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        name = editor.text().strip()
        if not name:
            model.setData(index, None, Qt.ItemDataRole.EditRole)
            return
        pid = self.person_id(name)
        if pid is not None:  # an unknown name keeps the old owner rather than guessing
            model.setData(index, pid, Qt.ItemDataRole.EditRole)
