"""Notes & diagnosis tab: immutable work notes, symptoms / suspected cause / problem reference, known fixes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Status
from app.services.dto import IncidentDetail, NoteRow
from app.services.workflow import KnownFix
from app.ui.incident_flows import IncidentFlows
from app.ui.models.known_fix_table_model import FixColumn, KnownFixTableModel
from app.ui.models.note_table_model import NoteColumn, NoteTableModel
from app.ui.panels.tabs import DetailTab


def _table(model: Any, parent: QWidget, stretch: int) -> QTableView:
    t = QTableView(parent)
    t.setModel(model)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setWordWrap(False)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class NotesTab(DetailTab):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.flows = IncidentFlows(self.services, self.runner, self)
        self.detail: IncidentDetail | None = None
        # Work notes
        self.notes_model = NoteTableModel(self)
        self.notes = _table(self.notes_model, self, NoteColumn.TEXT)
        self.notes.setColumnWidth(NoteColumn.WHEN, 120)
        self.notes.setColumnWidth(NoteColumn.AUTHOR, 110)
        self.notes.setColumnWidth(NoteColumn.KIND, 80)
        self.notes.setWordWrap(True)  # notes are read in full; rows grow to fit them
        self.new_note = QPlainTextEdit(self)
        self.new_note.setObjectName("notes_new")
        self.new_note.setTabChangesFocus(True)
        self.new_note.setPlaceholderText(self.tr("New work note (notes cannot be edited after saving; a correction "
                                                 "is a new note)"))
        self.new_note.setFixedHeight(60)
        self.add_note = QPushButton(self.tr("&Add note"), self)
        self.add_note.setObjectName("notes_add")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_note, 1)
        add_row.addWidget(self.add_note, 0, Qt.AlignmentFlag.AlignTop)
        notes_box = QGroupBox(self.tr("Work notes"), self)
        nb = QVBoxLayout(notes_box)
        nb.addWidget(self.notes, 1)
        nb.addLayout(add_row)
        # Diagnosis
        self.symptoms = QPlainTextEdit(self)
        self.symptoms.setObjectName("notes_symptoms")
        self.cause = QPlainTextEdit(self)
        self.cause.setObjectName("notes_cause")
        for edit in (self.symptoms, self.cause):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(52)
        self.problem_ref = QLineEdit(self)
        self.problem_ref.setObjectName("notes_problem_ref")
        self.problem_ref.setMaxLength(64)
        self.problem_ref.setPlaceholderText(self.tr("PRB0001234"))
        self.save_diag = QPushButton(self.tr("&Save diagnosis"), self)
        self.save_diag.setObjectName("notes_save_diagnosis")
        diag_box = QGroupBox(self.tr("Diagnosis"), self)
        df = QFormLayout(diag_box)
        df.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        df.addRow(self.tr("S&ymptoms:"), self.symptoms)
        df.addRow(self.tr("Suspected &cause:"), self.cause)
        df.addRow(self.tr("&Problem ref.:"), self.problem_ref)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_diag)
        df.addRow(save_row)
        # Known fixes
        self.fixes_model = KnownFixTableModel(self)
        self.fixes = _table(self.fixes_model, self, FixColumn.RESOLUTION)
        self.fixes.setColumnWidth(FixColumn.NUMBER, 95)
        self.fixes.setColumnWidth(FixColumn.TITLE, 160)
        self.fixes.setColumnWidth(FixColumn.KIND, 85)
        self.apply_fix = QPushButton(self.tr("Apply as &workaround note"), self)
        self.apply_fix.setObjectName("notes_apply_fix")
        fixes_box = QGroupBox(self.tr("Known fixes from similar resolved incidents"), self)
        fb = QVBoxLayout(fixes_box)
        fb.addWidget(self.fixes, 1)
        fb.addWidget(self.apply_fix, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(notes_box)
        split.addWidget(diag_box)
        split.addWidget(fixes_box)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 180, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.add_note.clicked.connect(self.submit_note)
        self.save_diag.clicked.connect(self.save_diagnosis)
        self.apply_fix.clicked.connect(self.apply_selected_fix)
        self.new_note.textChanged.connect(self._update_buttons)
        self.fixes.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Notes && diagnosis")

    def reload(self) -> None:
        iid = self.incident_id
        if iid is None:
            self._show(None, None)
            return
        inc = self.services.incidents

        def load() -> tuple[IncidentDetail, list[NoteRow], list[KnownFix]]:
            return inc.get(iid), inc.notes(iid), self.services.workflow.known_fixes(iid)

        self.runner.run(load, lambda res: self._show(iid, res))

    def _show(self, iid: int | None, res: tuple[IncidentDetail, list[NoteRow], list[KnownFix]] | None) -> None:
        if iid != self.incident_id:
            return
        if res is None:
            self.detail = None
            self.notes_model.set_rows([])
            self.fixes_model.set_rows([])
            for edit in (self.symptoms, self.cause):
                edit.setPlainText("")
            self.problem_ref.clear()
            self._update_buttons()
            return
        detail, notes, fixes = res
        same = self.detail is not None and self.detail.id == detail.id
        self.detail = detail
        self.notes_model.set_rows(notes)
        self.notes.resizeRowsToContents()
        self.notes.scrollToBottom()
        self.fixes_model.set_rows(fixes)
        if not same or not self._diagnosis_dirty_against(detail):
            self.symptoms.setPlainText(detail.symptoms or "")
            self.cause.setPlainText(detail.suspected_cause or "")
            self.problem_ref.setText(detail.problem_ref or "")
        self._update_buttons()

    def _diagnosis_dirty_against(self, d: IncidentDetail) -> bool:
        """True while the agent is typing something that differs from what is stored (keep it on refresh)."""
        return (self.symptoms.toPlainText().strip() != (d.symptoms or "")
                or self.cause.toPlainText().strip() != (d.suspected_cause or "")
                or self.problem_ref.text().strip() != (d.problem_ref or ""))

    @Slot()
    def _update_buttons(self) -> None:
        d = self.detail
        final = d is not None and Status(d.status).is_final
        why_note = (self.tr("Select an incident first.") if d is None else
                    self.tr("Type the note first.") if not self.new_note.toPlainText().strip() else None)
        self.add_note.setEnabled(why_note is None)
        self.add_note.setToolTip(why_note or self.tr("Save the note (it cannot be edited afterwards)"))
        why_diag = (self.tr("Select an incident first.") if d is None else
                    self.tr("%1 is %2; its details are final.").replace("%1", d.number).replace(
                        "%2", Status(d.status).label) if final else None)
        self.save_diag.setEnabled(why_diag is None)
        self.save_diag.setToolTip(why_diag or self.tr("Save symptoms, suspected cause and problem reference"))
        for edit in (self.symptoms, self.cause, self.problem_ref):
            edit.setReadOnly(final)
        why_fix = (self.tr("Select an incident first.") if d is None else
                   self.tr("There are no known fixes for this incident.") if self.fixes_model.rowCount() == 0 else
                   self.tr("Select a known fix first.") if not self.fixes.selectionModel().hasSelection() else None)
        self.apply_fix.setEnabled(why_fix is None)
        self.apply_fix.setToolTip(why_fix or self.tr("Add the chosen resolution as a workaround note"))

    @Slot()
    def submit_note(self) -> None:
        iid, text = self.incident_id, self.new_note.toPlainText()
        if iid is None or not text.strip():
            return
        self.runner.mutate(lambda: self.services.incidents.add_note(iid, text),
                           lambda _note: self.new_note.clear(),
                           lambda exc: self.flows.refuse(self.tr("Add note"), exc))

    @Slot()
    def save_diagnosis(self) -> None:
        d = self.detail
        if d is None:
            return
        fields = {"symptoms": self.symptoms.toPlainText(), "suspected_cause": self.cause.toPlainText(),
                  "problem_ref": self.problem_ref.text()}
        self.flows.do_versioned("save_diagnosis", self.tr("Save diagnosis"), d,
                                 lambda v: self.services.incidents.update_fields(d.id, v, **fields))

    @Slot()
    def apply_selected_fix(self) -> None:
        rows = self.fixes.selectionModel().selectedRows()
        fix = self.fixes_model.row_at(rows[0].row()) if rows else None
        iid = self.incident_id
        if fix is None or iid is None:
            return
        self.runner.mutate(lambda: self.services.workflow.apply_fix(iid, fix), None,
                           lambda exc: self.flows.refuse(self.tr("Apply known fix"), exc))
