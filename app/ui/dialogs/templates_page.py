"""Communication templates page: list, edit with placeholder help and live checks; usable as a settings page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.communication import Audience, label_of
from app.domain.errors import DomainError
from app.domain.templates import PLACEHOLDERS, describe_unknown, unknown_placeholders
from app.services.app import Services
from app.services.communications import TemplateDraft, TemplateRow
from app.ui.models.roles import Role
from app.ui.runner import Runner

Index = QModelIndex | QPersistentModelIndex


class TemplateListModel(QAbstractListModel):
    """Templates by name, with their audience in the tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TemplateRow] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        t = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return t.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"For: {label_of(Audience, t.audience) or 'any audience'}\n{t.subject}"
        if role == Role.ROW:
            return t
        if role == Role.ID:
            return t.id
        return None

    def set_rows(self, rows: Sequence[TemplateRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TemplateRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, template_id: int) -> int:
        return next((i for i, t in enumerate(self._rows) if t.id == template_id), -1)


class TemplatesPage(QWidget):
    """A page for the settings dialog (or standalone in TemplatesDialog); saves each template on its own."""

    templates_loaded = Signal(int)
    template_saved = Signal(object)  # TemplateRow

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self._current: TemplateRow | None = None
        self._select_after: int | None = None
        self.model = TemplateListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Templates"))
        self.new_button = QPushButton(self.tr("&New"), self)
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.new_button)
        lb.addWidget(self.delete_button)
        lv.addLayout(lb)

        self.name = QLineEdit(self)
        self.name.setMaxLength(100)
        self.audience = QComboBox(self)
        self.audience.addItem(self.tr("Any audience"), None)
        for a in Audience:
            self.audience.addItem(self.tr(a.label), a.value)
        self.subject = QLineEdit(self)
        self.subject.setMaxLength(300)
        self.body = QPlainTextEdit(self)
        self.body.setTabChangesFocus(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("template_problem")
        self.problem.setStyleSheet("QLabel#template_problem { color: palette(highlighted-text); "
                                   "background: palette(highlight); padding: 4px; border-radius: 3px; }")
        self.problem.hide()
        self.placeholders = QListWidget(self)
        self.placeholders.setAccessibleName(self.tr("Placeholders"))
        self.placeholders.setToolTip(self.tr("Double-click or press Enter to insert at the cursor"))
        for name, meaning in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}  \u2013  {meaning}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.placeholders.addItem(item)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.revert_button = QPushButton(self.tr("Re&vert"), self)

        form = QFormLayout()
        form.addRow(self.tr("Na&me:"), self.name)
        form.addRow(self.tr("A&udience:"), self.audience)
        form.addRow(self.tr("Su&bject:"), self.subject)
        form.addRow(self.tr("Me&ssage:"), self.body)
        form.addRow(self.tr("&Placeholders:"), self.placeholders)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(form, 1)
        rv.addWidget(self.problem)
        rb = QHBoxLayout()
        rb.addStretch(1)
        rb.addWidget(self.revert_button)
        rb.addWidget(self.save_button)
        rv.addLayout(rb)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

        self.list.selectionModel().currentRowChanged.connect(self._on_current)
        self.new_button.clicked.connect(self.new_template)
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._edit(self._current))
        self.placeholders.itemActivated.connect(self._insert_placeholder)
        for w in (self.subject, self.name):
            w.textChanged.connect(self._check)
        self.body.textChanged.connect(self._check)
        self._edit(None)
        self.reload()

    def reload(self) -> None:
        self.runner.run(self.services.communications.templates, self._loaded)

    def _loaded(self, rows: list[TemplateRow]) -> None:
        keep = self._select_after or (self._current.id if self._current else None)
        self._select_after = None
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else -1
        self.list.setCurrentIndex(self.model.index(row if row >= 0 else 0, 0))
        if not rows:
            self._edit(None)
        self.templates_loaded.emit(len(rows))

    @Slot()
    def _on_current(self) -> None:
        self._edit(self.model.row_at(self.list.currentIndex().row()))

    def _edit(self, t: TemplateRow | None) -> None:
        self._current = t
        self.name.setText(t.name if t else "")
        pos = self.audience.findData(t.audience if t else None)
        self.audience.setCurrentIndex(max(0, pos))
        self.subject.setText(t.subject if t else "")
        self.body.setPlainText(t.body if t else "")
        self.delete_button.setEnabled(t is not None)
        self.delete_button.setToolTip("" if t else self.tr("Select a template to delete"))
        self._check()

    @Slot()
    def new_template(self) -> None:
        self.list.clearSelection()
        self._edit(None)
        self.name.setText(self.tr("New template"))
        self.subject.setText("[{number}] {title}")
        self.body.setPlainText("Status: {status}\n\nNext update by {next_update}.")
        self.name.setFocus()
        self.name.selectAll()

    def draft(self) -> TemplateDraft:
        return TemplateDraft(name=self.name.text(), subject=self.subject.text(), body=self.body.toPlainText(),
                             audience=self.audience.currentData(), id=self._current.id if self._current else None)

    @Slot()
    def _check(self) -> None:
        """Unknown placeholders and empty fields are shown as they are typed; Save says why it is disabled."""
        unknown = unknown_placeholders(self.subject.text() + "\n" + self.body.toPlainText())
        if not self.name.text().strip():
            problem = self.tr("Give the template a name.")
        elif not self.subject.text().strip() or not self.body.toPlainText().strip():
            problem = self.tr("A template needs a subject and a message.")
        elif unknown:
            problem = describe_unknown(unknown)
        else:
            problem = ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.save_button.setEnabled(not problem)
        self.save_button.setToolTip(problem or self.tr("Save this template"))

    @Slot(QListWidgetItem)
    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        self.body.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.body.setFocus()

    @Slot()
    def save(self) -> None:
        draft = self.draft()
        self.runner.mutate(lambda: self.services.communications.save_template(draft), self._saved, self._refused)

    def _saved(self, row: TemplateRow) -> None:
        self._current = row
        self._select_after = row.id
        self.template_saved.emit(row)
        self.reload()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.problem.setText(str(exc))
            self.problem.show()
        else:
            self.runner.error_raised.emit(exc)

    @Slot()
    def delete_current(self) -> None:
        t = self._current
        if t is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete template"), self.tr(
            "Delete the template '%1'? Messages already recorded from it stay as they are.").replace("%1", t.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._current = None
        self.runner.mutate(lambda: self.services.communications.delete_template(t.id), lambda _: self.reload(),
                           self._refused)


class TemplatesDialog(QDialog):
    """The templates page on its own, until it becomes a page of the settings dialog."""

    def __init__(self, services: Services, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Communication templates"))
        self.page = TemplatesPage(services, runner, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)
