"""Audit trail writer: every change of any field becomes an event (who, when, old, new)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from app.domain.enums import EventKind
from app.store.tables import AuditEvent, Incident
from app.store.uow import UnitOfWork

SYSTEM_ACTOR = "System"


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Auditor:
    """Writes events for one unit of work, on behalf of one actor at one moment."""

    def __init__(self, uow: UnitOfWork, actor_id: int | None, now: datetime, actor_name: str | None = None) -> None:
        self.uow = uow
        self.actor_id = actor_id
        self.now = now
        if actor_name is None:
            person = uow.people.get(actor_id) if actor_id is not None else None
            actor_name = person.name if person is not None else SYSTEM_ACTOR
        self.actor_name = actor_name

    def event(
        self,
        incident: Incident | None,
        kind: EventKind,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
        payload: dict[str, Any] | None = None,
    ) -> AuditEvent:
        ev = AuditEvent(
            incident_id=None if incident is None else incident.id,
            at=self.now,
            actor_id=self.actor_id,
            actor_name=self.actor_name,
            kind=kind.value,
            field=field,
            old=as_text(old),
            new=as_text(new),
            payload=payload,
        )
        self.uow.add(ev)
        return ev

    def set(self, incident: Incident, field: str, value: Any, kind: EventKind = EventKind.FIELD_CHANGED) -> bool:
        """Assign a field and record the change; returns whether anything changed."""
        if isinstance(value, Enum):
            value = value.value
        old = getattr(incident, field)
        if old == value:
            return False
        setattr(incident, field, value)
        self.event(incident, kind, field, old, value)
        return True
