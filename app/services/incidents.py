"""Lifecycle use cases: log, categorize, assign, acknowledge, hold, resolve, close, cancel, reopen, notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from app.domain import roles
from app.domain.clock import ensure_utc
from app.domain.enums import (
    OPEN_STATUSES,
    CallerConfirmation,
    CancelReason,
    EscalationKind,
    EventKind,
    HoldReason,
    NoteKind,
    Priority,
    Source,
    Status,
    Tier,
)
from app.domain.errors import ConcurrencyConflict, NotFound, PermissionDenied, TransitionRefused, ValidationError
from app.domain.escalation import EscalationRequest, validate_escalation
from app.domain.lifecycle import TransitionContext, check_transition, is_reopen
from app.domain.roles import Permission, allows
from app.domain.validation import TITLE_MAX, clean_line, clean_text, format_number, not_in_future
from app.services import access, sla_times
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.dto import AuditEventRow, EscalationRow, IncidentDetail, NoteRow
from app.services.mapping import to_detail, to_escalation, to_event, to_note
from app.store.tables import Escalation, Incident, Note, Person
from app.store.uow import UnitOfWork

OPEN_VALUES = tuple(s.value for s in OPEN_STATUSES)


@dataclass(frozen=True)
class NewContact:
    name: str
    email: str | None = None
    phone: str | None = None
    department: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class LogRequest:
    """Everything the logging wizard collects; nothing is written until `log()` runs."""

    title: str
    source: Source
    description: str = ""
    detected_at: datetime | None = None
    reporter_id: int | None = None
    new_reporter: NewContact | None = None
    service_id: int | None = None
    configuration_item: str | None = None
    business_impact: str | None = None
    category_id: int | None = None
    impact: int = 3
    urgency: int = 3
    is_major: bool = False
    major_justification: str | None = None
    group_id: int | None = None
    assignee_id: int | None = None
    duplicate_of_id: int | None = None
    parent_id: int | None = None
    follow_up_of_id: int | None = None


@dataclass(frozen=True)
class Categorization:
    category_id: int | None
    impact: int
    urgency: int
    is_major: bool = False
    major_justification: str | None = None
    reason: str | None = None


class IncidentService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- plumbing ---------------------------------------------------------------------------------

    @contextmanager
    def _work(self) -> Iterator[tuple[UnitOfWork, Auditor]]:
        with self.ctx.db.uow() as uow:
            yield uow, Auditor(uow, self.ctx.user_id, self.ctx.clock.now())

    @staticmethod
    def _load(uow: UnitOfWork, incident_id: int, expected_version: int | None = None) -> Incident:
        inc = uow.incidents.get(incident_id)
        if inc is None:
            raise NotFound(f"Incident {incident_id} no longer exists.")
        if expected_version is not None and inc.version != expected_version:
            raise ConcurrencyConflict(
                f"{inc.number} was changed by someone else while you were working on it. Reload it and apply "
                "your change again."
            )
        return inc

    def _finish(self, uow: UnitOfWork, inc: Incident, audit: Auditor, *topics: str,
                created: bool = False) -> Result[IncidentDetail]:
        inc.updated_at = audit.now
        uow.flush()
        detail = to_detail(uow, inc)
        uow.commit()
        return Result(detail, Changes.incident(inc.id, *topics, created=created))

    def _mutate(self, incident_id: int, expected_version: int | None,
                fn: Callable[[UnitOfWork, Incident, Auditor], tuple[str, ...] | None]) -> Result[IncidentDetail]:
        with self._work() as (uow, audit):
            inc = self._load(uow, incident_id, expected_version)
            topics = fn(uow, inc, audit) or ()
            return self._finish(uow, inc, audit, *topics)

    def _transition(self, uow: UnitOfWork, inc: Incident, audit: Auditor, target: Status,
                    ctx: TransitionContext | None = None) -> None:
        current = Status(inc.status)
        base = ctx or TransitionContext()
        full = replace(base, number=inc.number, has_group=inc.group_id is not None, now=audit.now)
        check_transition(current, target, full)
        was_held = current is Status.ON_HOLD
        audit.set(inc, "status", target.value, EventKind.STATUS_CHANGED)
        if was_held and target is not Status.ON_HOLD:
            self._resume_clock(uow, inc, audit)

    def _resume_clock(self, uow: UnitOfWork, inc: Incident, audit: Auditor) -> None:
        audit.event(inc, EventKind.RESUMED, "hold_reason", inc.hold_reason, None)
        inc.hold_reason = None
        inc.sla_paused_at = None
        uow.flush()
        sla_times.recompute(uow, inc, self.ctx.settings(), audit.now)

    # -- reads ------------------------------------------------------------------------------------

    def get(self, incident_id: int) -> IncidentDetail:
        with self.ctx.db.uow() as uow:
            return to_detail(uow, self._load(uow, incident_id))

    def get_by_number(self, number: str) -> IncidentDetail:
        with self.ctx.db.uow() as uow:
            inc = uow.incidents.by_number(number.strip().upper())
            if inc is None:
                raise NotFound(f"There is no incident {number}.")
            return to_detail(uow, inc)

    def events(self, incident_id: int) -> list[AuditEventRow]:
        with self.ctx.db.uow() as uow:
            return [to_event(e) for e in uow.events.for_incident(incident_id)]

    def notes(self, incident_id: int) -> list[NoteRow]:
        with self.ctx.db.uow() as uow:
            return [to_note(n) for n in uow.notes.for_incident(incident_id)]

    def escalations(self, incident_id: int) -> list[EscalationRow]:
        with self.ctx.db.uow() as uow:
            return [to_escalation(uow, e) for e in uow.escalations.for_incident(incident_id)]

    # -- logging ----------------------------------------------------------------------------------

    def log(self, req: LogRequest) -> Result[IncidentDetail]:
        settings = self.ctx.settings()
        with self._work() as (uow, audit):
            now = audit.now
            title = clean_line(req.title, "title", "Title", required=True, max_len=TITLE_MAX)
            description = clean_text(req.description, "description", "Description")
            business_impact = clean_text(req.business_impact, "business_impact", "Business impact") or None
            ci = clean_line(req.configuration_item, "configuration_item", "Configuration item") or None
            detected = not_in_future(req.detected_at or now, now, "detected_at", "Detection time")
            priority = settings.matrix.priority(req.impact, req.urgency)
            justification = clean_text(req.major_justification, "major_justification", "Justification") or None
            if req.is_major and not justification:
                raise ValidationError("A major incident needs a justification.", "major_justification")
            reporter_id = req.reporter_id
            if req.new_reporter is not None:
                reporter_id = self._create_contact(uow, req.new_reporter)
            elif reporter_id is not None and uow.people.get(reporter_id) is None:
                raise ValidationError("The chosen reporter no longer exists.", "reporter")
            if req.category_id is not None and uow.catalogue.category(req.category_id) is None:
                raise ValidationError("The chosen category no longer exists.", "category")
            if req.service_id is not None and uow.catalogue.service(req.service_id) is None:
                raise ValidationError("The chosen service no longer exists.", "service")
            group = uow.groups.get(req.group_id) if req.group_id else uow.groups.service_desk()
            duplicate = uow.incidents.get(req.duplicate_of_id) if req.duplicate_of_id else None
            if req.duplicate_of_id and duplicate is None:
                raise ValidationError("The incident this duplicates no longer exists.", "duplicate_of")
            number = format_number(uow.incidents.next_number())
            inc = Incident(
                number=number, title=title, description=description, source=Source(req.source).value,
                status=Status.NEW.value, impact=req.impact, urgency=req.urgency, priority=int(priority),
                is_major=req.is_major, major_justification=justification, category_id=req.category_id,
                service_id=req.service_id, configuration_item=ci, business_impact=business_impact,
                reporter_id=reporter_id, detected_at=detected, logged_at=now, logged_by_id=self.ctx.user_id,
                group_id=group.id if group else None, tier=group.tier if group else int(Tier.SERVICE_DESK),
                assignee_id=req.assignee_id, parent_id=req.parent_id, follow_up_of_id=req.follow_up_of_id,
                updated_at=now, reopen_count=0, escalation_count=0, alert_count=0,
            )
            sla_times.recompute(uow, inc, settings, now, pauses=[])
            interval = settings.update_interval(priority)
            inc.next_update_due_at = now + interval if interval else None
            uow.add(inc)
            uow.flush()
            audit.event(inc, EventKind.CREATED, payload={
                "number": number, "title": title, "source": inc.source, "priority": inc.priority,
                "impact": inc.impact, "urgency": inc.urgency, "detected_at": detected.isoformat(),
                "group_id": inc.group_id, "category_id": inc.category_id, "service_id": inc.service_id,
            })
            if group is not None:
                audit.set(inc, "status", Status.ASSIGNED.value, EventKind.STATUS_CHANGED)
                audit.event(inc, EventKind.ASSIGNED, "group_id", None, group.id, {"group": group.name})
            if duplicate is not None:
                inc.duplicate_of_id = duplicate.id
                inc.cancel_reason = CancelReason.DUPLICATE.value
                audit.set(inc, "status", Status.CANCELLED.value, EventKind.CANCELLED)
                audit.event(inc, EventKind.LINKED, "duplicate_of_id", None, duplicate.number)
                audit.event(duplicate, EventKind.LINKED, "duplicates", None, number)
            if req.parent_id:
                audit.event(inc, EventKind.LINKED, "parent_id", None, req.parent_id)
            if req.follow_up_of_id:
                audit.event(inc, EventKind.LINKED, "follow_up_of_id", None, req.follow_up_of_id)
            return self._finish(uow, inc, audit, created=True)

    def _create_contact(self, uow: UnitOfWork, c: NewContact) -> int:
        name = clean_line(c.name, "reporter", "Reporter name", required=True)
        email = clean_line(c.email, "email", "E-mail", max_len=254) or None
        if email and "@" not in email:
            raise ValidationError("The e-mail address needs an @.", "email")
        if email:
            existing = uow.people.by_email(email)
            if existing is not None:
                return existing.id
        person = Person(kind="contact", name=name, email=email,
                        phone=clean_line(c.phone, "phone", "Phone", max_len=64) or None,
                        department=clean_line(c.department, "department", "Department") or None,
                        location=clean_line(c.location, "location", "Location") or None, role="agent",
                        is_active=True)
        uow.add(person)
        uow.flush()
        return person.id

    # -- categorization ---------------------------------------------------------------------------

    def categorize(self, incident_id: int, cat: Categorization, expected_version: int | None = None
                   ) -> Result[IncidentDetail]:
        settings = self.ctx.settings()

        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            if Status(inc.status).is_final:
                raise TransitionRefused(f"{inc.number} is {Status(inc.status).label}; it cannot be re-categorized.")
            priority = settings.matrix.priority(cat.impact, cat.urgency)
            reason = clean_text(cat.reason, "reason", "Reason") or None
            if int(priority) != inc.priority and not reason:
                raise ValidationError(
                    f"The priority changes from P{inc.priority} to {priority.short}: give a reason.", "reason"
                )
            justification = clean_text(cat.major_justification, "major_justification", "Justification") or None
            if cat.is_major and not justification and not inc.major_justification:
                raise ValidationError("A major incident needs a justification.", "major_justification")
            if cat.category_id is not None and uow.catalogue.category(cat.category_id) is None:
                raise ValidationError("The chosen category no longer exists.", "category")
            audit.set(inc, "category_id", cat.category_id)
            audit.set(inc, "impact", cat.impact)
            audit.set(inc, "urgency", cat.urgency)
            audit.set(inc, "is_major", cat.is_major)
            if justification:
                audit.set(inc, "major_justification", justification)
            old = inc.priority
            if int(priority) != old:
                inc.priority = int(priority)
                audit.event(inc, EventKind.PRIORITY_CHANGED, "priority", f"P{old}", priority.short,
                            {"reason": reason})
                sla_times.recompute(uow, inc, settings, audit.now)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def update_fields(self, incident_id: int, expected_version: int | None = None, **fields: object
                      ) -> Result[IncidentDetail]:
        """Edit free-text details (title, description, diagnosis fields, service); each change audited."""
        editable = {"title": TITLE_MAX, "description": 0, "business_impact": 0, "symptoms": 0,
                    "suspected_cause": 0, "problem_ref": 64, "configuration_item": 200}

        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            if Status(inc.status).is_final:
                raise TransitionRefused(f"{inc.number} is {Status(inc.status).label}; its details are final.")
            for name, value in fields.items():
                if name == "service_id":
                    if value is not None and uow.catalogue.service(int(value)) is None:  # type: ignore[call-overload]
                        raise ValidationError("The chosen service no longer exists.", "service")
                    audit.set(inc, name, value)
                    continue
                if name not in editable:
                    raise ValidationError(f"{name} cannot be edited here.", name)
                limit = editable[name]
                label = name.replace("_", " ").capitalize()
                text = (clean_line(str(value or ""), name, label, required=name == "title", max_len=limit) if limit
                        else clean_text(str(value or ""), name, label))
                audit.set(inc, name, text or (None if name != "description" else ""))
            return ()

        return self._mutate(incident_id, expected_version, apply)

    # -- ownership --------------------------------------------------------------------------------

    def assign(self, incident_id: int, group_id: int | None, assignee_id: int | None = None,
               expected_version: int | None = None) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            status = Status(inc.status)
            if not status.is_open:
                raise TransitionRefused(f"{inc.number} is {status.label}; it cannot be reassigned.")
            group = uow.groups.get(group_id) if group_id is not None else None
            if group_id is not None and group is None:
                raise ValidationError("The chosen group no longer exists.", "group")
            if group is None:
                raise ValidationError("Choose an assignment group.", "group")
            if assignee_id is not None:
                person = uow.people.get(assignee_id)
                if person is None or person.kind != "staff":
                    raise ValidationError("The assignee must be a member of staff.", "assignee")
                if not uow.groups.is_member(group.id, assignee_id):
                    raise ValidationError(f"{person.name} is not a member of {group.name}.", "assignee")
            if inc.group_id is not None and group.id != inc.group_id:
                access.check(uow, self.ctx, Permission.REASSIGN_ACROSS_GROUPS)  # agents escalate instead
            changed_group = audit.set(inc, "group_id", group.id)
            changed_person = audit.set(inc, "assignee_id", assignee_id)
            if changed_group:
                audit.set(inc, "tier", group.tier)
            if changed_group or changed_person:
                audit.event(inc, EventKind.ASSIGNED, None, None, None,
                            {"group": group.name, "assignee_id": assignee_id})
            if status is Status.NEW:
                self._transition(uow, inc, audit, Status.ASSIGNED)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def acknowledge(self, incident_id: int, expected_version: int | None = None) -> Result[IncidentDetail]:
        """Take ownership: assign to the current user and stop the response clock."""
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            status = Status(inc.status)
            if not status.is_open:
                raise TransitionRefused(f"{inc.number} is {status.label}; there is nothing to acknowledge.")
            if inc.group_id is None:
                desk = uow.groups.service_desk()
                if desk is not None:
                    audit.set(inc, "group_id", desk.id)
            if self.ctx.user_id is not None:
                audit.set(inc, "assignee_id", self.ctx.user_id)
            if inc.acknowledged_at is None:
                audit.set(inc, "acknowledged_at", audit.now, EventKind.ACKNOWLEDGED)
            if status is Status.NEW:
                self._transition(uow, inc, audit, Status.ASSIGNED)
                status = Status.ASSIGNED
            if status is Status.ASSIGNED:
                self._transition(uow, inc, audit, Status.IN_PROGRESS)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def start_work(self, incident_id: int, expected_version: int | None = None) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            self._transition(uow, inc, audit, Status.IN_PROGRESS)
            if inc.acknowledged_at is None:
                audit.set(inc, "acknowledged_at", audit.now, EventKind.ACKNOWLEDGED)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    # -- hold -------------------------------------------------------------------------------------

    def hold(self, incident_id: int, reason: HoldReason, note: str = "", expected_version: int | None = None
             ) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            self._transition(uow, inc, audit, Status.ON_HOLD, TransitionContext(hold_reason=reason))
            inc.hold_reason = HoldReason(reason).value
            inc.sla_paused_at = audit.now
            audit.event(inc, EventKind.HELD, "hold_reason", None, inc.hold_reason)
            text = clean_text(note, "note", "Note")
            if text:
                self._add_note(uow, inc, audit, text, NoteKind.WORK)
            sla_times.recompute(uow, inc, self.ctx.settings(), audit.now)
            return ("notes",) if text else ()

        return self._mutate(incident_id, expected_version, apply)

    def resume(self, incident_id: int, expected_version: int | None = None) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            self._transition(uow, inc, audit, Status.IN_PROGRESS)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    # -- escalation -------------------------------------------------------------------------------

    def escalate(self, incident_id: int, kind: EscalationKind, reason: str, group_id: int | None = None,
                 person_id: int | None = None, make_major: bool = False, expected_version: int | None = None,
                 system: bool = False) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            self._escalate(uow, inc, audit, kind, reason, group_id, person_id, make_major, system)
            return ("escalations",)

        return self._mutate(incident_id, expected_version, apply)

    def apply_escalation(self, uow: UnitOfWork, inc: Incident, audit: Auditor, kind: EscalationKind, reason: str,
                         group_id: int | None = None, person_id: int | None = None, make_major: bool = False,
                         system: bool = False) -> None:
        """Escalate inside the caller's unit of work (the SLA engine escalates many incidents in one)."""
        self._escalate(uow, inc, audit, kind, reason, group_id, person_id, make_major, system)

    def _escalate(self, uow: UnitOfWork, inc: Incident, audit: Auditor, kind: EscalationKind, reason: str,
                  group_id: int | None, person_id: int | None, make_major: bool, system: bool) -> None:
        kind = EscalationKind(kind)
        target = uow.groups.get(group_id) if group_id is not None else None
        if kind is EscalationKind.DE_ESCALATION:
            target = uow.groups.service_desk()
        if group_id is not None and target is None:
            raise ValidationError("The chosen group no longer exists.", "group")
        validate_escalation(EscalationRequest(
            kind=kind, reason=reason, current_tier=Tier(inc.tier),
            target_tier=Tier(target.tier) if target is not None and kind is EscalationKind.FUNCTIONAL else None,
            status=Status(inc.status),
        ))
        if kind is EscalationKind.HIERARCHICAL and person_id is None:
            group = uow.groups.get(inc.group_id) if inc.group_id else None
            person_id = self._receiving_manager(uow, group.manager_id if group else None)
            if person_id is None:
                raise ValidationError("Choose the manager to escalate to.", "person")
        if person_id is not None:
            person = uow.people.get(person_id)
            if person is None or person.kind != "staff" or not person.is_active:
                raise ValidationError("The chosen manager is not an active member of staff.", "person")
            if kind is EscalationKind.HIERARCHICAL and not allows(person.role, Permission.RECEIVE_HIERARCHICAL):
                why = roles.reason(Permission.RECEIVE_HIERARCHICAL)
                raise PermissionDenied(f"{person.name} cannot receive it: {why[0].lower()}{why[1:]}")
        row = Escalation(
            incident_id=inc.id, at=audit.now, kind=kind.value, from_group_id=inc.group_id,
            to_group_id=target.id if target is not None and kind is not EscalationKind.HIERARCHICAL else None,
            from_tier=inc.tier, to_tier=target.tier if target is not None else None, to_person_id=person_id,
            reason=reason.strip(), by_id=None if system else audit.actor_id,
            by_name="System" if system else audit.actor_name, is_system=system,
        )
        uow.add(row)
        if kind in (EscalationKind.FUNCTIONAL, EscalationKind.DE_ESCALATION) and target is not None:
            audit.set(inc, "group_id", target.id)
            audit.set(inc, "tier", target.tier)
            audit.set(inc, "assignee_id", None)
        if kind is EscalationKind.FUNCTIONAL:
            inc.escalation_count += 1
        if kind is EscalationKind.HIERARCHICAL:
            inc.escalation_count += 1
            if make_major:
                audit.set(inc, "is_major", True)
                if not inc.major_justification:
                    inc.major_justification = reason.strip()
        audit.event(inc, EventKind.ESCALATED, "group_id" if target else "manager", None, None, {
            "kind": kind.value, "to_group": target.name if target else None, "to_person_id": person_id,
            "reason": reason.strip(), "system": system,
        })

    @staticmethod
    def _receiving_manager(uow: UnitOfWork, person_id: int | None) -> int | None:
        """The group's manager if they may receive hierarchical escalations, else up their line of managers
        (a team lead's own manager), so the default target is always someone whose role receives them."""
        seen: set[int] = set()
        while person_id is not None and person_id not in seen:
            seen.add(person_id)
            person = uow.people.get(person_id)
            if person is None:
                return None
            if person.is_active and allows(person.role, Permission.RECEIVE_HIERARCHICAL):
                return person_id
            person_id = person.manager_id
        return None

    # -- notes ------------------------------------------------------------------------------------

    def add_note(self, incident_id: int, body: str, kind: NoteKind = NoteKind.WORK) -> Result[NoteRow]:
        with self._work() as (uow, audit):
            inc = self._load(uow, incident_id)
            text = clean_text(body, "note", "Note", required=True)
            note = self._add_note(uow, inc, audit, text, NoteKind(kind))
            inc.updated_at = audit.now
            uow.flush()
            row = to_note(note)
            uow.commit()
            return Result(row, Changes.incident(inc.id, "notes"))

    @staticmethod
    def _add_note(uow: UnitOfWork, inc: Incident, audit: Auditor, text: str, kind: NoteKind) -> Note:
        note = Note(incident_id=inc.id, at=audit.now, author_id=audit.actor_id, author_name=audit.actor_name,
                    kind=kind.value, body=text)
        uow.add(note)
        uow.flush()
        audit.event(inc, EventKind.NOTE_ADDED, None, None, None, {"note_id": note.id, "kind": kind.value})
        return note

    # -- resolution and closure -------------------------------------------------------------------

    def resolve(self, incident_id: int, code: str, notes: str, workaround: bool = False,
                recovery_confirmed: bool = False, expected_version: int | None = None,
                child_ids: Sequence[int] = ()) -> Result[IncidentDetail]:
        """Resolve the incident and, in the same transaction, the chosen open children with the same resolution."""
        touched: list[int] = []

        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            self._resolve(uow, inc, audit, code, notes, workaround, recovery_confirmed)
            for child_id in dict.fromkeys(child_ids):
                child = self._load(uow, child_id)
                if child.parent_id != inc.id:
                    raise ValidationError(f"{child.number} is not a child of {inc.number}.", "children")
                if not Status(child.status).is_open:
                    continue  # resolved meanwhile: nothing to do, and not worth refusing the parent
                self._resolve(uow, child, audit, code, notes, workaround, recovery_confirmed)
                audit.event(child, EventKind.LINKED, "resolved_with_parent", None, inc.number)
                child.updated_at = audit.now
                touched.append(child.id)
            return ()

        result = self._mutate(incident_id, expected_version, apply)
        if not touched:
            return result
        return Result(result.value, result.changes | Changes(incident_ids=frozenset(touched)))

    def open_children(self, incident_id: int) -> list[tuple[int, str, str]]:
        """(id, number, title) of the incident's open children, for the resolve dialog."""
        with self.ctx.db.uow() as uow:
            return [(c.id, c.number, c.title) for c in uow.workflow.open_children(incident_id, OPEN_VALUES)]

    def _resolve(self, uow: UnitOfWork, inc: Incident, audit: Auditor, code: str, notes: str, workaround: bool,
                 recovery_confirmed: bool) -> None:
        code = (code or "").strip()
        text = clean_text(notes, "resolution_notes", "Resolution notes")
        settings = self.ctx.settings()
        if code and code not in settings.resolution_codes:
            raise ValidationError(f"'{code}' is not a resolution code in the settings.", "resolution_code")
        self._transition(uow, inc, audit, Status.RESOLVED,
                         TransitionContext(resolution_code=code, resolution_notes=text))
        audit.set(inc, "resolution_code", code)
        audit.set(inc, "resolution_notes", text)
        audit.set(inc, "is_workaround", bool(workaround))
        audit.set(inc, "recovery_confirmed", bool(recovery_confirmed))
        audit.set(inc, "resolved_at", audit.now, EventKind.RESOLVED)
        audit.set(inc, "resolved_by_id", audit.actor_id)
        audit.set(inc, "first_contact_resolution", self.is_first_contact(uow, inc))
        if inc.acknowledged_at is None:
            audit.set(inc, "acknowledged_at", audit.now, EventKind.ACKNOWLEDGED)

    @staticmethod
    def is_first_contact(uow: UnitOfWork, inc: Incident) -> bool:
        """Tier 1 solves it without handing it to another group and without a reopen. Telling a manager
        (hierarchical escalation, also the automatic one on an SLA breach) does not hand the work over."""
        if inc.tier != int(Tier.SERVICE_DESK) or inc.reopen_count:
            return False
        if inc.escalation_count == 0:
            return True
        return not any(e.kind == EscalationKind.FUNCTIONAL.value for e in uow.escalations.for_incident(inc.id))

    def close(self, incident_id: int, closure_code: str, confirmation: CallerConfirmation,
              expected_version: int | None = None) -> Result[IncidentDetail]:
        settings = self.ctx.settings()

        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            code = (closure_code or "").strip()
            if code and code not in settings.closure_codes:
                raise ValidationError(f"'{code}' is not a closure code in the settings.", "closure_code")
            self.apply_close(uow, inc, audit, code, confirmation)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def apply_close(self, uow: UnitOfWork, inc: Incident, audit: Auditor, code: str,
                    confirmation: CallerConfirmation) -> None:
        """Close inside the caller's unit of work; refused (TransitionRefused) with every reason."""
        children = tuple(c.number for c in uow.incidents.children(inc.id) if Status(c.status).is_open)
        review_required = inc.is_major or inc.priority == int(Priority.P1)
        has_review = uow.reviews.current(inc.id) is not None
        self._transition(uow, inc, audit, Status.CLOSED, TransitionContext(
            number=inc.number, closure_code=code, resolution_code=inc.resolution_code, open_children=children,
            review_required=review_required, has_review=has_review))
        audit.set(inc, "closure_code", code)
        audit.set(inc, "caller_confirmation", CallerConfirmation(confirmation).value)
        audit.set(inc, "closed_at", audit.now, EventKind.CLOSED)
        inc.next_update_due_at = None

    def await_caller(self, incident_id: int, expected_version: int | None = None) -> Result[IncidentDetail]:
        """The caller did not answer: the incident stays Resolved and the SLA engine closes it after N days."""
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            status = Status(inc.status)
            if status is not Status.RESOLVED:
                raise TransitionRefused(f"Only a resolved incident waits for the caller; {inc.number} is "
                                        f"{status.label}.")
            audit.set(inc, "caller_confirmation", CallerConfirmation.NO_ANSWER.value)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def close_check(self, incident_id: int) -> list[str]:
        """Why closing would be refused right now (empty when it is allowed), for the close dialog."""
        settings = self.ctx.settings()
        with self.ctx.db.uow() as uow:
            inc = self._load(uow, incident_id)
            from app.domain.lifecycle import refusal_reasons

            children = tuple(c.number for c in uow.incidents.children(inc.id) if Status(c.status).is_open)
            return refusal_reasons(Status(inc.status), Status.CLOSED, TransitionContext(
                number=inc.number, closure_code=settings.closure_codes[0] if settings.closure_codes else None,
                resolution_code=inc.resolution_code, open_children=children,
                review_required=inc.is_major or inc.priority == int(Priority.P1),
                has_review=uow.reviews.current(inc.id) is not None, has_group=inc.group_id is not None))

    def cancel(self, incident_id: int, reason: CancelReason, note: str = "", duplicate_of: str | None = None,
               expected_version: int | None = None) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            dup = None
            if duplicate_of:
                dup = uow.incidents.by_number(duplicate_of.strip().upper())
                if dup is None:
                    raise ValidationError(f"There is no incident {duplicate_of}.", "duplicate_of")
                if dup.id == inc.id:
                    raise ValidationError("An incident cannot duplicate itself.", "duplicate_of")
            self._transition(uow, inc, audit, Status.CANCELLED, TransitionContext(
                cancel_reason=CancelReason(reason) if reason else None, duplicate_of=duplicate_of))
            audit.set(inc, "cancel_reason", CancelReason(reason).value, EventKind.CANCELLED)
            if dup is not None:
                audit.set(inc, "duplicate_of_id", dup.id, EventKind.LINKED)
            text = clean_text(note, "note", "Note")
            if text:
                self._add_note(uow, inc, audit, text, NoteKind.WORK)
            inc.closed_at = audit.now
            inc.next_update_due_at = None
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def reopen(self, incident_id: int, reason: str, expected_version: int | None = None) -> Result[IncidentDetail]:
        settings = self.ctx.settings()

        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            current = Status(inc.status)
            if not is_reopen(current, Status.IN_PROGRESS):
                raise TransitionRefused(f"Only a resolved incident can be reopened; {inc.number} is {current.label}.")
            self._transition(uow, inc, audit, Status.IN_PROGRESS, TransitionContext(
                reason=reason, resolved_at=ensure_utc(inc.resolved_at) if inc.resolved_at else None,
                reopen_window=settings.reopen_window))
            inc.reopen_count += 1
            audit.event(inc, EventKind.REOPENED, "reopen_count", inc.reopen_count - 1, inc.reopen_count,
                        {"reason": reason.strip()})
            audit.set(inc, "resolved_at", None)
            audit.set(inc, "first_contact_resolution", False)
            audit.set(inc, "caller_confirmation", None)
            return ()

        return self._mutate(incident_id, expected_version, apply)

    def follow_up(self, incident_id: int, title: str | None = None, reason: str = "") -> Result[IncidentDetail]:
        """A recurrence after closure (or outside the reopen window) is a new incident linked to the old."""
        old = self.get(incident_id)
        return self.log(LogRequest(
            title=title or f"Follow-up of {old.number}: {old.title}"[:TITLE_MAX],
            source=Source(old.source), description=reason or old.description,
            reporter_id=old.reporter.id if old.reporter else None, service_id=old.service.id if old.service else None,
            category_id=old.category.id if old.category else None, impact=old.impact, urgency=old.urgency,
            follow_up_of_id=old.id,
        ))

    def link_parent(self, child_id: int, parent_id: int | None) -> Result[IncidentDetail]:
        def apply(uow: UnitOfWork, inc: Incident, audit: Auditor) -> tuple[str, ...]:
            if Status(inc.status).is_final:
                raise TransitionRefused(f"{inc.number} is {Status(inc.status).label}; its links are final.")
            if parent_id is not None:
                parent = self._load(uow, parent_id)
                if parent.id == inc.id:
                    raise ValidationError("An incident cannot be its own parent.", "parent")
                if Status(parent.status).is_final:
                    raise ValidationError(f"{parent.number} is {Status(parent.status).label}; link to an open "
                                          "incident.", "parent")
                seen: set[int] = set()
                cursor: Incident | None = parent
                while cursor is not None and cursor.parent_id is not None and cursor.id not in seen:
                    seen.add(cursor.id)
                    if cursor.parent_id == inc.id:
                        raise ValidationError(f"{parent.number} is already below {inc.number}; the link would "
                                              "make a circle.", "parent")
                    cursor = uow.incidents.get(cursor.parent_id)
            audit.set(inc, "parent_id", parent_id, EventKind.LINKED)
            return ()

        result = self._mutate(child_id, None, apply)
        extra = Changes(incident_ids=frozenset({parent_id}) if parent_id else frozenset())
        return Result(result.value, result.changes | extra)
