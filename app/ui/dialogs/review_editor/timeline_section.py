"""The review's timeline: generated from the record, then reworded, extended or trimmed by the author."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.review import ReviewContent, TimelineEntry, merge_timeline
from app.ui.dialogs.review_editor.section import ReviewSection
from app.ui.models.review_timeline_model import ReviewTimelineModel, TimelineColumn


class TimelineSection(ReviewSection):
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReviewTimelineModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Timeline"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TimelineColumn.ENTRY, QHeaderView.ResizeMode.Stretch)
        for col, width in ((TimelineColumn.KEY, 44), (TimelineColumn.WHEN, 140), (TimelineColumn.ELAPSED, 80),
                           (TimelineColumn.GAP, 70), (TimelineColumn.KIND, 110), (TimelineColumn.WHO, 130)):
            self.table.setColumnWidth(col, width)
        self.add = QPushButton(self.tr("&Add entry"), self)
        self.remove = QPushButton(self.tr("&Remove entry"), self)
        self.refresh = QPushButton(self.tr("Add &missing from record"), self)
        self.refresh.setToolTip(self.tr("Add entries from the audit trail and communications that are not in "
                                        "the timeline yet; your wording is kept"))
        hint = QLabel(self.tr("Double-click to reword an entry or change its time; tick <b>Key</b> for key moments. "
                              "Editing here never changes the audit trail."), self)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.add, self.remove, self.refresh):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.model.entries_edited.connect(self.content_edited)
        self.add.clicked.connect(self._on_add)
        self.remove.clicked.connect(self._on_remove)
        self.refresh.clicked.connect(self.refresh_requested)
        self._start: datetime | None = None

    def title(self) -> str:
        return self.tr("Timeline")

    def set_start(self, start: datetime) -> None:
        self._start = start

    def load(self, content: ReviewContent) -> None:
        self.model.set_entries(content.timeline, self._start)

    def collect(self, content: ReviewContent) -> ReviewContent:
        return replace(content, timeline=tuple(self.model.entries()))

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)
        why = self.tr("The review is published and read-only") if read_only else ""
        for b in (self.add, self.remove, self.refresh):
            b.setEnabled(not read_only)
            if read_only:
                b.setToolTip(why)

    def add_entry(self, text: str, at: datetime | None = None, key: bool = False) -> int:
        entries = self.model.entries()
        fallback = self._start or datetime.now().astimezone()
        when = at or (entries[-1].at + timedelta(minutes=1) if entries else fallback)
        row = self.model.add_entry(TimelineEntry(when, text, "manual", key))
        self.table.selectRow(row)
        return row

    def merge(self, generated: Sequence[TimelineEntry]) -> int:
        """Add generated entries not yet present; returns how many were added."""
        current = self.model.entries()
        merged = merge_timeline(current, generated)
        added = len(merged) - len(current)
        if added:
            self.model.set_entries(merged)
            self.content_edited.emit()
        return added

    @Slot()
    def _on_add(self) -> None:
        row = self.add_entry(self.tr("New entry"))
        self.table.edit(self.model.index(row, TimelineColumn.ENTRY))

    @Slot()
    def _on_remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        self.model.remove_rows(rows)
