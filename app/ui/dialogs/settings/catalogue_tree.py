"""Shared layout of the catalogue pages: a two-level tree, a name field and buttons that save at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem

from app.ui.dialogs.settings.base import SettingsPage

ENTRY_ID = Qt.ItemDataRole.UserRole


class CatalogueTreePage(SettingsPage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.name = QLineEdit(self)
        self.buttons = QHBoxLayout()
        self.items: dict[int, QTreeWidgetItem] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Na&me:"), self.name)
        self.body.addWidget(self.tree, 1)
        self.body.addLayout(form)
        self.body.addLayout(self.buttons)
        self.tree.currentItemChanged.connect(self._on_current)

    def saves_immediately(self) -> bool:
        return True

    def button(self, text: str) -> QPushButton:
        b = QPushButton(text, self)
        self.buttons.addWidget(b)
        return b

    def add_item(self, parent: QTreeWidgetItem | QTreeWidget, entry_id: int, text: str,
                 active: bool) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text if active else self.tr("%1 (inactive)").replace("%1", text)])
        item.setData(0, ENTRY_ID, entry_id)
        if not active:
            font = QFont(item.font(0))
            font.setItalic(True)
            item.setFont(0, font)
        self.items[entry_id] = item
        return item

    def current_id(self) -> int | None:
        item = self.tree.currentItem()
        return None if item is None else int(item.data(0, ENTRY_ID))

    def select(self, entry_id: int | None) -> None:
        item = self.items.get(entry_id) if entry_id is not None else None
        if item is not None:
            self.tree.setCurrentItem(item)

    def refill(self) -> None:
        """Rebuild the tree keeping the current entry and the expanded branches."""
        current = self.current_id()
        expanded = {i for i, item in self.items.items() if item.isExpanded()}
        self.tree.clear()
        self.items.clear()
        self.fill()
        for i in expanded:
            if i in self.items:
                self.items[i].setExpanded(True)
        self.select(current)
        self._on_current()

    def fill(self) -> None:
        raise NotImplementedError

    @Slot()
    def _on_current(self) -> None:
        self.update_buttons()

    def update_buttons(self) -> None:
        """Enable what makes sense for the current entry; a disabled button says why in its tooltip."""
