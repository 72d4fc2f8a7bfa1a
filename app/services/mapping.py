"""ORM rows to immutable DTOs (names resolved in one query per kind)."""

from __future__ import annotations

from app.services.dto import AuditEventRow, EscalationRow, IncidentDetail, NoteRow, Ref
from app.store.tables import AuditEvent, Escalation, Incident, Note
from app.store.uow import UnitOfWork


def category_path(uow: UnitOfWork, category_id: int | None) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    while category_id is not None and category_id not in seen:
        seen.add(category_id)
        cat = uow.catalogue.category(category_id)
        if cat is None:
            break
        parts.append(cat.name)
        category_id = cat.parent_id
    return " / ".join(reversed(parts))


def to_detail(uow: UnitOfWork, inc: Incident) -> IncidentDetail:
    names = uow.people.names([inc.reporter_id, inc.assignee_id, inc.logged_by_id, inc.resolved_by_id])
    numbers = uow.incidents.numbers(i for i in (inc.duplicate_of_id, inc.parent_id, inc.follow_up_of_id) if i)

    def person(pid: int | None) -> Ref | None:
        return Ref(pid, names.get(pid, "?")) if pid is not None else None

    def incident(iid: int | None) -> Ref | None:
        return Ref(iid, numbers.get(iid, "?")) if iid is not None else None

    cat = uow.catalogue.category(inc.category_id) if inc.category_id else None
    svc = uow.catalogue.service(inc.service_id) if inc.service_id else None
    grp = uow.groups.get(inc.group_id) if inc.group_id else None
    return IncidentDetail(
        id=inc.id, number=inc.number, version=inc.version, title=inc.title, description=inc.description,
        source=inc.source, status=inc.status, hold_reason=inc.hold_reason, impact=inc.impact,
        urgency=inc.urgency, priority=inc.priority, is_major=inc.is_major,
        major_justification=inc.major_justification,
        category=Ref(cat.id, cat.name) if cat else None, category_path=category_path(uow, inc.category_id),
        service=Ref(svc.id, svc.name) if svc else None, configuration_item=inc.configuration_item,
        business_impact=inc.business_impact, reporter=person(inc.reporter_id), detected_at=inc.detected_at,
        logged_at=inc.logged_at, logged_by=person(inc.logged_by_id),
        group=Ref(grp.id, grp.name) if grp else None, tier=inc.tier, assignee=person(inc.assignee_id),
        acknowledged_at=inc.acknowledged_at, response_due_at=inc.response_due_at,
        resolution_due_at=inc.resolution_due_at, response_warn_at=inc.response_warn_at,
        resolution_warn_at=inc.resolution_warn_at, sla_paused_at=inc.sla_paused_at,
        response_breached=inc.response_breached, resolution_breached=inc.resolution_breached,
        symptoms=inc.symptoms, suspected_cause=inc.suspected_cause, problem_ref=inc.problem_ref,
        resolution_code=inc.resolution_code, resolution_notes=inc.resolution_notes,
        is_workaround=inc.is_workaround, recovery_confirmed=inc.recovery_confirmed, resolved_at=inc.resolved_at,
        resolved_by=person(inc.resolved_by_id), first_contact_resolution=inc.first_contact_resolution,
        closure_code=inc.closure_code, caller_confirmation=inc.caller_confirmation, closed_at=inc.closed_at,
        cancel_reason=inc.cancel_reason, duplicate_of=incident(inc.duplicate_of_id), parent=incident(inc.parent_id),
        follow_up_of=incident(inc.follow_up_of_id), reopen_count=inc.reopen_count,
        escalation_count=inc.escalation_count, alert_count=inc.alert_count,
        next_update_due_at=inc.next_update_due_at, updated_at=inc.updated_at, external_ref=inc.external_ref,
    )


def to_event(ev: AuditEvent) -> AuditEventRow:
    return AuditEventRow(ev.id, ev.incident_id, ev.at, ev.actor_name, ev.kind, ev.field, ev.old, ev.new, ev.payload)


def to_note(n: Note) -> NoteRow:
    return NoteRow(n.id, n.incident_id, n.at, n.author_name, n.kind, n.body)


def to_escalation(uow: UnitOfWork, e: Escalation) -> EscalationRow:
    groups = {g.id: g.name for g in uow.groups.all()}
    to_person = uow.people.names([e.to_person_id]).get(e.to_person_id) if e.to_person_id else None  # type: ignore[arg-type]
    return EscalationRow(
        e.id, e.incident_id, e.at, e.kind, groups.get(e.from_group_id) if e.from_group_id else None,
        groups.get(e.to_group_id) if e.to_group_id else None, e.from_tier, e.to_tier, to_person, e.reason,
        e.by_name, e.is_system,
    )
