"""CSV export of the current queue view (or a logging-date range): options, then a cancellable long job."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.queue_filter import QueueFilter
from app.export.csv_safe import CsvOptions
from app.services.app import Services
from app.services.exports import ExportRequest, ExportResult, columns_for_queue, sort_for_queue
from app.ui.dialogs.progress import LongJob


def queue_view_layout(queue: Any) -> tuple[list[str], str | None, bool]:
    """Visible queue columns in on-screen order and the sort column, read from the queue's table and model.

    Read defensively (duck typing): the queue panel may change shape, and an export then falls back to the
    standard queue columns rather than failing.
    """
    names: list[str] = []
    sort_name: str | None = None
    descending = True
    try:
        from app.ui.models.incident_columns import Column

        header = queue.table.horizontalHeader()
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical) and 0 <= logical < len(Column):
                names.append(Column(logical).name)
        col, order = queue.model.sort_state
        sort_name = Column(int(col)).name
        descending = order == Qt.SortOrder.DescendingOrder
    except (AttributeError, ValueError, TypeError):
        pass
    return names, sort_name, descending


class ExportDialog(QDialog):
    def __init__(self, view_name: str, view_count: int | None, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export incidents to CSV"))
        self.view_radio = QRadioButton(self)
        count = "" if view_count is None else self.tr(" (%1 incidents)").replace("%1", f"{view_count:,}")
        self.view_radio.setText(self.tr("The current queue view: %1%2").replace("%1", view_name).replace("%2", count))
        self.view_radio.setToolTip(self.tr("Its filter, its visible columns in their order and its sort"))
        self.range_radio = QRadioButton(self.tr("All incidents &logged between"), self)
        self.range_radio.setToolTip(self.tr("Every incident logged in the range, with all columns"))
        scope = QButtonGroup(self)
        scope.addButton(self.view_radio)
        scope.addButton(self.range_radio)
        self.view_radio.setChecked(True)
        self.date_from = QDateEdit(QDate(today.year, today.month, 1), self, calendarPopup=True,
                                   displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day), self, calendarPopup=True,
                                 displayFormat="yyyy-MM-dd")
        range_row = QHBoxLayout()
        range_row.addWidget(self.range_radio)
        range_row.addWidget(self.date_from)
        range_row.addWidget(QLabel(self.tr("and"), self))
        range_row.addWidget(self.date_to)
        range_row.addStretch(1)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(self.tr("Where to save the CSV file"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.delimiter = QComboBox(self)
        self.delimiter.addItem(self.tr("Comma ( , )"), ",")
        self.delimiter.addItem(self.tr("Semicolon ( ; ) for Excel with a decimal comma"), ";")
        self.bom = QCheckBox(self.tr("UTF-8 byte-order &mark (Excel detects the encoding)"), self)
        self.bom.setChecked(True)
        self.local_time = QCheckBox(self.tr("Add &local-time columns beside the UTC times"), self)
        form = QFormLayout()
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, path_row)
        form.addRow(self.tr("&Separator:"), self.delimiter)
        form.addRow("", self.bom)
        form.addRow("", self.local_time)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Export"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view_radio)
        layout.addLayout(range_row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: self.range_radio.setChecked(True))
        self.resize(620, self.sizeHint().height())

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export incidents"), self.path.text() or "incidents.csv",
                                              "CSV (*.csv)")
        if path:
            self.path.setText(path)

    def request(self, view_filter: QueueFilter, columns: tuple[str, ...],
                sort: tuple[tuple[str, bool], ...]) -> ExportRequest | None:
        """The request the form describes, or None (with the reason shown) when it is not complete."""
        self.error.clear()
        text = self.path.text().strip()
        if not text:
            self.error.setText(self.tr("Choose a file to export to."))
            return None
        path = Path(text)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        options = CsvOptions(self.delimiter.currentData(), bom=self.bom.isChecked())
        if self.range_radio.isChecked():
            start = self.date_from.date().toPython()
            end = self.date_to.date().toPython()
            if start > end:
                self.error.setText(self.tr("The first day must not be after the last day."))
                return None
            return ExportRequest(path, logged_from=datetime.combine(start, time(0), UTC),
                                 logged_to=datetime.combine(end + timedelta(days=1), time(0), UTC),
                                 options=options, local_time=self.local_time.isChecked())
        return ExportRequest(path, filter=view_filter, columns=columns, sort=sort, options=options,
                             local_time=self.local_time.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, view_name: str, view_filter: QueueFilter, queue_columns: list[str],
            sort_column: str | None, descending: bool, view_count: int | None, today: date,
            default_path: Path | None = None) -> ExportRequest | None:
        dlg = cls(view_name, view_count, today, parent)
        if default_path is not None:
            dlg.path.setText(str(default_path))
        columns = columns_for_queue(queue_columns or ["NUMBER", "PRIORITY", "TITLE", "STATUS", "GROUP"])
        sort = sort_for_queue(sort_column, descending)
        while dlg.exec() == QDialog.DialogCode.Accepted:
            req = dlg.request(view_filter, columns, sort)
            if req is not None:
                return req
        return None


def start_export(parent: QWidget, services: Services, req: ExportRequest, show_dialog: bool = True) -> LongJob:
    """Run the export in a LongJob (progress, Cancel); a cancelled export leaves no file. Caller connects signals."""
    job = LongJob(lambda control: services.exports.export_incidents(req, control),
                  parent.tr("Exporting incidents…"), parent, show_dialog=show_dialog)
    job.start()
    return job


__all__ = ["ExportDialog", "ExportResult", "queue_view_layout", "start_export"]
