"""People involved in the incident and the review; names complete from the staff directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.domain.review import ReviewContent
from app.services.dto import PersonRow
from app.ui.delegates.person_delegate import person_completer
from app.ui.dialogs.review_editor.section import ReviewSection


class ParticipantsSection(ReviewSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Participants"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Name (staff names complete; anyone else can be typed)"))
        self.add = QPushButton(self.tr("&Add"), self)
        self.remove = QPushButton(self.tr("&Remove"), self)
        label = QLabel(self.tr("&Person:"), self)
        label.setBuddy(self.name)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.name, 1)
        row.addWidget(self.add)
        row.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Participants</b>: everyone who worked the incident or joined the "
                                        "review"), self))
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.add.clicked.connect(self._on_add)
        self.name.returnPressed.connect(self._on_add)
        self.remove.clicked.connect(self._on_remove)

    def title(self) -> str:
        return self.tr("Participants")

    def set_people(self, people: Sequence[PersonRow]) -> None:
        self.name.setCompleter(person_completer(people, self.name))

    def names(self) -> tuple[str, ...]:
        return tuple(self.list.item(i).text() for i in range(self.list.count()))

    def add_name(self, name: str) -> bool:
        name = name.strip()
        if not name or name.casefold() in {n.casefold() for n in self.names()}:
            return False
        self.list.addItem(name)
        self.content_edited.emit()
        return True

    def load(self, content: ReviewContent) -> None:
        self.list.clear()
        self.list.addItems(list(content.participants))

    def collect(self, content: ReviewContent) -> ReviewContent:
        return replace(content, participants=self.names())

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.name, self.add, self.remove):
            w.setEnabled(not read_only)
            w.setToolTip(self.tr("The review is published and read-only") if read_only else "")

    @Slot()
    def _on_add(self) -> None:
        if self.add_name(self.name.text()):
            self.name.clear()

    @Slot()
    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.content_edited.emit()
