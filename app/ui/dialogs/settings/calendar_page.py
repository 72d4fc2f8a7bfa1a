"""Settings page: the business-hours calendar the SLA clock follows (or 24x7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, Qt, QTime, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.process import ProcessSettings
from app.domain.sla import BusinessCalendar
from app.services.settings import SettingsSnapshot
from app.ui.dialogs.settings.base import SettingsPage

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class CalendarPage(SettingsPage):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.heading.setText(self.tr("When the SLA clock runs. Around the clock, or on working days between "
                                     "opening and closing time, minus holidays."))
        self.always = QCheckBox(self.tr("A&round the clock (24 x 7)"), self)
        self.tz = QComboBox(self)
        self.tz.setEditable(True)
        self.tz.addItems(sorted(available_timezones()))
        self.tz.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.tz.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        days = QWidget(self)
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.days = [QCheckBox(self.tr(d), days) for d in DAYS]
        for box in self.days:
            row.addWidget(box)
        row.addStretch(1)
        self.start = QTimeEdit(self)
        self.end = QTimeEdit(self)
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
            t.setMaximumWidth(110)
        self.holidays = QListWidget(self)
        self.holidays.setMaximumHeight(150)
        self.holiday_date = QDateEdit(self)
        self.holiday_date.setCalendarPopup(True)
        self.holiday_date.setDisplayFormat("yyyy-MM-dd")
        self.add_holiday = QPushButton(self.tr("Add &holiday"), self)
        self.remove_holiday = QPushButton(self.tr("Remo&ve holiday"), self)
        hol = QWidget(self)
        hrow = QVBoxLayout(hol)
        hrow.setContentsMargins(0, 0, 0, 0)
        hrow.addWidget(self.holidays)
        buttons = QHBoxLayout()
        buttons.addWidget(self.holiday_date)
        buttons.addWidget(self.add_holiday)
        buttons.addWidget(self.remove_holiday)
        buttons.addStretch(1)
        hrow.addLayout(buttons)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("", self.always)
        form.addRow(self.tr("&Time zone:"), self.tz)
        form.addRow(self.tr("&Working days:"), days)
        form.labelForField(days).setBuddy(self.days[0])  # type: ignore[union-attr]
        form.addRow(self.tr("O&pens at:"), self.start)
        form.addRow(self.tr("C&loses at:"), self.end)
        form.addRow(self.tr("Holi&days:"), hol)
        form.labelForField(hol).setBuddy(self.holidays)  # type: ignore[union-attr]
        self.body.addLayout(form)
        self.body.addStretch(1)
        self._hours_widgets: list[QWidget] = [self.tz, days, self.start, self.end, hol]
        self.always.toggled.connect(self._on_always)
        self.add_holiday.clicked.connect(self._on_add_holiday)
        self.remove_holiday.clicked.connect(self._on_remove_holiday)

    def title(self) -> str:
        return self.tr("Business hours")

    def load(self, snapshot: SettingsSnapshot) -> None:
        super().load(snapshot)
        cal = snapshot.process.calendar
        self.always.setChecked(cal.always)
        self.tz.setCurrentText(cal.tz)
        for n, box in enumerate(self.days):
            box.setChecked(n in cal.weekdays)
        self.start.setTime(QTime(cal.start.hour, cal.start.minute))
        self.end.setTime(QTime(cal.end.hour, cal.end.minute))
        self.holidays.clear()
        for d in sorted(cal.holidays):
            self._add_date(d)
        self.holiday_date.setDate(QDate.currentDate())
        self._on_always(cal.always)

    @Slot(bool)
    def _on_always(self, on: bool) -> None:
        for w in self._hours_widgets:
            w.setEnabled(not on)
            w.setToolTip(self.tr("Untick 'Around the clock' to set business hours.") if on else "")

    def _add_date(self, d: date) -> None:
        if d.isoformat() in {self.holidays.item(i).text() for i in range(self.holidays.count())}:
            return
        item = QListWidgetItem(d.isoformat())
        self.holidays.addItem(item)
        self.holidays.sortItems()

    @Slot()
    def _on_add_holiday(self) -> None:
        q = self.holiday_date.date()
        self._add_date(date(q.year(), q.month(), q.day()))

    @Slot()
    def _on_remove_holiday(self) -> None:
        for item in self.holidays.selectedItems():
            self.holidays.takeItem(self.holidays.row(item))

    def calendar(self) -> BusinessCalendar:
        tz = self.tz.currentText().strip()
        if not self.always.isChecked():
            try:
                ZoneInfo(tz)
            except Exception as exc:  # ZoneInfoNotFoundError, ValueError for odd names
                raise ValidationError(self.tr("'%1' is not a known time zone.").replace("%1", tz), "calendar") \
                    from exc
        s, e = self.start.time(), self.end.time()
        return BusinessCalendar(
            always=self.always.isChecked(), tz=tz or "UTC",
            weekdays=frozenset(n for n, box in enumerate(self.days) if box.isChecked()),
            start=time(s.hour(), s.minute()), end=time(e.hour(), e.minute()),
            holidays=frozenset(date.fromisoformat(self.holidays.item(i).text())
                               for i in range(self.holidays.count())),
        )

    def contribute(self, settings: ProcessSettings) -> ProcessSettings:
        return replace(settings, calendar=self.calendar())
