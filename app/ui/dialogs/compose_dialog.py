"""Compose dialog: fill a template, edit, pick audience/channel/recipients and record (the app never sends)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import escape
from urllib.parse import quote

from PySide6.QtCore import QDateTime, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.communication import AUDIENCE_ROLES, Audience, Channel, Direction, StakeholderRole, label_of
from app.domain.templates import describe_unknown, local_text, render
from app.services.communications import CommunicationRow, ComposeContext, MessageDraft, NextUpdate, TemplateRow
from app.ui.formatting import duration

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def email_addresses(recipients: str) -> list[str]:
    """The e-mail addresses in a free-text recipient list ('Ann <ann@x.org>; bob@y.org'), in order, once each."""
    return list(dict.fromkeys(_EMAIL.findall(recipients)))


def mailto_url(recipients: str, subject: str, body: str) -> str:
    """A mailto: URL (RFC 6068) with every part percent-encoded; line breaks become CRLF as the RFC asks."""
    to = ",".join(quote(a, safe="@") for a in email_addresses(recipients))
    query = f"subject={quote(subject, safe='')}&body={quote(body.replace(chr(10), chr(13) + chr(10)), safe='')}"
    return f"mailto:{to}?{query}"


def _qdt(dt: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(dt.timestamp()))


def _py(qdt: QDateTime) -> datetime:
    return datetime.fromtimestamp(qdt.toSecsSinceEpoch(), UTC)


class ComposeDialog(QDialog):
    """Outgoing update (from a template) or incoming reply; `draft()` is what `record()` will be given."""

    template_applied = Signal(str)

    def __init__(self, ctx: ComposeContext, direction: Direction = Direction.OUT,
                 corrects: CommunicationRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.direction = Direction(direction)
        self.corrects = corrects
        self._rendered: tuple[str, str] = ("", "")
        self._template: TemplateRow | None = None
        outgoing = self.direction is Direction.OUT
        if corrects is not None:
            title = self.tr("Correct entry #%1 - %2").replace("%1", str(corrects.id))
        elif outgoing:
            title = self.tr("Send update - %2")
        else:
            title = self.tr("Record reply - %2")
        self.setWindowTitle(title.replace("%2", ctx.number))
        self.heading = QLabel(f"<b>{ctx.number}</b> &nbsp;{escape(ctx.title)}", self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)

        self.template = QComboBox(self)
        self.template.addItem(self.tr("(no template)"), None)
        for t in ctx.templates:
            self.template.addItem(t.name, t)
        self.audience = QComboBox(self)
        for a in Audience:
            self.audience.addItem(self.tr(a.label), a.value)
        self.channel = QComboBox(self)
        for c in Channel:
            self.channel.addItem(self.tr(c.label), c.value)
        self.recipients = QLineEdit(self)
        self.recipients.setPlaceholderText(self.tr("Name <address>; …") if outgoing else self.tr("Who wrote or called"))
        self.stakeholder_button = QToolButton(self)
        self.stakeholder_button.setText(self.tr("&Stakeholders"))
        self.stakeholder_button.setToolTip(self.tr("Add a stakeholder of this incident to the recipients"))
        self.stakeholder_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.stakeholder_button)
        for s in ctx.stakeholders:
            act = QAction(f"{s.address}  ({label_of(StakeholderRole, s.role)})", menu)
            act.triggered.connect(lambda _=False, s=s: self.add_recipient(s.address))
            menu.addAction(act)
        if not ctx.stakeholders:
            none = menu.addAction(self.tr("No stakeholders known for this incident"))
            none.setEnabled(False)
        self.stakeholder_button.setMenu(menu)
        self.stakeholder_button.setMinimumWidth(self.stakeholder_button.sizeHint().width() + 16)
        self.sent_at = QDateTimeEdit(self)
        self.sent_at.setCalendarPopup(True)
        self.sent_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        now = ctx.now or datetime.now(UTC)
        self.sent_at.setDateTime(_qdt(now))
        self.sent_at.setMaximumDateTime(_qdt(now + timedelta(minutes=2)))
        self.sent_at.setToolTip(self.tr("When it was sent or received; leave as it is for now"))
        self._sent_at_initial = self.sent_at.dateTime()
        self.subject = QLineEdit(self)
        self.subject.setMaxLength(300)
        self.body = QPlainTextEdit(self)
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(220)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("compose_warning")
        self.warning.setStyleSheet("QLabel#compose_warning { color: palette(highlighted-text); "
                                   "background: palette(highlight); padding: 4px; border-radius: 3px; }")
        self.warning.hide()

        # Next update: default interval, a chosen time, or none.
        self.next_default = QRadioButton(self)
        self.next_at = QRadioButton(self.tr("&At"), self)
        self.next_none = QRadioButton(self.tr("No further &updates"), self)
        self.next_group = QButtonGroup(self)
        for b in (self.next_default, self.next_at, self.next_none):
            self.next_group.addButton(b)
        self.next_time = QDateTimeEdit(self)
        self.next_time.setCalendarPopup(True)
        self.next_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_time.setDateTime(_qdt(ctx.default_next_update or now + timedelta(hours=1)))
        self._describe_default()
        if ctx.default_next_update is None:
            self.next_none.setChecked(True)
        else:
            self.next_default.setChecked(True)
        self.next_time.setEnabled(False)
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_default)
        next_row.addWidget(self.next_at)
        next_row.addWidget(self.next_time)
        next_row.addWidget(self.next_none)
        next_row.addStretch(1)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._label(grid, 0, 0, self.tr("&Template:"), self.template)
        self._label(grid, 0, 2, self.tr("Sent &at:"), self.sent_at)
        self._label(grid, 1, 0, self.tr("A&udience:"), self.audience)
        self._label(grid, 1, 2, self.tr("&Channel:"), self.channel)
        rec_row = QHBoxLayout()
        rec_row.addWidget(self.recipients, 1)
        rec_row.addWidget(self.stakeholder_button)
        rec_label = QLabel(self.tr("&Recipients:") if outgoing else self.tr("&From:"), self)
        rec_label.setBuddy(self.recipients)
        grid.addWidget(rec_label, 2, 0)
        grid.addLayout(rec_row, 2, 1, 1, 3)
        subject_label = QLabel(self.tr("Su&bject:"), self)
        subject_label.setBuddy(self.subject)
        grid.addWidget(subject_label, 3, 0)
        grid.addWidget(self.subject, 3, 1, 1, 3)
        msg_label = QLabel(self.tr("&Message:"), self)
        msg_label.setBuddy(self.body)
        msg_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(msg_label, 4, 0)
        grid.addWidget(self.body, 4, 1, 1, 3)
        grid.setRowStretch(4, 1)
        self.next_label = QLabel(self.tr("Next update:"), self)
        grid.addWidget(self.next_label, 5, 0)
        grid.addLayout(next_row, 5, 1, 1, 3)

        self.buttons = QDialogButtonBox(self)
        self.record_button = self.buttons.addButton(self.tr("&Record"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setDefault(True)
        self.record_button.setToolTip(self.tr("Put this message on record (Incident Desk does not send it)"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = QPushButton(self.tr("C&opy"), self)
        self.copy_button.setToolTip(self.tr("Copy subject and message to the clipboard"))
        self.mail_button = QPushButton(self.tr("Open in &mail client"), self)
        self.mail_button.setToolTip(self.tr("Open a new mail with these recipients, subject and message"))
        button_row = QHBoxLayout()
        button_row.addWidget(self.copy_button)
        button_row.addWidget(self.mail_button)
        button_row.addStretch(1)
        button_row.addWidget(self.buttons)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setText(self.tr("Incident Desk records messages; send them with your mail client or phone, "
                                  "then record them here."))
        self.hint.setEnabled(False)  # shown in the palette's disabled (muted) text colour

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(grid, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.hint)
        layout.addLayout(button_row)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.mail_button.clicked.connect(self.open_in_mail_client)
        self.template.currentIndexChanged.connect(self._on_template)
        self.audience.currentIndexChanged.connect(self._on_audience)
        self.channel.currentIndexChanged.connect(self._on_channel)
        self.next_group.buttonToggled.connect(self._on_next_mode)
        self.next_time.dateTimeChanged.connect(self._on_next_time)

        if not outgoing:
            for w in (self.template, self.next_default, self.next_at, self.next_time, self.next_none,
                      self.next_label, self.copy_button, self.mail_button, self.stakeholder_button):
                w.hide()
            self.grid_template_label.hide()
            self.hint.hide()
            self.subject.setText(f"Re: [{ctx.number}] {ctx.title}")
            self.channel.setCurrentIndex(self.channel.findData(Channel.EMAIL.value))
        self._prefill_corrects()
        if outgoing and corrects is None:
            wanted = ctx.suggested_template
            if wanted:
                self.choose_template(wanted)
        self.resize(760, 620)

    # -- construction helpers ------------------------------------------------------------------------

    def _label(self, grid: QGridLayout, row: int, col: int, text: str, buddy: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        grid.addWidget(label, row, col)
        grid.addWidget(buddy, row, col + 1)
        if buddy is self.template:
            self.grid_template_label = label

    def _describe_default(self) -> None:
        if self.ctx.default_next_update is None:
            self.next_default.setText(self.tr("&Default (none for this incident)"))
            self.next_default.setEnabled(False)
            self.next_default.setToolTip(self.tr("No regular updates are set for P%1 or for a %2 incident")
                                         .replace("%1", str(self.ctx.priority))
                                         .replace("%2", self.ctx.status.replace("_", " ")))
            return
        minutes = self.ctx.interval_minutes or 0
        self.next_default.setText(self.tr("&Default: in %1 (%2)")
                                  .replace("%1", duration(timedelta(minutes=minutes)))
                                  .replace("%2", local_text(self.ctx.default_next_update)))

    def _prefill_corrects(self) -> None:
        c = self.corrects
        if c is None:
            return
        self._select(self.audience, c.audience)
        self._select(self.channel, c.channel)
        self.recipients.setText(c.recipients)
        self.subject.setText(c.subject)
        self.body.setPlainText(c.body)
        self.template.setCurrentIndex(0)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        pos = combo.findData(value)
        if pos >= 0:
            combo.setCurrentIndex(pos)

    # -- templates and rendering ---------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        values = dict(self.ctx.values)
        due = self._next_due()
        values["next_update"] = local_text(due) if due else "no further updates planned"
        return values

    def choose_template(self, name: str) -> bool:
        for i in range(1, self.template.count()):
            if self.template.itemText(i).casefold() == name.casefold():
                self.template.setCurrentIndex(i)
                return True
        return False

    @Slot()
    def _on_template(self) -> None:
        t: TemplateRow | None = self.template.currentData()
        self._template = t
        if t is None:
            self._show_unknown(())
            return
        if t.audience:
            self._select(self.audience, t.audience)
        self._render(force=True)
        self.template_applied.emit(t.name)

    def _render(self, force: bool = False) -> None:
        """Fill subject and message from the template; text the user has edited is kept unless forced."""
        t = self._template
        if t is None:
            return
        values = self.values()
        subject, body = render(t.subject, values), render(t.body, values)
        edited = (self.subject.text(), self.body.toPlainText()) != self._rendered
        if force or not edited:
            self.subject.setText(subject.text)
            self.body.setPlainText(body.text)
            self._rendered = (subject.text, body.text)
        self._show_unknown(tuple(dict.fromkeys(subject.unknown + body.unknown)))

    def _show_unknown(self, unknown: tuple[str, ...]) -> None:
        self.unknown = unknown
        if unknown:
            self.warning.setText(self.tr("Template '%1': ").replace("%1", self._template.name if self._template
                                                                       else "") + describe_unknown(unknown)
                                 + " " + self.tr("They are left in the message as written."))
        self.warning.setVisible(bool(unknown))

    @Slot()
    def _on_audience(self) -> None:
        """Pre-fill recipients from the stakeholders whose role fits the audience (only into an empty field)."""
        if self.direction is not Direction.OUT or self.recipients.text().strip() or self.corrects is not None:
            return
        roles = AUDIENCE_ROLES.get(Audience(self.audience.currentData()), frozenset())
        wanted = {r.value for r in roles}
        for s in self.ctx.stakeholders:
            if s.role in wanted:
                self.add_recipient(s.address)

    @Slot()
    def _on_channel(self) -> None:
        is_mail = self.channel.currentData() == Channel.EMAIL.value
        self.mail_button.setEnabled(is_mail)
        self.mail_button.setToolTip(self.tr("Open a new mail with these recipients, subject and message") if is_mail
                                    else self.tr("Only for the e-mail channel"))

    @Slot()
    def _on_next_mode(self) -> None:
        self.next_time.setEnabled(self.next_at.isChecked())
        self._render()

    @Slot()
    def _on_next_time(self) -> None:
        if self.next_at.isChecked():
            self._render()

    def _next_mode(self) -> NextUpdate:
        if self.next_at.isChecked():
            return NextUpdate.AT
        if self.next_none.isChecked():
            return NextUpdate.NONE
        return NextUpdate.DEFAULT

    def _next_due(self) -> datetime | None:
        mode = self._next_mode()
        if mode is NextUpdate.AT:
            return _py(self.next_time.dateTime())
        if mode is NextUpdate.NONE:
            return None
        return self.ctx.default_next_update

    def add_recipient(self, address: str) -> None:
        current = [p.strip() for p in self.recipients.text().split(";") if p.strip()]
        if address not in current:
            current.append(address)
        self.recipients.setText("; ".join(current))
        self.recipients.setCursorPosition(0)

    # -- actions -------------------------------------------------------------------------------------

    @Slot()
    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.subject.text()}\n\n{self.body.toPlainText()}")
        self.hint.setEnabled(True)
        self.hint.setText(self.tr("Copied. Record the message here once it has gone out."))

    @Slot()
    def open_in_mail_client(self) -> None:
        url = QUrl(mailto_url(self.recipients.text(), self.subject.text(), self.body.toPlainText()))
        if not QDesktopServices.openUrl(url):
            self.show_error(self.tr("No mail client answered the mailto: link. Use Copy instead."))
            return
        self.hint.setEnabled(True)
        self.hint.setText(self.tr("Your mail client has the message. Record it here once it has gone out."))

    def show_error(self, message: str) -> None:
        self.warning.setText(message)
        self.warning.show()

    def draft(self) -> MessageDraft:
        sent_at = None if self.sent_at.dateTime() == self._sent_at_initial else _py(self.sent_at.dateTime())
        outgoing = self.direction is Direction.OUT
        mode = self._next_mode() if outgoing else NextUpdate.NONE
        return MessageDraft(
            incident_id=self.ctx.incident_id, subject=self.subject.text(), body=self.body.toPlainText(),
            audience=self.audience.currentData(), channel=self.channel.currentData(),
            recipients=self.recipients.text(), direction=self.direction.value, sent_at=sent_at,
            next_update=mode, next_update_at=_py(self.next_time.dateTime()) if mode is NextUpdate.AT else None,
            corrects_id=self.corrects.id if self.corrects else None,
            template_name=self._template.name if self._template and outgoing else None,
        )

    def restore(self, draft: MessageDraft) -> None:
        """Put a refused draft back so the user fixes it instead of typing it again."""
        self._select(self.audience, draft.audience)
        self._select(self.channel, draft.channel)
        self.recipients.setText(draft.recipients)
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)
        if draft.sent_at is not None:
            self.sent_at.setDateTime(_qdt(draft.sent_at))
        {NextUpdate.DEFAULT: self.next_default, NextUpdate.AT: self.next_at,
         NextUpdate.NONE: self.next_none}[NextUpdate(draft.next_update)].setChecked(True)
        if draft.next_update_at is not None:
            self.next_time.setDateTime(_qdt(draft.next_update_at))

    def accept(self) -> None:
        problem = self.check()
        if problem:
            self.show_error(problem)
            return
        super().accept()

    def check(self) -> str:
        """What must be fixed before recording (the service checks again)."""
        if not self.subject.text().strip():
            return self.tr("Give a subject.")
        if not self.body.toPlainText().strip():
            return self.tr("Write the message.")
        if self.direction is Direction.OUT and self.channel.currentData() == Channel.EMAIL.value \
                and not self.recipients.text().strip():
            return self.tr("An e-mail needs at least one recipient.")
        return ""

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: ComposeContext, direction: Direction = Direction.OUT,
            corrects: CommunicationRow | None = None, template: str | None = None,
            previous: MessageDraft | None = None, error: str = "") -> MessageDraft | None:
        """Modal: the draft to record, or None when cancelled. Tests replace this method."""
        dlg = cls(ctx, direction, corrects, parent)
        if template:
            dlg.choose_template(template)
        if previous is not None:
            dlg.restore(previous)
        if error:
            dlg.show_error(error)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        draft = dlg.draft() if ok else None
        dlg.deleteLater()
        return draft

