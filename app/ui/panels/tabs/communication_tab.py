"""Communication tab: the incident's log filtered by audience/channel, the selected message, compose and export."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
)

from app.domain.communication import (
    Audience,
    Channel,
    Direction,
    LifecycleChange,
    detect_lifecycle_change,
    is_update_overdue,
    label_of,
)
from app.domain.errors import DomainError
from app.services.changes import Changes
from app.services.communications import CommunicationRow, ComposeContext, MessageDraft
from app.services.dto import IncidentDetail
from app.ui.combos import filter_combo
from app.ui.dialogs.compose_dialog import ComposeDialog
from app.ui.formatting import duration, local
from app.ui.models.communication_table_model import CommColumn, CommunicationTableModel
from app.ui.panels.tabs import DetailTab

Snapshot = tuple[str, int, bool]  # status, escalation count, major flag


class CommunicationTab(DetailTab):
    entry_recorded = Signal(object)  # CommunicationRow
    log_loaded = Signal(int)  # incident id
    update_suggested = Signal(object)  # LifecycleChange

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.detail: IncidentDetail | None = None
        self._snapshots: dict[int, Snapshot] = {}
        self._changed_ids: set[int] = set()
        self._select_after: int | None = None
        self.pending_change: LifecycleChange | None = None
        self.model = CommunicationTableModel(self)

        self.audience = filter_combo(self, self.tr("All audiences"), Audience)
        self.channel = filter_combo(self, self.tr("All channels"), Channel)
        self.next_update = QLabel(self)
        self.next_update.setObjectName("next_update_state")
        bar = QHBoxLayout()
        for text, combo in ((self.tr("A&udience:"), self.audience), (self.tr("C&hannel:"), self.channel)):
            label = QLabel(text, self)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        bar.addStretch(1)
        bar.addWidget(self.next_update)

        # Non-blocking suggestion after a lifecycle change made in this window.
        self.banner = QFrame(self)
        self.banner.setObjectName("update_banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("QFrame#update_banner { background: palette(alternate-base); "
                                  "border: 1px solid palette(mid); border-radius: 3px; }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_compose = QPushButton(self.tr("&Send update…"), self.banner)
        self.banner_dismiss = QPushButton(self.tr("Not now"), self.banner)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_compose)
        row.addWidget(self.banner_dismiss)
        self.banner.hide()

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CommColumn.SUBJECT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((CommColumn.SENT, 116), (CommColumn.DIRECTION, 56), (CommColumn.AUDIENCE, 100),
                           (CommColumn.CHANNEL, 74), (CommColumn.AUTHOR, 100), (CommColumn.NEXT_UPDATE, 116)):
            self.table.setColumnWidth(col, width)
        self.message = QTextBrowser(self)
        self.message.setOpenLinks(False)
        self.message.setPlaceholderText(self.tr("Select an entry to read it."))
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.message)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        self.compose_button = QPushButton(self.tr("&Compose…"), self)
        self.reply_button = QPushButton(self.tr("Record &reply…"), self)
        self.correct_button = QPushButton(self.tr("Co&rrect…"), self)
        self.export_button = QPushButton(self.tr("E&xport…"), self)
        self.stakeholders_button = QPushButton(self.tr("S&takeholders…"), self)
        self.compose_button.setToolTip(self.tr("Write an update from a template and put it on record"))
        self.reply_button.setToolTip(self.tr("Record a message or call received about this incident"))
        self.export_button.setToolTip(self.tr("Export this incident's communication log"))
        buttons = QHBoxLayout()
        for b in (self.compose_button, self.reply_button, self.correct_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.stakeholders_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        self.audience.currentIndexChanged.connect(self._on_filter)
        self.channel.currentIndexChanged.connect(self._on_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.compose_button.clicked.connect(lambda: self.compose())
        self.reply_button.clicked.connect(lambda: self.compose(Direction.IN))
        self.correct_button.clicked.connect(self.correct_selected)
        self.export_button.clicked.connect(self.export_log)
        self.stakeholders_button.clicked.connect(self.edit_stakeholders)
        self.banner_compose.clicked.connect(self._compose_suggested)
        self.banner_dismiss.clicked.connect(self.dismiss_suggestion)
        self.runner.changes_made.connect(self._on_changes)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Communication")

    # -- loading ------------------------------------------------------------------------------------

    def show_incident(self, incident_id: int | None) -> None:
        if incident_id != self.incident_id:
            self.dismiss_suggestion()
        super().show_incident(incident_id)

    def reload(self) -> None:
        iid = self.incident_id
        self._update_buttons()
        if iid is None:
            self._show(None, None, [])
            return
        svc = self.services
        self.runner.run(lambda: (svc.incidents.get(iid), svc.communications.log(iid)),
                        lambda res: self._show(iid, res[0], res[1]))

    def _show(self, iid: int | None, detail: IncidentDetail | None, rows: list[CommunicationRow]) -> None:
        if iid != self.incident_id:
            return
        keep = self._select_after or self.current_id()
        self._select_after = None
        self.detail = detail
        self.model.set_rows(rows)
        self._show_next_update()
        if detail is not None:
            self._check_lifecycle(detail)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.message.clear()
        self._update_buttons()
        if iid is not None:
            self.log_loaded.emit(iid)

    def _show_next_update(self) -> None:
        d = self.detail
        due = d.next_update_due_at if d is not None else None
        now = self.services.ctx.clock.now()
        font = self.next_update.font()
        overdue = is_update_overdue(due, now)
        font.setBold(overdue)
        self.next_update.setFont(font)
        if d is None:
            self.next_update.clear()
        elif due is None:
            self.next_update.setText(self.tr("No update due"))
        elif overdue:
            self.next_update.setText(self.tr("Update overdue by %1 (was due %2)")
                                     .replace("%1", duration(now - due)).replace("%2", local(due)))
        else:
            self.next_update.setText(self.tr("Next update due %1 (in %2)")
                                     .replace("%1", local(due)).replace("%2", duration(due - now)))
        self.next_update.setForegroundRole(self.next_update.foregroundRole())

    def current_id(self) -> int | None:
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else None
        return row.id if row else None

    def current_row(self) -> CommunicationRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    @Slot()
    def _on_filter(self) -> None:
        keep = self.current_id()
        self.model.set_filter(self.audience.currentData(), self.channel.currentData())
        row = self.model.row_of(keep) if keep is not None else -1
        self.table.selectRow(row if row >= 0 else 0)
        if not self.model.rowCount():
            self.message.clear()
        self._update_buttons()

    @Slot()
    def _on_current(self) -> None:
        r = self.current_row()
        self._update_buttons()
        if r is None:
            self.message.clear()
            return
        self.message.setHtml(self.message_html(r))

    def message_html(self, r: CommunicationRow) -> str:
        """The entry for reading: every field escaped, the message kept as plain text."""
        who = self.tr("To") if r.direction == Direction.OUT.value else self.tr("From")
        meta = [
            (self.tr("Sent") if r.direction == Direction.OUT.value else self.tr("Received"), local(r.sent_at)),
            (who, r.recipients or "-"),
            (self.tr("Audience"), f"{label_of(Audience, r.audience)} \u00b7 {label_of(Channel, r.channel)}"),
            (self.tr("Recorded by"), r.author),
        ]
        if r.next_update_due_at is not None:
            meta.append((self.tr("Next update promised"), local(r.next_update_due_at)))
        if r.corrects_id is not None:
            meta.append((self.tr("Corrects"), f"#{r.corrects_id}"))
        fixer = self.model.corrected_by(r.id)
        if fixer is not None:
            meta.append((self.tr("Corrected by"), f"#{fixer}"))
        if r.template_name:
            meta.append((self.tr("Template"), r.template_name))
        rows = "".join(f"<tr><td style='padding-right:12px'><i>{escape(k)}</i></td><td>{escape(v)}</td></tr>"
                       for k, v in meta)
        body = escape(r.body).replace("\n", "<br>")
        return (f"<p><b>{escape(r.subject)}</b></p><table cellspacing='0'>{rows}</table>"
                f"<hr><p>{body}</p>")

    def _update_buttons(self) -> None:
        has_incident = self.incident_id is not None
        why = "" if has_incident else self.tr("Select an incident first")
        for b, tip in ((self.compose_button, self.tr("Write an update from a template and put it on record")),
                       (self.reply_button, self.tr("Record a message or call received about this incident")),
                       (self.export_button, self.tr("Export this incident's communication log")),
                       (self.stakeholders_button, self.tr("Who is kept informed about this incident"))):
            b.setEnabled(has_incident)
            b.setToolTip(tip if has_incident else why)
        r = self.current_row()
        can_correct = r is not None and self.model.corrected_by(r.id) is None
        self.correct_button.setEnabled(can_correct)
        if r is None:
            self.correct_button.setToolTip(self.tr("Select the entry to correct"))
        elif not can_correct:
            self.correct_button.setToolTip(self.tr("Already corrected; correct the newer entry instead"))
        else:
            self.correct_button.setToolTip(self.tr("Entries cannot be changed; record a corrected copy "
                                                   "that refers to this one"))

    # -- lifecycle suggestions ----------------------------------------------------------------------

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if "communications" in changes.topics and changes.incident_ids <= {self.incident_id}:
            return  # our own recording: nothing to suggest
        if self.incident_id is not None and self.incident_id in changes.incident_ids:
            self._changed_ids.add(self.incident_id)

    def _check_lifecycle(self, d: IncidentDetail) -> None:
        snap: Snapshot = (d.status, d.escalation_count, d.is_major)
        before = self._snapshots.get(d.id)
        self._snapshots[d.id] = snap
        if before is None or d.id not in self._changed_ids:
            return
        self._changed_ids.discard(d.id)
        change = detect_lifecycle_change(*before, *snap)
        if change is not None:
            self.suggest_update(change)

    def suggest_update(self, change: LifecycleChange) -> None:
        """Offer (never force) an update after a hold, escalation, resolution or closure made here."""
        if self.detail is None:
            return
        self.pending_change = change
        self.banner_text.setText(self.tr("%1 %2. Send an update to the people waiting on it?")
                                 .replace("%1", self.detail.number).replace("%2", self.tr(change.label)))
        self.banner.show()
        window = self.window()
        if isinstance(window, QMainWindow):  # the banner is out of sight while another tab is open
            window.statusBar().showMessage(self.tr("%1 %2. Send an update with Ctrl+Shift+U.")
                                           .replace("%1", self.detail.number).replace("%2", self.tr(change.label)),
                                           20_000)
        self.update_suggested.emit(change)

    @Slot()
    def dismiss_suggestion(self) -> None:
        self.pending_change = None
        self.banner.hide()

    @Slot()
    def _compose_suggested(self) -> None:
        change = self.pending_change
        self.dismiss_suggestion()
        self.compose(Direction.OUT, change=change)

    # -- compose and record -------------------------------------------------------------------------

    def compose(self, direction: Direction = Direction.OUT, corrects: CommunicationRow | None = None,
                change: LifecycleChange | None = None) -> None:
        iid = self.incident_id
        if iid is None:
            return
        self.runner.run(lambda: self.services.communications.compose_context(iid, change),
                        lambda ctx: self._open(ctx, direction, corrects))

    @Slot()
    def correct_selected(self) -> None:
        r = self.current_row()
        if r is not None:
            self.compose(Direction(r.direction) if r.direction in ("in", "out") else Direction.OUT, corrects=r)

    def _open(self, ctx: ComposeContext, direction: Direction, corrects: CommunicationRow | None,
              previous: MessageDraft | None = None, error: str = "") -> None:
        if ctx.incident_id != self.incident_id:
            return
        draft = ComposeDialog.ask(self, ctx, direction, corrects, previous=previous, error=error)
        if draft is None:
            return

        def refused(exc: BaseException) -> None:
            if isinstance(exc, DomainError):
                self._open(ctx, direction, corrects, draft, str(exc))
            else:
                self.runner.error_raised.emit(exc)

        self.runner.mutate(lambda: self.services.communications.record(draft), self._recorded, refused)

    def _recorded(self, row: CommunicationRow) -> None:
        self._select_after = row.id
        self.dismiss_suggestion()
        self.entry_recorded.emit(row)
        if row.incident_id == self.incident_id:
            self.reload()

    @Slot()
    def edit_stakeholders(self) -> None:
        if self.incident_id is None or self.detail is None:
            return
        from app.ui.dialogs.stakeholders_dialog import StakeholdersDialog

        dlg = StakeholdersDialog(self.services, self.runner, self.detail.id, self.detail.number, self)
        dlg.exec()
        dlg.deleteLater()

    # -- export -------------------------------------------------------------------------------------

    @Slot()
    def export_log(self) -> None:
        if self.incident_id is None or self.detail is None:
            return
        from app.ui.dialogs.export_communications_dialog import ExportCommunicationsDialog

        ExportCommunicationsDialog.run_for(self, self.services, incident=(self.detail.id, self.detail.number))
