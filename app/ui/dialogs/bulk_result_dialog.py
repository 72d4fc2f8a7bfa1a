"""After a bulk action: how many incidents changed and, for each refused one, why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.bulk import BulkOutcome


class BulkResultDialog(QDialog):
    def __init__(self, outcome: BulkOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("%1: result").replace("%1", self.tr(outcome.op.label)))
        head = QLabel(self.tr("%1 of %2 incidents changed; %3 refused:").replace("%1", str(len(outcome.done)))
                      .replace("%2", str(outcome.total)).replace("%3", str(len(outcome.refused))), self)
        head.setWordWrap(True)
        self.table = QTableWidget(len(outcome.refused), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Incident"), self.tr("Why it was refused")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, refusal in enumerate(outcome.refused):
            self.table.setItem(r, 0, QTableWidgetItem(refusal.number))
            self.table.setItem(r, 1, QTableWidgetItem(refusal.reason))
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 320)

    @classmethod
    def show_outcome(cls, parent: QWidget | None, outcome: BulkOutcome) -> None:
        """Show the refusals (modal). Tests replace this method."""
        cls(outcome, parent).exec()
