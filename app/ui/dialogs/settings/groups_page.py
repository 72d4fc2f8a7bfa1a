"""Settings page: assignment groups and their support tiers."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QFormLayout

from app.domain.enums import Tier
from app.services.settings import GroupEntry, SettingsSnapshot
from app.ui.dialogs.settings.catalogue_tree import CatalogueTreePage


class GroupsPage(CatalogueTreePage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("Assignment groups by tier: tier 1 is the service desk that takes every new "
                                     "incident, tier 2 the specialists, tier 3 vendors. Each button saves at once."))
        self.tree.setHeaderHidden(False)
        self.tree.setColumnCount(1)
        self.tree.setHeaderLabels([self.tr("Group")])
        self.tier = QComboBox(self)
        for t in Tier:
            self.tier.addItem(t.label, int(t))
        form = QFormLayout()
        form.addRow(self.tr("Tie&r:"), self.tier)
        self.body.insertLayout(self.body.count() - 1, form)
        self.add_group = self.button(self.tr("New &group"))
        self.update = self.button(self.tr("Sa&ve name and tier"))
        self.toggle = self.button(self.tr("&Deactivate"))
        self.buttons.addStretch(1)
        self.add_group.clicked.connect(self._on_add)
        self.update.clicked.connect(self._on_update)
        self.toggle.clicked.connect(self._on_toggle)
        self._entries: dict[int, GroupEntry] = {}

    def title(self) -> str:
        return self.tr("Assignment groups")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        self._entries = {g.id: g for g in snapshot.groups}
        self.refill()

    def fill(self) -> None:
        tiers = {}
        for t in Tier:
            tiers[int(t)] = self.add_item(self.tree, -int(t), t.label, True)
            tiers[int(t)].setExpanded(True)
        for g in sorted(self._entries.values(), key=lambda g: (g.tier, g.name.casefold())):
            text = g.name + (self.tr(" (service desk)") if g.is_service_desk else "")
            self.add_item(tiers.get(g.tier, self.tree), g.id, text, g.is_active)  # type: ignore[arg-type]

    def current(self) -> GroupEntry | None:
        gid = self.current_id()
        return self._entries.get(gid) if gid is not None else None

    def update_buttons(self) -> None:
        cur = self.current()
        for b in (self.update, self.toggle):
            b.setEnabled(cur is not None)
            b.setToolTip("" if cur is not None else self.tr("Select a group first."))
        if cur is not None and cur.is_service_desk:
            self.toggle.setEnabled(False)
            self.toggle.setToolTip(self.tr("The service desk group takes every new incident; it stays active."))
        self.toggle.setText(self.tr("&Deactivate") if cur is None or cur.is_active else self.tr("Re&activate"))
        if cur is not None:
            self.name.setText(cur.name)
            self.tier.setCurrentIndex(self.tier.findData(cur.tier))

    @Slot()
    def _on_add(self) -> None:
        name, tier = self.name.text(), int(self.tier.currentData())
        self.run(lambda: self.services.settings.add_group(name, tier))

    @Slot()
    def _on_update(self) -> None:
        cur, name, tier = self.current(), self.name.text(), int(self.tier.currentData())
        if cur is not None:
            self.run(lambda: self.services.settings.update_group(cur.id, name=name, tier=tier))

    @Slot()
    def _on_toggle(self) -> None:
        cur = self.current()
        if cur is not None:
            self.run(lambda: self.services.settings.update_group(cur.id, active=not cur.is_active))
