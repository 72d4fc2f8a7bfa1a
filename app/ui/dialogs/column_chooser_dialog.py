"""Column chooser: tick the queue columns to show and put them in order (drag, or Alt+Up/Alt+Down)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.models.incident_columns import Column


class ColumnChooserDialog(QDialog):
    def __init__(self, header: QHeaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Queue columns"))
        self.header = header
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Columns"))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for col in sorted(Column, key=header.visualIndex):
            item = QListWidgetItem(col.header)
            item.setData(Qt.ItemDataRole.UserRole, int(col))
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if col == Column.NUMBER:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
                item.setToolTip(self.tr("The number identifies the incident and is always shown"))
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Unchecked if header.isSectionHidden(col) else Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        up = QPushButton(self.tr("Move &up"), self)
        up.setShortcut("Alt+Up")
        down = QPushButton(self.tr("Move &down"), self)
        down.setShortcut("Alt+Down")
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        side = QVBoxLayout()
        side.addWidget(up)
        side.addWidget(down)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        hint = QLabel(self.tr("Ticked columns are shown, top to bottom from left to right. Space ticks."), self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(360, 420)

    @Slot()
    def move(self, step: int) -> None:
        r = self.list.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(r)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def chosen(self) -> list[tuple[Column, bool]]:
        """(column, visible) in the chosen order."""
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            col = Column(int(item.data(Qt.ItemDataRole.UserRole)))
            out.append((col, col == Column.NUMBER or item.checkState() == Qt.CheckState.Checked))
        return out

    def apply(self) -> None:
        for visual, (col, visible) in enumerate(self.chosen()):
            self.header.moveSection(self.header.visualIndex(col), visual)
            self.header.setSectionHidden(col, not visible)

    @classmethod
    def ask(cls, parent: QWidget, header: QHeaderView) -> bool:
        """Show the dialog; on OK apply the choice to the header. Tests replace this method."""
        dlg = cls(header, parent)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        dlg.apply()
        return True
