"""Switch the acting user: every later change is recorded under the chosen member of staff."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QWidget

from app.services.dto import PersonRow
from app.ui.dialogs.form_dialog import FormDialog


@dataclass(frozen=True)
class SwitchUserRequest:
    person_id: int


class SwitchUserDialog(FormDialog):
    def __init__(self, staff: list[PersonRow], current_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Switch user"), self.tr("&Switch"), parent)
        self.set_intro(self.tr("Changes are recorded under the user chosen here. The choice is remembered "
                               "on this computer."))
        self.people = QListWidget(self)
        self.people.setObjectName("switch_user_list")
        for p in staff:
            extra = ", ".join(x for x in (p.role.replace("_", " "), p.login or "") if x)
            item = QListWidgetItem(f"{p.name}  ({extra})", self.people)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            if p.id == current_id:
                self.people.setCurrentItem(item)
        self.people.setMinimumHeight(300)
        self.people.itemActivated.connect(lambda _item: self.accept())
        self.form.addRow(self.people)

    def problem(self) -> str | None:
        return None if self.people.currentItem() is not None else self.tr("Choose a member of staff.")

    def request(self) -> SwitchUserRequest:
        item = self.people.currentItem()
        return SwitchUserRequest(int(item.data(Qt.ItemDataRole.UserRole)))

    @classmethod
    def ask(cls, parent: QWidget | None, staff: list[PersonRow], current_id: int | None) -> SwitchUserRequest | None:
        dlg = cls(staff, current_id, parent)
        return dlg.request() if dlg.exec() == QDialog.DialogCode.Accepted else None
