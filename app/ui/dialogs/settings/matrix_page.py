"""Settings page: the impact x urgency priority matrix, 3x3 or 5x5, every cell editable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
)

from app.domain.enums import Priority
from app.domain.priority import PriorityMatrix
from app.domain.process import ProcessSettings
from app.services.settings import SettingsSnapshot
from app.ui.dialogs.settings.base import SettingsPage

SIZES = (3, 5)


class MatrixPage(SettingsPage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("Priority = impact (rows) x urgency (columns). New and re-categorized "
                                     "incidents use the saved matrix; existing priorities stay as they are."))
        self.size = QComboBox(self)
        self.size.addItem(self.tr("3 x 3 (ITIL default)"), 3)
        self.size.addItem(self.tr("5 x 5"), 5)
        self.reset = QPushButton(self.tr("R&eset cells to the default"), self)
        self.grid = QTableWidget(self)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.cells: dict[tuple[int, int], QComboBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("Matrix si&ze:"), self.size)
        form.addRow("", self.reset)
        grid_label = QLabel(self.tr("Cell&s:"), self)
        grid_label.setBuddy(self.grid)
        form.addRow(grid_label, self.grid)
        self.body.addLayout(form)
        self.size.activated.connect(self._on_size)
        self.reset.clicked.connect(self._on_reset)

    def title(self) -> str:
        return self.tr("Priority matrix")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        self.show_matrix(snapshot.process.matrix)

    def show_matrix(self, matrix: PriorityMatrix) -> None:
        self.size.setCurrentIndex(SIZES.index(matrix.size))
        n = matrix.size
        self.grid.clear()
        self.grid.setRowCount(n)
        self.grid.setColumnCount(n)
        self.grid.setHorizontalHeaderLabels([self.tr("Urgency\n%1").replace("%1", matrix.level_label(u))
                                             for u in matrix.levels])
        self.grid.setVerticalHeaderLabels([self.tr("Impact %1").replace("%1", matrix.level_label(i))
                                           for i in matrix.levels])
        self.cells.clear()
        for i in matrix.levels:
            for u in matrix.levels:
                box = QComboBox(self.grid)
                for p in Priority:
                    box.addItem(p.short, int(p))
                    box.setItemData(int(p) - 1, p.label, Qt.ItemDataRole.ToolTipRole)
                box.setCurrentIndex(int(matrix.priority(i, u)) - 1)
                box.setAccessibleName(f"impact {i} urgency {u}")
                self.grid.setCellWidget(i - 1, u - 1, box)
                self.cells[(i, u)] = box

    def set_cell(self, impact: int, urgency: int, priority: Priority) -> None:
        self.cells[(impact, urgency)].setCurrentIndex(int(priority) - 1)

    def matrix(self) -> PriorityMatrix:
        n = int(self.size.currentData())
        return PriorityMatrix(n, {k: Priority(int(box.currentData())) for k, box in self.cells.items()})

    @Slot()
    def _on_size(self) -> None:
        n = int(self.size.currentData())
        if n != self.grid.rowCount():
            self.show_matrix(PriorityMatrix.itil_3x3() if n == 3 else PriorityMatrix.itil_5x5())

    @Slot()
    def _on_reset(self) -> None:
        n = int(self.size.currentData())
        self.show_matrix(PriorityMatrix.itil_3x3() if n == 3 else PriorityMatrix.itil_5x5())

    def contribute(self, settings: ProcessSettings) -> ProcessSettings:
        from dataclasses import replace

        return replace(settings, matrix=self.matrix())
