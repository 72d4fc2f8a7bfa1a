"""Someone else saved the incident first: show what they changed, then reload and re-apply, or drop your change."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.conflicts import ConflictReport
from app.ui.models.conflict_models import ChangeModel, DifferenceModel


class ConflictChoice(Enum):
    REAPPLY = "reapply"  # reload the incident and save my change on top of theirs
    DISCARD = "discard"  # reload the incident and drop my change


class ConflictDialog(QDialog):
    def __init__(self, report: ConflictReport, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.choice = ConflictChoice.DISCARD
        self.setWindowTitle(self.tr("%1 was changed by someone else").replace("%1", report.number))
        self.setModal(True)
        who = ", ".join(report.actors) or self.tr("Someone else")
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size))
        self.intro = QLabel(self.tr(
            "%1 saved %2 while you were working on it, so your change (%3) was not saved: nothing was "
            "overwritten. Review what changed, then apply your change again on top of the current "
            "incident, or drop it.").replace("%1", who).replace("%2", report.number).replace("%3", action), self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        head = QWidget(self)
        row = QHBoxLayout(head)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.intro, 1)

        self.differences = DifferenceModel(self)
        self.differences.set_rows(report.differences)
        self.diff_view = self._table(self.differences, "conflict_differences")
        self.changes = ChangeModel(self)
        self.changes.set_rows(report.entries)
        self.change_view = self._table(self.changes, "conflict_changes")
        diff_label = QLabel(self.tr("&Fields that differ from what you saw:"), self)
        diff_label.setBuddy(self.diff_view)
        change_label = QLabel(self.tr("&History since your version:"), self)
        change_label.setBuddy(self.change_view)
        if not report.entries:
            self.change_view.setToolTip(self.tr("No history entries after your version (the other computer's "
                                                "clock may be behind); the fields above are exact."))

        self.buttons = QDialogButtonBox(self)
        self.reapply_button = QPushButton(self.tr("&Reload and apply my change again"), self)
        self.reapply_button.setObjectName("conflict_reapply")
        self.reapply_button.setToolTip(self.tr("Saves your change on top of the current version; refused with "
                                               "a reason if it no longer fits."))
        self.discard_button = QPushButton(self.tr("Reload and &drop my change"), self)
        self.discard_button.setObjectName("conflict_discard")
        self.buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reapply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(diff_label)
        layout.addWidget(self.diff_view, 1)
        layout.addWidget(change_label)
        layout.addWidget(self.change_view, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 520)

    def _table(self, model: DifferenceModel | ChangeModel, name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    def accept(self) -> None:
        self.choice = ConflictChoice.REAPPLY
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, report: ConflictReport, action: str) -> ConflictChoice:
        dlg = cls(report, action, parent)
        dlg.exec()
        return dlg.choice
