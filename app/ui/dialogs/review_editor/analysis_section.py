"""Root cause, contributing factors and the optional five whys."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.review import ReviewContent
from app.ui.dialogs.review_editor.markdown_field import MarkdownField
from app.ui.dialogs.review_editor.section import ReviewSection


class AnalysisSection(ReviewSection):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root_cause = MarkdownField(self.tr("&Root cause"), self.tr("The underlying cause, blamelessly"), self)
        self.factors = MarkdownField(self.tr("&Contributing factors"), self.tr("What made it worse or likelier"),
                                     self)
        self.whys = QListWidget(self)
        self.whys.setAccessibleName(self.tr("Five whys"))
        self.add_why = QPushButton(self.tr("&Add why"), self)
        self.remove_why = QPushButton(self.tr("Remove why"), self)
        self.remove_why.setToolTip(self.tr("Remove the selected step"))
        label = QLabel(self.tr("<b>Five whys</b> (optional; double-click a step to reword it)"), self)
        label.setBuddy(self.whys)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_why)
        buttons.addWidget(self.remove_why)
        buttons.addStretch(1)
        whys = QVBoxLayout()
        whys.addWidget(label)
        whys.addWidget(self.whys, 1)
        whys.addLayout(buttons)
        left = QVBoxLayout()
        left.addWidget(self.root_cause, 1)
        left.addWidget(self.factors, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(whys, 2)
        self._loading = False
        self._read_only = False
        self.root_cause.text_edited.connect(self.content_edited)
        self.factors.text_edited.connect(self.content_edited)
        self.whys.itemChanged.connect(self._on_item_changed)
        self.add_why.clicked.connect(lambda: self.append_why(""))
        self.remove_why.clicked.connect(self._remove_selected)

    def title(self) -> str:
        return self.tr("Root cause")

    def why_texts(self) -> tuple[str, ...]:
        return tuple(self.whys.item(i).text() for i in range(self.whys.count()))

    def append_why(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.whys.addItem(item)
        self._renumber()
        if not text:
            self.whys.setCurrentItem(item)
            self.whys.editItem(item)
        else:
            self.content_edited.emit()
        return item

    def load(self, content: ReviewContent) -> None:
        self._loading = True
        try:
            self.root_cause.set_text(content.root_cause)
            self.factors.set_text(content.contributing_factors)
            self.whys.clear()
            for w in content.five_whys:
                item = QListWidgetItem(w)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.whys.addItem(item)
            self._renumber()
        finally:
            self._loading = False

    def collect(self, content: ReviewContent) -> ReviewContent:
        return replace(content, root_cause=self.root_cause.text(), contributing_factors=self.factors.text(),
                       five_whys=tuple(w for w in self.why_texts() if w.strip()))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.root_cause.set_read_only(read_only)
        self.factors.set_read_only(read_only)
        why = self.tr("The review is published and read-only") if read_only else ""
        for b in (self.add_why, self.remove_why):
            b.setEnabled(not read_only)
            b.setToolTip(why or b.toolTip())
        self.whys.setEditTriggers(QListWidget.EditTrigger.NoEditTriggers if read_only else
                                  QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed)

    def _renumber(self) -> None:
        for i in range(self.whys.count()):
            self.whys.item(i).setToolTip(self.tr("Why #%1").replace("%1", str(i + 1)))

    @Slot(QListWidgetItem)
    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.content_edited.emit()

    @Slot()
    def _remove_selected(self) -> None:
        row = self.whys.currentRow()
        if row >= 0 and not self._read_only:
            self.whys.takeItem(row)
            self._renumber()
            self.content_edited.emit()
