"""Communication use cases: record updates and replies (immutable), stakeholders, templates, reminders, exports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from app.domain.clock import ensure_utc
from app.domain.communication import (
    Audience,
    Channel,
    CommQuery,
    Direction,
    LifecycleChange,
    StakeholderRole,
    default_interval,
    format_recipient,
    next_update_due,
    suggest_template,
)
from app.domain.enums import EventKind, Impact, Priority, Status, Urgency
from app.domain.errors import NotFound, ValidationError
from app.domain.roles import Permission
from app.domain.templates import PLACEHOLDERS, describe_unknown, local_text, render, unknown_placeholders
from app.domain.validation import TEXT_MAX, clean_line, clean_text, not_in_future
from app.services import access
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.mapping import category_path
from app.store.tables import CommTemplate, Communication, Incident, Person, Stakeholder
from app.store.uow import UnitOfWork

__all__ = [
    "CommQuery", "CommunicationRow", "CommunicationService", "ComposeContext", "MessageDraft", "NextUpdate",
    "StakeholderRow", "TemplateDraft", "TemplateRow",
]

SUBJECT_MAX = 300
RECIPIENTS_MAX = 4000
TOPIC = "communications"


class NextUpdate(str, Enum):
    """How an outgoing update sets the incident's next-update time."""

    DEFAULT = "default"  # the settings' interval for the incident's priority
    AT = "at"  # the time given in the draft
    NONE = "none"  # no further updates promised


@dataclass(frozen=True, slots=True)
class CommunicationRow:
    id: int
    incident_id: int
    incident_number: str
    incident_title: str
    sent_at: datetime
    direction: str
    audience: str
    channel: str
    recipients: str
    subject: str
    body: str
    author: str
    next_update_due_at: datetime | None
    corrects_id: int | None
    template_name: str | None


@dataclass(frozen=True, slots=True)
class StakeholderRow:
    person_id: int
    name: str
    email: str | None
    phone: str | None
    role: str
    implicit: bool = False  # reporter or group manager, known from the incident itself

    @property
    def address(self) -> str:
        return format_recipient(self.name, self.email)


@dataclass(frozen=True, slots=True)
class TemplateRow:
    id: int
    name: str
    audience: str | None
    subject: str
    body: str


@dataclass(frozen=True)
class TemplateDraft:
    name: str
    subject: str
    body: str
    audience: str | None = None
    id: int | None = None  # None creates a template


@dataclass(frozen=True)
class MessageDraft:
    """What the compose dialog collects; nothing is written until `record()` runs."""

    incident_id: int
    subject: str
    body: str
    audience: str = Audience.REPORTER.value
    channel: str = Channel.EMAIL.value
    recipients: str = ""
    direction: str = Direction.OUT.value
    sent_at: datetime | None = None  # None: now
    next_update: NextUpdate = NextUpdate.DEFAULT
    next_update_at: datetime | None = None  # with NextUpdate.AT
    corrects_id: int | None = None
    template_name: str | None = None


@dataclass(frozen=True)
class ComposeContext:
    """Everything the compose dialog needs, loaded once off the GUI thread."""

    incident_id: int
    number: str
    title: str
    status: str
    priority: int
    is_major: bool
    current_next_update: datetime | None
    default_next_update: datetime | None
    interval_minutes: int | None
    templates: tuple[TemplateRow, ...]
    stakeholders: tuple[StakeholderRow, ...]
    values: dict[str, str] = field(default_factory=dict)
    suggested_template: str | None = None
    now: datetime | None = None


def _row(c: Communication, number: str, title: str) -> CommunicationRow:
    return CommunicationRow(c.id, c.incident_id, number, title, c.sent_at, c.direction, c.audience, c.channel,
                            c.recipients, c.subject, c.body, c.author_name, c.next_update_due_at, c.corrects_id,
                            c.template_name)


def _line(r: tuple[Any, ...]) -> CommunicationRow:
    return CommunicationRow(*r)


def _template(t: CommTemplate) -> TemplateRow:
    return TemplateRow(t.id, t.name, t.audience, t.subject, t.body)


def _enum_value(enum_cls: type[Enum], value: object, field_name: str, label: str) -> str:
    try:
        return str(enum_cls(value).value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_cls)
        raise ValidationError(f"'{value}' is not a known {label} (one of {allowed}).", field_name) from None


class CommunicationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @contextmanager
    def _work(self) -> Iterator[tuple[UnitOfWork, Auditor]]:
        with self.ctx.db.uow() as uow:
            yield uow, Auditor(uow, self.ctx.user_id, self.ctx.clock.now())

    @staticmethod
    def _incident(uow: UnitOfWork, incident_id: int) -> Incident:
        inc = uow.incidents.get(incident_id)
        if inc is None:
            raise NotFound(f"Incident {incident_id} no longer exists.")
        return inc

    # -- the log ------------------------------------------------------------------------------------

    def log(self, incident_id: int, audience: str | None = None, channel: str | None = None
            ) -> list[CommunicationRow]:
        """One incident's entries, oldest first."""
        q = CommQuery(incident_ids=(incident_id,), audiences=(audience,) if audience else (),
                      channels=(channel,) if channel else ())
        with self.ctx.db.uow() as uow:
            return [_line(r) for r in uow.comm_log.lines(q)]

    def search(self, q: CommQuery, limit: int | None = None) -> list[CommunicationRow]:
        with self.ctx.db.uow() as uow:
            self._check_numbers(uow, q)
            return [_line(r) for r in uow.comm_log.lines(q, limit)]

    def count(self, q: CommQuery) -> int:
        with self.ctx.db.uow() as uow:
            self._check_numbers(uow, q)
            return uow.comm_log.count(q)

    def stream(self, q: CommQuery, batch: int = 1000) -> Iterator[CommunicationRow]:
        """Entries for an export, streamed in batches; the session stays open while the caller iterates."""
        with self.ctx.db.uow() as uow:
            self._check_numbers(uow, q)
            for r in uow.comm_log.stream(q, batch):
                yield _line(r)

    @staticmethod
    def _check_numbers(uow: UnitOfWork, q: CommQuery) -> None:
        if q.incident_numbers:
            found = uow.comm_log.incident_ids_by_numbers(q.incident_numbers)
            missing = [n for n in q.incident_numbers if n not in found]
            if missing:
                raise ValidationError(f"There is no incident {', '.join(missing)}.", "incident")
        if q.sent_from is not None and q.sent_to is not None and q.sent_to <= q.sent_from:
            raise ValidationError("The end of the date range must be after its start.", "to")

    def get(self, comm_id: int) -> CommunicationRow:
        with self.ctx.db.uow() as uow:
            c = uow.comm_log.get(comm_id)
            if c is None:
                raise NotFound(f"Communication {comm_id} does not exist.")
            inc = self._incident(uow, c.incident_id)
            return _row(c, inc.number, inc.title)

    # -- recording ----------------------------------------------------------------------------------

    def record(self, draft: MessageDraft) -> Result[CommunicationRow]:
        """Record an update or a reply; entries are never changed afterwards (a correction is a new entry)."""
        settings = self.ctx.settings()
        with self._work() as (uow, audit):
            inc = self._incident(uow, draft.incident_id)
            now = audit.now
            direction = _enum_value(Direction, draft.direction, "direction", "direction")
            audience = _enum_value(Audience, draft.audience, "audience", "audience")
            channel = _enum_value(Channel, draft.channel, "channel", "channel")
            subject = clean_line(draft.subject, "subject", "Subject", required=True, max_len=SUBJECT_MAX)
            body = clean_text(draft.body, "body", "Message", required=True, max_len=TEXT_MAX)
            recipients = clean_text(draft.recipients, "recipients", "Recipients", max_len=RECIPIENTS_MAX)
            if direction == Direction.OUT.value and not recipients and channel == Channel.EMAIL.value:
                raise ValidationError("An e-mail needs at least one recipient.", "recipients")
            sent_at = not_in_future(draft.sent_at or now, now, "sent_at", "The time sent")
            if sent_at < ensure_utc(inc.detected_at):
                raise ValidationError(f"The time sent is before {inc.number} was detected.", "sent_at")
            if draft.corrects_id is not None:
                original = uow.comm_log.get(draft.corrects_id)
                if original is None or original.incident_id != inc.id:
                    raise ValidationError(f"The entry to correct is not part of {inc.number}.", "corrects")
            due = self._due(inc, draft, direction, sent_at, settings.update_minutes)
            entry = Communication(
                incident_id=inc.id, sent_at=sent_at, direction=direction, audience=audience, channel=channel,
                recipients=recipients, subject=subject, body=body, author_id=audit.actor_id,
                author_name=audit.actor_name, next_update_due_at=due, corrects_id=draft.corrects_id,
                template_name=(draft.template_name or None),
            )
            uow.add(entry)
            uow.flush()
            audit.event(inc, EventKind.COMMUNICATION, "communication", None, entry.id, {
                "communication_id": entry.id, "direction": direction, "audience": audience, "channel": channel,
                "subject": subject, "corrects_id": draft.corrects_id, "template": entry.template_name,
            })
            if direction == Direction.OUT.value:
                latest = uow.comm_log.latest_outgoing_at(inc.id, excluding=entry.id)
                # A late-recorded older call must not move the reminder backwards.
                if latest is None or sent_at >= ensure_utc(latest):
                    audit.set(inc, "next_update_due_at", due, EventKind.COMMUNICATION)
            inc.updated_at = now
            uow.flush()
            row = _row(entry, inc.number, inc.title)
            uow.commit()
            return Result(row, Changes.incident(inc.id, TOPIC))

    @staticmethod
    def _due(inc: Incident, draft: MessageDraft, direction: str, sent_at: datetime,
             update_minutes: dict[Priority, int | None]) -> datetime | None:
        if direction != Direction.OUT.value:
            return None
        mode = NextUpdate(draft.next_update)
        if mode is NextUpdate.NONE:
            return None
        if mode is NextUpdate.AT:
            if draft.next_update_at is None:
                raise ValidationError("Give the time of the next update.", "next_update")
            at = ensure_utc(draft.next_update_at)
            if at <= sent_at:
                raise ValidationError("The next update must be due after this one is sent.", "next_update")
            if Status(inc.status).is_final:
                raise ValidationError(f"{inc.number} is {Status(inc.status).label}; no further updates are due.",
                                      "next_update")
            return at
        return next_update_due(sent_at, inc.status, inc.priority, update_minutes)

    # -- reminders and suggestions ------------------------------------------------------------------

    def default_next_update(self, incident_id: int, sent_at: datetime | None = None) -> datetime | None:
        with self.ctx.db.uow() as uow:
            inc = self._incident(uow, incident_id)
            return next_update_due(sent_at or self.ctx.clock.now(), inc.status, inc.priority,
                                   self.ctx.settings().update_minutes)

    def suggestion_for(self, incident_id: int, change: LifecycleChange) -> TemplateRow | None:
        """The template to offer after a lifecycle change (hold, escalation, resolution, closure)."""
        with self.ctx.db.uow() as uow:
            inc = self._incident(uow, incident_id)
            t = uow.comm_log.template_by_name(suggest_template(change, inc.is_major))
            return _template(t) if t is not None else None

    def compose_context(self, incident_id: int, change: LifecycleChange | None = None) -> ComposeContext:
        settings = self.ctx.settings()
        now = self.ctx.clock.now()
        with self.ctx.db.uow() as uow:
            inc = self._incident(uow, incident_id)
            due = next_update_due(now, inc.status, inc.priority, settings.update_minutes)
            interval = default_interval(inc.priority, settings.update_minutes)
            values = self._values(uow, inc, due, now)
            suggested = suggest_template(change, inc.is_major) if change is not None else None
            return ComposeContext(
                incident_id=inc.id, number=inc.number, title=inc.title, status=inc.status, priority=inc.priority,
                is_major=inc.is_major, current_next_update=inc.next_update_due_at, default_next_update=due,
                interval_minutes=None if interval is None else int(interval.total_seconds() // 60),
                templates=tuple(_template(t) for t in uow.comm_log.templates()),
                stakeholders=tuple(self._stakeholders(uow, inc)), values=values, suggested_template=suggested,
                now=now,
            )

    def placeholder_values(self, incident_id: int) -> dict[str, str]:
        now = self.ctx.clock.now()
        with self.ctx.db.uow() as uow:
            inc = self._incident(uow, incident_id)
            due = next_update_due(now, inc.status, inc.priority, self.ctx.settings().update_minutes)
            return self._values(uow, inc, due, now)

    def _values(self, uow: UnitOfWork, inc: Incident, next_due: datetime | None, now: datetime) -> dict[str, str]:
        names = uow.people.names([inc.assignee_id, inc.reporter_id, self.ctx.user_id])
        group = uow.groups.get(inc.group_id) if inc.group_id else None
        service = uow.catalogue.service(inc.service_id) if inc.service_id else None
        workaround = uow.comm_log.latest_workaround(inc.id)
        if not workaround and inc.is_workaround and inc.resolution_notes:
            workaround = inc.resolution_notes
        resolution = " - ".join(x for x in (inc.resolution_code or "", inc.resolution_notes or "") if x)
        values = {
            "number": inc.number,
            "title": inc.title,
            "description": inc.description or "",
            "status": Status(inc.status).label + (f" ({inc.hold_reason.replace('_', ' ')})" if inc.hold_reason
                                                   else ""),
            "priority": Priority(inc.priority).label,
            "impact": inc.business_impact or Impact(inc.impact).label,
            "urgency": Urgency(inc.urgency).label,
            "service": service.name if service else "",
            "ci": inc.configuration_item or "",
            "category": category_path(uow, inc.category_id),
            "workaround": workaround or "none known yet",
            "resolution": resolution,
            "next_update": local_text(next_due) if next_due else "no further updates planned",
            "assignee": names.get(inc.assignee_id, "") if inc.assignee_id else "not yet assigned",
            "group": group.name if group else "",
            "reporter": names.get(inc.reporter_id, "") if inc.reporter_id else "",
            "major": "Major incident" if inc.is_major else "",
            "logged": local_text(inc.logged_at),
            "author": names.get(self.ctx.user_id, "") if self.ctx.user_id else "",
            "now": local_text(now),
        }
        assert set(values) == set(PLACEHOLDERS), "every documented placeholder needs a value"
        return values

    # -- stakeholders -------------------------------------------------------------------------------

    def stakeholders(self, incident_id: int) -> list[StakeholderRow]:
        with self.ctx.db.uow() as uow:
            return self._stakeholders(uow, self._incident(uow, incident_id))

    @staticmethod
    def _stakeholders(uow: UnitOfWork, inc: Incident) -> list[StakeholderRow]:
        rows: list[StakeholderRow] = []
        seen: set[int] = set()
        for s, p in uow.comm_log.stakeholders(inc.id):
            rows.append(StakeholderRow(p.id, p.name, p.email, p.phone, s.role))
            seen.add(p.id)
        implicit: list[tuple[int | None, StakeholderRole]] = [(inc.reporter_id, StakeholderRole.REPORTER)]
        group = uow.groups.get(inc.group_id) if inc.group_id else None
        implicit.append((group.manager_id if group else None, StakeholderRole.MANAGER))
        for pid, role in implicit:
            if pid is None or pid in seen:
                continue
            p = uow.people.get(pid)
            if p is not None:
                rows.append(StakeholderRow(p.id, p.name, p.email, p.phone, role.value, implicit=True))
                seen.add(p.id)
        return rows

    def add_stakeholder(self, incident_id: int, role: str, person_id: int | None = None, name: str = "",
                        email: str = "") -> Result[list[StakeholderRow]]:
        """Add a known person, or a new contact by name and e-mail (reused when the e-mail is known)."""
        role = _enum_value(StakeholderRole, role, "role", "stakeholder role")
        with self._work() as (uow, audit):
            inc = self._incident(uow, incident_id)
            if person_id is None:
                person_id = self._contact(uow, name, email)
            elif uow.people.get(person_id) is None:
                raise ValidationError("The chosen person no longer exists.", "person")
            existing = uow.comm_log.stakeholder(inc.id, person_id)
            if existing is not None:
                if existing.role == role:
                    raise ValidationError("This person is already a stakeholder with that role.", "person")
                audit.event(inc, EventKind.COMMUNICATION, "stakeholder_role", existing.role, role,
                            {"person_id": person_id})
                existing.role = role
            else:
                uow.add(Stakeholder(incident_id=inc.id, person_id=person_id, role=role))
                audit.event(inc, EventKind.COMMUNICATION, "stakeholder", None, person_id, {"role": role})
            uow.flush()
            rows = self._stakeholders(uow, inc)
            uow.commit()
            return Result(rows, Changes.incident(inc.id, TOPIC))

    @staticmethod
    def _contact(uow: UnitOfWork, name: str, email: str) -> int:
        name = clean_line(name, "name", "Name", required=True)
        mail = clean_line(email, "email", "E-mail", max_len=254) or None
        if mail and "@" not in mail:
            raise ValidationError("The e-mail address needs an @.", "email")
        if mail:
            known = uow.people.by_email(mail)
            if known is not None:
                return known.id
        person = Person(kind="contact", name=name, email=mail, role="agent", is_active=True)
        uow.add(person)
        uow.flush()
        return person.id

    def remove_stakeholder(self, incident_id: int, person_id: int) -> Result[list[StakeholderRow]]:
        with self._work() as (uow, audit):
            inc = self._incident(uow, incident_id)
            if not uow.comm_log.remove_stakeholder(inc.id, person_id):
                raise ValidationError("Only stakeholders added to this incident can be removed; the reporter and "
                                      "the group manager follow from the incident itself.", "person")
            audit.event(inc, EventKind.COMMUNICATION, "stakeholder", person_id, None)
            uow.flush()
            rows = self._stakeholders(uow, inc)
            uow.commit()
            return Result(rows, Changes.incident(inc.id, TOPIC))

    # -- templates ----------------------------------------------------------------------------------

    def templates(self) -> list[TemplateRow]:
        with self.ctx.db.uow() as uow:
            return [_template(t) for t in uow.comm_log.templates()]

    def save_template(self, draft: TemplateDraft) -> Result[TemplateRow]:
        with self._work() as (uow, audit):
            access.check(uow, self.ctx, Permission.CHANGE_SETTINGS)  # templates are process settings
            name = clean_line(draft.name, "name", "Name", required=True, max_len=100)
            subject = clean_line(draft.subject, "subject", "Subject", required=True, max_len=SUBJECT_MAX)
            body = clean_text(draft.body, "body", "Message", required=True)
            audience = _enum_value(Audience, draft.audience, "audience", "audience") if draft.audience else None
            for text, fld in ((subject, "subject"), (body, "body")):
                unknown = unknown_placeholders(text)
                if unknown:
                    raise ValidationError(describe_unknown(unknown), fld)
            clash = uow.comm_log.template_by_name(name)
            if clash is not None and clash.id != draft.id:
                raise ValidationError(f"There is already a template named '{clash.name}'.", "name")
            if draft.id is None:
                t = CommTemplate(name=name, audience=audience, subject=subject, body=body)
                uow.add(t)
                uow.flush()
                audit.event(None, EventKind.COMMUNICATION, "template", None, name, {"template_id": t.id})
            else:
                found = uow.comm_log.template(draft.id)
                if found is None:
                    raise NotFound("The template was deleted in the meantime.")
                t = found
                old = {"name": t.name, "audience": t.audience, "subject": t.subject, "body": t.body}
                t.name, t.audience, t.subject, t.body = name, audience, subject, body
                new = {"name": name, "audience": audience, "subject": subject, "body": body}
                changed = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
                if changed:
                    audit.event(None, EventKind.COMMUNICATION, "template", old["name"], name,
                                {"template_id": t.id, "changed": changed})
            uow.flush()
            row = _template(t)
            uow.commit()
            return Result(row, Changes(topics=frozenset({TOPIC, "templates"})))

    def delete_template(self, template_id: int) -> Result[None]:
        with self._work() as (uow, audit):
            access.check(uow, self.ctx, Permission.CHANGE_SETTINGS)
            t = uow.comm_log.template(template_id)
            if t is None:
                raise NotFound("The template was deleted in the meantime.")
            audit.event(None, EventKind.COMMUNICATION, "template", t.name, None, {"template_id": t.id})
            uow.comm_log.delete_template(template_id)
            uow.commit()
            return Result(None, Changes(topics=frozenset({TOPIC, "templates"})))

    def render_template(self, incident_id: int, template_id: int) -> tuple[str, str, tuple[str, ...]]:
        """(subject, body, unknown placeholders) of a template filled for one incident."""
        values = self.placeholder_values(incident_id)
        with self.ctx.db.uow() as uow:
            t = uow.comm_log.template(template_id)
            if t is None:
                raise NotFound("The template was deleted in the meantime.")
            subject, body = render(t.subject, values), render(t.body, values)
        unknown = tuple(dict.fromkeys(subject.unknown + body.unknown))
        return subject.text, body.text, unknown
