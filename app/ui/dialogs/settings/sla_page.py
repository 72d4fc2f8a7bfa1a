"""Settings page: response and resolution targets per priority."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox

from app.domain.enums import Priority
from app.domain.process import ProcessSettings
from app.domain.sla import SlaPolicy, SlaTargets
from app.services.settings import SettingsSnapshot
from app.ui.dialogs.settings.base import SettingsPage
from app.ui.formatting import duration

MAX_MINUTES = 365 * 24 * 60
MNEMONICS = {Priority.P1: "&1", Priority.P2: "&2", Priority.P3: "&3", Priority.P4: "&4", Priority.P5: "&5"}


class SlaPage(SettingsPage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("Targets in minutes of working time (see Business hours). Response = time "
                                     "to acknowledge; resolution = time to resolve. Warnings at 75 %."))
        grid = QGridLayout()
        for col, text in enumerate(("", self.tr("Response"), "", self.tr("Resolution"), "")):
            grid.addWidget(QLabel(f"<b>{text}</b>", self), 0, col)
        self.response: dict[Priority, QSpinBox] = {}
        self.resolution: dict[Priority, QSpinBox] = {}
        self.hints: dict[Priority, tuple[QLabel, QLabel]] = {}
        for row, p in enumerate(Priority, start=1):
            label = QLabel(f"P{MNEMONICS[p]} - {p.label.split(' - ', 1)[1]}:", self)
            resp, reso = self._spin(), self._spin()
            label.setBuddy(resp)
            h1, h2 = QLabel(self), QLabel(self)
            grid.addWidget(label, row, 0)
            grid.addWidget(resp, row, 1)
            grid.addWidget(h1, row, 2)
            grid.addWidget(reso, row, 3)
            grid.addWidget(h2, row, 4)
            self.response[p], self.resolution[p], self.hints[p] = resp, reso, (h1, h2)
            resp.valueChanged.connect(lambda _v, p=p: self._hint(p))
            reso.valueChanged.connect(lambda _v, p=p: self._hint(p))
        grid.setColumnStretch(5, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def _spin(self) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(1, MAX_MINUTES)
        box.setSuffix(self.tr(" min"))
        box.setMinimumWidth(120)
        return box

    def _hint(self, p: Priority) -> None:
        for box, label in ((self.response[p], self.hints[p][0]), (self.resolution[p], self.hints[p][1])):
            label.setText(f"= {duration(timedelta(minutes=box.value()))}")

    def title(self) -> str:
        return self.tr("SLA targets")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        for p in Priority:
            t = snapshot.process.sla.for_priority(p)
            self.response[p].setValue(int(t.response.total_seconds() // 60))
            self.resolution[p].setValue(int(t.resolution.total_seconds() // 60))
            self._hint(p)

    def set_targets(self, p: Priority, response_min: int, resolution_min: int) -> None:
        self.response[p].setValue(response_min)
        self.resolution[p].setValue(resolution_min)

    def contribute(self, settings: ProcessSettings) -> ProcessSettings:
        targets = {p: SlaTargets(timedelta(minutes=self.response[p].value()),
                                 timedelta(minutes=self.resolution[p].value())) for p in Priority}
        return replace(settings, sla=SlaPolicy(targets))
