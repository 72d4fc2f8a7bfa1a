"""Recompute an incident's denormalised SLA due and warning times from policy, calendar and holds."""

from __future__ import annotations

from datetime import datetime

from app.domain.enums import EventKind, Priority
from app.domain.process import ProcessSettings
from app.domain.sla import WARNING_FRACTION, Pause, due_at
from app.store.tables import Incident
from app.store.uow import UnitOfWork


def pauses_of(uow: UnitOfWork, incident: Incident, now: datetime) -> list[Pause]:
    """Hold periods from the audit trail, plus the one in progress if the incident is held now."""
    pauses: list[Pause] = []
    start: datetime | None = None
    for ev in uow.events.kinds_for_incident(incident.id, [EventKind.HELD.value, EventKind.RESUMED.value]):
        if ev.kind == EventKind.HELD.value and start is None:
            start = ev.at
        elif ev.kind == EventKind.RESUMED.value and start is not None:
            pauses.append(Pause(start, ev.at))
            start = None
    if incident.sla_paused_at is not None:
        pauses.append(Pause(incident.sla_paused_at, None))
    elif start is not None:
        pauses.append(Pause(start, None))
    return pauses


def recompute(uow: UnitOfWork, incident: Incident, settings: ProcessSettings, now: datetime,
              pauses: list[Pause] | None = None) -> None:
    targets = settings.sla.for_priority(Priority(incident.priority))
    if pauses is None:
        pauses = pauses_of(uow, incident, now) if incident.id is not None else []
    start = incident.logged_at
    cal = settings.calendar
    incident.response_due_at = due_at(start, targets.response, pauses, cal)
    incident.response_warn_at = due_at(start, targets.response * WARNING_FRACTION, pauses, cal)
    incident.resolution_due_at = due_at(start, targets.resolution, pauses, cal)
    incident.resolution_warn_at = due_at(start, targets.resolution * WARNING_FRACTION, pauses, cal)
