"""Settings page: the service catalogue and the configuration items under each service."""

from __future__ import annotations

from PySide6.QtCore import Slot

from app.services.settings import ServiceEntry, SettingsSnapshot
from app.ui.dialogs.settings.catalogue_tree import CatalogueTreePage


class ServicesPage(CatalogueTreePage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("Services and their configuration items (servers, devices, components), "
                                     "offered with completion in the logging wizard. Each button saves at once."))
        self.add_service = self.button(self.tr("New &service"))
        self.add_ci = self.button(self.tr("New configuration &item"))
        self.rename = self.button(self.tr("Re&name"))
        self.toggle = self.button(self.tr("&Deactivate"))
        self.buttons.addStretch(1)
        self.add_service.clicked.connect(
            lambda: self.run(lambda n=self.name.text(): self.services.settings.add_service(n, "service")))
        self.add_ci.clicked.connect(self._on_add_ci)
        self.rename.clicked.connect(self._on_rename)
        self.toggle.clicked.connect(self._on_toggle)
        self._entries: dict[int, ServiceEntry] = {}

    def title(self) -> str:
        return self.tr("Services and CIs")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        self._entries = {s.id: s for s in snapshot.services}
        self.refill()

    def fill(self) -> None:
        entries = sorted(self._entries.values(), key=lambda s: s.name.casefold())
        tops = [s for s in entries if s.parent_id is None or s.parent_id not in self._entries]
        for top in tops:
            item = self.add_item(self.tree, top.id, top.name, top.is_active)
            for ci in (s for s in entries if s.parent_id == top.id):
                self.add_item(item, ci.id, ci.name, ci.is_active)

    def current(self) -> ServiceEntry | None:
        sid = self.current_id()
        return self._entries.get(sid) if sid is not None else None

    def update_buttons(self) -> None:
        cur = self.current()
        for b in (self.add_ci, self.rename, self.toggle):
            b.setEnabled(cur is not None)
            b.setToolTip("" if cur is not None else self.tr("Select a service first."))
        self.toggle.setText(self.tr("&Deactivate") if cur is None or cur.is_active else self.tr("Re&activate"))
        if cur is not None:
            self.name.setText(cur.name)

    @Slot()
    def _on_add_ci(self) -> None:
        cur, name = self.current(), self.name.text()
        if cur is not None:
            parent = cur.id if cur.kind == "service" else cur.parent_id
            self.run(lambda: self.services.settings.add_service(name, "ci", parent))

    @Slot()
    def _on_rename(self) -> None:
        cur, name = self.current(), self.name.text()
        if cur is not None:
            self.run(lambda: self.services.settings.rename_service(cur.id, name))

    @Slot()
    def _on_toggle(self) -> None:
        cur = self.current()
        if cur is not None:
            self.run(lambda: self.services.settings.set_service_active(cur.id, not cur.is_active))
