"""Settings page: the category tree (categories and their subcategories)."""

from __future__ import annotations

from PySide6.QtCore import Slot

from app.services.settings import CategoryEntry, SettingsSnapshot
from app.ui.dialogs.settings.catalogue_tree import CatalogueTreePage


class CategoriesPage(CatalogueTreePage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("Categories and subcategories offered when incidents are categorized. "
                                     "Each button saves at once; inactive entries stay on old incidents."))
        self.add_top = self.button(self.tr("New &top-level category"))
        self.add_sub = self.button(self.tr("New s&ubcategory"))
        self.rename = self.button(self.tr("Re&name"))
        self.toggle = self.button(self.tr("&Deactivate"))
        self.buttons.addStretch(1)
        self.add_top.clicked.connect(self._on_add_top)
        self.add_sub.clicked.connect(self._on_add_sub)
        self.rename.clicked.connect(self._on_rename)
        self.toggle.clicked.connect(self._on_toggle)
        self._entries: dict[int, CategoryEntry] = {}

    def title(self) -> str:
        return self.tr("Categories")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        self._entries = {c.id: c for c in snapshot.categories}
        self.refill()

    def fill(self) -> None:
        entries = sorted(self._entries.values(), key=lambda c: c.name.casefold())
        for top in (c for c in entries if c.parent_id is None):
            item = self.add_item(self.tree, top.id, top.name, top.is_active)
            for sub in (c for c in entries if c.parent_id == top.id):
                self.add_item(item, sub.id, sub.name, sub.is_active)

    def current(self) -> CategoryEntry | None:
        cid = self.current_id()
        return self._entries.get(cid) if cid is not None else None

    def update_buttons(self) -> None:
        cur = self.current()
        for b in (self.add_sub, self.rename, self.toggle):
            b.setEnabled(cur is not None)
            b.setToolTip("" if cur is not None else self.tr("Select a category first."))
        self.toggle.setText(self.tr("&Deactivate") if cur is None or cur.is_active else self.tr("Re&activate"))
        if cur is not None:
            self.name.setText(cur.name)

    @Slot()
    def _on_add_top(self) -> None:
        name = self.name.text()
        self.run(lambda: self.services.settings.add_category(name))

    @Slot()
    def _on_add_sub(self) -> None:
        cur = self.current()
        if cur is not None:
            parent = cur.parent_id if cur.parent_id is not None else cur.id
            name = self.name.text()
            self.run(lambda: self.services.settings.add_category(name, parent))

    @Slot()
    def _on_rename(self) -> None:
        cur, name = self.current(), self.name.text()
        if cur is not None:
            self.run(lambda: self.services.settings.rename_category(cur.id, name))

    @Slot()
    def _on_toggle(self) -> None:
        cur = self.current()
        if cur is not None:
            self.run(lambda: self.services.settings.set_category_active(cur.id, not cur.is_active))
