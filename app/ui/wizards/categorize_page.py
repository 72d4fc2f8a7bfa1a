"""Categorize & prioritize: category tree with search, impact x urgency on the live matrix, SLA, major flag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Priority
from app.domain.errors import ValidationError
from app.domain.process import ProcessSettings
from app.domain.sla import due_at
from app.domain.validation import clean_text
from app.services.dto import IncidentDetail
from app.services.settings import SettingsSnapshot
from app.ui.formatting import duration, local
from app.ui.wizards.description_page import text_box
from app.ui.wizards.form_page import FormPage

CATEGORY_ID = Qt.ItemDataRole.UserRole


class CategorizePage(FormPage):
    priority_changed = Signal(int)

    def __init__(self, snapshot: SettingsSnapshot, now: Callable[[], datetime],
                 original: IncidentDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot = snapshot
        self.settings: ProcessSettings = snapshot.process
        self.now = now
        self.original = original
        self.setTitle(self.tr("Categorize and prioritize") if original is None else
                      self.tr("Re-categorize %1").replace("%1", original.number))
        self.setSubTitle(self.tr("Pick the category, then impact and urgency: the matrix gives the priority and "
                                 "the SLA targets."))
        matrix = self.settings.matrix
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Filter categories"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(240)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._fill_tree()
        self.impact = QComboBox(self)
        self.urgency = QComboBox(self)
        for level in matrix.levels:
            self.impact.addItem(matrix.level_label(level), level)
            self.urgency.addItem(matrix.level_label(level), level)
        self.matrix = QTableWidget(matrix.size, matrix.size, self)
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.setTabKeyNavigation(False)
        self.matrix.setToolTip(self.tr("Rows: impact, columns: urgency. Arrow keys or a click choose a cell."))
        self.matrix.setHorizontalHeaderLabels([self.tr("U: %1").replace("%1", matrix.level_label(u))
                                               for u in matrix.levels])
        self.matrix.setVerticalHeaderLabels([self.tr("I: %1").replace("%1", matrix.level_label(i))
                                             for i in matrix.levels])
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for i in matrix.levels:
            for u in matrix.levels:
                item = QTableWidgetItem(matrix.priority(i, u).short)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.matrix.setItem(i - 1, u - 1, item)
        rows = matrix.size + 1
        self.matrix.setFixedHeight(self.matrix.horizontalHeader().sizeHint().height() + rows * 26)
        self.priority_label = QLabel(self)
        big = QFont(self.priority_label.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.25)
        self.priority_label.setFont(big)
        self.sla_label = QLabel(self)
        self.sla_label.setWordWrap(True)
        self.major = QCheckBox(self.tr("Maj&or incident"), self)
        self.justification = text_box(self, 2)
        self.justification.setPlaceholderText(self.tr("Why this is a major incident"))
        self.reason = text_box(self, 2)
        self.reason.setPlaceholderText(self.tr("Required when the priority changes; kept in the audit trail"))

        left = QVBoxLayout()
        self.left = left  # wizards add page-level messages under the tree
        search_label = QLabel(self.tr("Searc&h categories:"), self)
        search_label.setBuddy(self.search)
        tree_label = QLabel(self.tr("&Category:"), self)
        tree_label.setBuddy(self.tree)
        left.addWidget(search_label)
        left.addWidget(self.search)
        left.addWidget(tree_label)
        left.addWidget(self.tree, 1)
        msg_category = self._message("category", self.tree)
        left.addWidget(msg_category)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.add_row(form, self.tr("&Impact:"), self.impact, "impact")
        self.add_row(form, self.tr("&Urgency:"), self.urgency, "urgency")
        form.addRow(self.tr("Priority &matrix:"), self.matrix)
        form.addRow(self.tr("Priority:"), self.priority_label)
        form.addRow(self.tr("SLA targets:"), self.sla_label)
        form.addRow("", self.major)
        self.add_row(form, self.tr("&Justification:"), self.justification, "major_justification")
        if original is not None:
            self.add_row(form, self.tr("&Reason for the\npriority change:"), self.reason, "reason")
        else:
            self.reason.hide()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._jump_to_first_match)
        self.impact.currentIndexChanged.connect(self._update)
        self.urgency.currentIndexChanged.connect(self._update)
        self.matrix.currentCellChanged.connect(self._on_cell)
        self.major.toggled.connect(self._on_major)
        self._set_from(original)
        self._on_major(self.major.isChecked())
        self._update()

    def _message(self, field: str, widget: QWidget) -> QWidget:
        from app.ui.wizards.field_message import FieldMessage

        msg = FieldMessage(self)
        self.messages[field] = msg
        self.widgets[field] = widget
        return msg

    # -- category tree ----------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        cats = [c for c in self.snapshot.categories if c.is_active]
        tops = sorted((c for c in cats if c.parent_id is None), key=lambda c: c.name.casefold())
        for top in tops:
            item = QTreeWidgetItem(self.tree, [top.name])
            item.setData(0, CATEGORY_ID, top.id)
            self._items[top.id] = item
            for child in sorted((c for c in cats if c.parent_id == top.id), key=lambda c: c.name.casefold()):
                sub = QTreeWidgetItem(item, [child.name])
                sub.setData(0, CATEGORY_ID, child.id)
                self._items[child.id] = sub

    @Slot(str)
    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            top_hit = needle in top.text(0).casefold()
            any_child = False
            for c in range(top.childCount()):
                child = top.child(c)
                hit = not needle or top_hit or needle in child.text(0).casefold()
                child.setHidden(not hit)
                any_child = any_child or hit
            top.setHidden(bool(needle) and not (top_hit or any_child))
            top.setExpanded(bool(needle) and any_child)

    @Slot()
    def _jump_to_first_match(self) -> None:
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            if top.isHidden():
                continue
            target = next((top.child(c) for c in range(top.childCount()) if not top.child(c).isHidden()), top)
            self.tree.setCurrentItem(target)
            self.tree.setFocus()
            return

    def set_category(self, category_id: int | None) -> None:
        item = self._items.get(category_id) if category_id is not None else None
        if item is not None:
            if item.parent() is not None:
                item.parent().setExpanded(True)
            self.tree.setCurrentItem(item)
        else:
            self.tree.setCurrentItem(None)  # type: ignore[arg-type]

    def category_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, CATEGORY_ID))

    def category_path(self) -> str:
        return self.snapshot.category_path(self.category_id())

    # -- impact, urgency and the matrix -----------------------------------------------------------

    def _set_from(self, original: IncidentDetail | None) -> None:
        size = self.settings.matrix.size
        impact = original.impact if original is not None else size
        urgency = original.urgency if original is not None else size
        self.set_levels(min(impact, size), min(urgency, size))
        if original is not None:
            self.set_category(original.category.id if original.category else None)
            self.major.setChecked(original.is_major)
            self.justification.setPlainText(original.major_justification or "")

    def set_levels(self, impact: int, urgency: int) -> None:
        self.impact.setCurrentIndex(impact - 1)
        self.urgency.setCurrentIndex(urgency - 1)

    def impact_level(self) -> int:
        return int(self.impact.currentData())

    def urgency_level(self) -> int:
        return int(self.urgency.currentData())

    def priority(self) -> Priority:
        return self.settings.matrix.priority(self.impact_level(), self.urgency_level())

    @Slot(int, int, int, int)
    def _on_cell(self, row: int, col: int, _prev_row: int, _prev_col: int) -> None:
        if row >= 0 and col >= 0 and (row + 1, col + 1) != (self.impact_level(), self.urgency_level()):
            self.set_levels(row + 1, col + 1)

    @Slot()
    def _update(self) -> None:
        i, u = self.impact_level(), self.urgency_level()
        pal = self.palette()
        for r in range(self.matrix.rowCount()):
            for c in range(self.matrix.columnCount()):
                item = self.matrix.item(r, c)
                chosen = (r + 1, c + 1) == (i, u)
                item.setBackground(pal.color(QPalette.ColorRole.Highlight) if chosen else pal.color(
                    QPalette.ColorRole.Base))
                item.setForeground(pal.color(QPalette.ColorRole.HighlightedText) if chosen else pal.color(
                    QPalette.ColorRole.Text))
                font = item.font()
                font.setBold(chosen)
                item.setFont(font)
        if (self.matrix.currentRow(), self.matrix.currentColumn()) != (i - 1, u - 1):
            self.matrix.setCurrentCell(i - 1, u - 1)
        p = self.priority()
        text = p.label
        if self.original is not None and int(p) != self.original.priority:
            text += "  " + self.tr("(was P%1)").replace("%1", str(self.original.priority))
        self.priority_label.setText(text)
        self.sla_label.setText(self.sla_text(p))
        if self.original is not None:
            changed = int(p) != self.original.priority
            self.reason.setEnabled(changed)
            self.reason.setToolTip("" if changed else self.tr("The priority is unchanged: no reason needed."))
        self.priority_changed.emit(int(p))

    def sla_text(self, p: Priority) -> str:
        targets = self.settings.sla.for_priority(p)
        start = self.original.logged_at if self.original is not None else self.now()
        cal = self.settings.calendar
        response = due_at(start, targets.response, [], cal)
        resolution = due_at(start, targets.resolution, [], cal)
        hours = "" if cal.always else " " + self.tr("(business hours)")
        return self.tr("Response within %1 (by %2), resolution within %3 (by %4)%5").replace(
            "%1", duration(targets.response)).replace("%2", local(response)).replace(
            "%3", duration(targets.resolution)).replace("%4", local(resolution)).replace("%5", hours)

    def due_times(self) -> tuple[datetime | None, datetime | None]:
        targets = self.settings.sla.for_priority(self.priority())
        start = self.original.logged_at if self.original is not None else self.now()
        cal = self.settings.calendar
        return due_at(start, targets.response, [], cal), due_at(start, targets.resolution, [], cal)

    # -- major flag and reason --------------------------------------------------------------------

    @Slot(bool)
    def _on_major(self, on: bool) -> None:
        self.justification.setEnabled(on)
        self.justification.setToolTip("" if on else self.tr("Tick 'Major incident' to give a justification."))

    def is_major(self) -> bool:
        return self.major.isChecked()

    def justification_text(self) -> str | None:
        return (self.justification.toPlainText().strip() or None) if self.is_major() else None

    def reason_text(self) -> str | None:
        return self.reason.toPlainText().strip() or None

    def priority_changes(self) -> bool:
        return self.original is not None and int(self.priority()) != self.original.priority

    # -- validation -------------------------------------------------------------------------------

    def _check_category(self) -> None:
        if self.category_id() is None:
            raise ValidationError(self.tr("Choose a category."), "category")

    def _check_major(self) -> None:
        text = clean_text(self.justification.toPlainText(), "major_justification", self.tr("Justification"))
        if self.is_major() and not text:
            raise ValidationError(self.tr("A major incident needs a justification."), "major_justification")

    def _check_reason(self) -> None:
        text = clean_text(self.reason.toPlainText(), "reason", self.tr("Reason"))
        if self.priority_changes() and not text:
            raise ValidationError(self.tr("The priority changes from P%1 to %2: give a reason.").replace(
                "%1", str(self.original.priority)).replace("%2", self.priority().short), "reason")  # type: ignore[union-attr]

    def validatePage(self) -> bool:
        return self.check(self._check_category, self._check_major, self._check_reason)

    def has_input(self) -> bool:
        return self.category_id() is not None or self.is_major()
