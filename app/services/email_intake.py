"""E-mail intake: a message becomes a new incident, or an incoming entry in the communication log of its thread."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from app.domain.enums import CancelReason, EventKind, Source, Status
from app.domain.errors import DomainError
from app.domain.validation import TITLE_MAX
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.incidents import IncidentService, LogRequest, NewContact
from app.store.tables import Communication, Incident
from app.store.uow import UnitOfWork

NUMBER_IN_SUBJECT = re.compile(r"\[\s*(INC\d{1,12})\s*\]", re.IGNORECASE)
SUBJECT_MAX = 300


@dataclass(frozen=True)
class IncomingEmail:
    """One message as read from a file: every field already decoded to text."""

    subject: str
    body: str
    from_name: str = ""
    from_address: str | None = None
    sent_at: datetime | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    recipients: str = ""
    attachments: tuple[str, ...] = ()

    @property
    def sender(self) -> str:
        if self.from_name and self.from_address:
            return f"{self.from_name} <{self.from_address}>"
        return self.from_name or self.from_address or "Unknown sender"


class EmailOutcomeKind(str, Enum):
    CREATED = "created"  # a new incident was logged from the message
    REPLY = "reply"  # added to an existing incident's communication log
    DUPLICATE = "duplicate"  # this message was imported before; nothing written


@dataclass(frozen=True, slots=True)
class EmailOutcome:
    kind: EmailOutcomeKind
    incident_id: int | None
    incident_number: str | None
    message: str


class EmailIntakeService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._incidents = IncidentService(ctx)

    def take(self, mail: IncomingEmail) -> Result[EmailOutcome]:
        with self.ctx.db.uow() as uow:
            if mail.message_id and uow.messages.has(mail.message_id):
                iid = uow.messages.incident_for([mail.message_id])
                number = uow.incidents.numbers([iid]).get(iid) if iid else None
                return Result(EmailOutcome(EmailOutcomeKind.DUPLICATE, iid, number,
                                           f"Already imported (message {mail.message_id})."))
            target = self._thread(uow, mail)
            if target is not None:
                outcome = self._add_incoming(uow, target, mail)
                uow.commit()
                return Result(outcome, Changes.incident(target.id, "communications"))
            known = uow.people.by_email(mail.from_address) if mail.from_address else None
            reporter_id = known.id if known is not None else None
        return self._log(mail, reporter_id)

    @staticmethod
    def _thread(uow: UnitOfWork, mail: IncomingEmail) -> Incident | None:
        """The incident a reply belongs to: by [INC…] in the subject, else by the messages it answers."""
        for match in NUMBER_IN_SUBJECT.finditer(mail.subject):
            inc = uow.incidents.by_number(match.group(1).upper())
            if inc is not None:
                return inc
        answered = [m for m in (mail.in_reply_to, *reversed(mail.references)) if m]
        iid = uow.messages.incident_for(answered)
        return uow.incidents.get(iid) if iid is not None else None

    def _log(self, mail: IncomingEmail, reporter_id: int | None) -> Result[EmailOutcome]:
        now = self.ctx.clock.now()
        title = " ".join(mail.subject.split()) or _first_line(mail.body) or "E-mail without subject"
        if len(title) > TITLE_MAX:
            title = title[: TITLE_MAX - 1] + "…"
        new_reporter = None
        if reporter_id is None and (mail.from_address or mail.from_name):
            name = mail.from_name or (mail.from_address or "").split("@")[0]
            new_reporter = NewContact(name=name, email=mail.from_address)
        detected = min(mail.sent_at, now) if mail.sent_at is not None else now
        result = self._incidents.log(LogRequest(
            title=title, source=Source.EMAIL, description=_description(mail), detected_at=detected,
            reporter_id=reporter_id, new_reporter=new_reporter,
        ))
        detail = result.value
        # The first message joins the communication log too, so that replies to it find the incident.
        try:
            with self.ctx.db.uow() as uow:
                inc = uow.incidents.get(detail.id)
                assert inc is not None
                self._add_incoming(uow, inc, mail)
                uow.commit()
        except DomainError:
            self._incidents.cancel(detail.id, CancelReason.LOGGED_IN_ERROR,
                                   "The e-mail could not be recorded in the communication log; import it again.")
            raise
        outcome = EmailOutcome(EmailOutcomeKind.CREATED, detail.id, detail.number,
                               f"Logged {detail.number} from {mail.sender}.")
        return Result(outcome, result.changes | Changes.incident(detail.id, "communications"))

    def _add_incoming(self, uow: UnitOfWork, inc: Incident, mail: IncomingEmail) -> EmailOutcome:
        """Record the message as an incoming communication (direction "in"), audited.

        Kept here, on the communications table directly, until the communication service can take
        incoming messages; swapping means calling it from this one method.
        """
        audit = Auditor(uow, self.ctx.user_id, self.ctx.clock.now())
        author = uow.people.by_email(mail.from_address) if mail.from_address else None
        sent_at = min(mail.sent_at, audit.now) if mail.sent_at is not None else audit.now
        comm = Communication(
            incident_id=inc.id, sent_at=sent_at, direction="in", audience="reporter", channel="email",
            recipients=mail.recipients[:2000], subject=(mail.subject or "(no subject)")[:SUBJECT_MAX],
            body=_description(mail), author_id=author.id if author is not None else None,
            author_name=mail.sender[:200], message_id=(mail.message_id or None),
            in_reply_to=(mail.in_reply_to or None),
        )
        uow.add(comm)
        uow.flush()
        audit.event(inc, EventKind.COMMUNICATION, None, None, None, {
            "communication_id": comm.id, "direction": "in", "channel": "email", "from": mail.sender,
            "subject": comm.subject,
        })
        inc.updated_at = audit.now
        status = Status(inc.status)
        note = "" if status.is_open else f" ({status.label.lower()})"
        return EmailOutcome(EmailOutcomeKind.REPLY, inc.id, inc.number,
                            f"Added to the communication log of {inc.number}{note}.")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _description(mail: IncomingEmail) -> str:
    text = mail.body.strip()
    if mail.attachments:
        text += "\n\nAttachments (not imported): " + ", ".join(mail.attachments)
    return text.strip()

