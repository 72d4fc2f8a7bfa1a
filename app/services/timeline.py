"""An incident's timeline read from its audit events: who, when, what changed, with ids shown as names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.services.context import ServiceContext
from app.services.mapping import to_event

FIELD_LABELS = {
    "group_id": "Assignment group", "assignee_id": "Assignee", "category_id": "Category", "service_id": "Service",
    "resolved_by_id": "Resolved by", "duplicate_of_id": "Duplicate of", "parent_id": "Parent",
    "follow_up_of_id": "Follow-up of", "is_major": "Major incident", "hold_reason": "Hold reason",
    "acknowledged_at": "Acknowledged", "resolved_at": "Resolved", "closed_at": "Closed",
    "next_update_due_at": "Next update due",
}
PERSON_FIELDS = frozenset({"assignee_id", "resolved_by_id", "reporter_id"})
INCIDENT_FIELDS = frozenset({"duplicate_of_id", "parent_id", "follow_up_of_id"})


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: int
    at: datetime
    actor: str
    kind: str
    field: str | None
    summary: str
    payload: dict[str, Any] | None


class TimelineService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def entries(self, incident_id: int) -> list[TimelineEntry]:
        with self.ctx.db.uow() as uow:
            events = [to_event(e) for e in uow.events.for_incident(incident_id)]
            groups = {g.id: g.name for g in uow.groups.all()}
            cats = {c.id: c.name for c in uow.catalogue.categories()}
            svcs = {s.id: s.name for s in uow.catalogue.services()}
            pids = {int(v) for e in events if e.field in PERSON_FIELDS for v in (e.old, e.new) if _is_int(v)}
            people = uow.people.names(pids)
            iids = {int(v) for e in events if e.field in INCIDENT_FIELDS for v in (e.old, e.new) if _is_int(v)}
            numbers = uow.incidents.numbers(iids)
        lookups: dict[str, dict[int, str]] = {"group_id": groups, "category_id": cats, "service_id": svcs,
                                              **{f: people for f in PERSON_FIELDS},
                                              **{f: numbers for f in INCIDENT_FIELDS}}

        def show(fld: str | None, value: str | None) -> str:
            if value is None or value == "":
                return "-"
            table = lookups.get(fld or "")
            if table is not None and _is_int(value):
                return table.get(int(value), f"#{value}")
            if value in ("true", "false"):
                return "yes" if value == "true" else "no"
            return value.replace("_", " ") if fld in ("status", "hold_reason", "cancel_reason") else value

        out = []
        for e in events:
            label = FIELD_LABELS.get(e.field or "", (e.field or "").replace("_", " ").capitalize())
            if e.field and (e.old is not None or e.new is not None):
                summary = f"{label}: {show(e.field, e.old)} \u2192 {show(e.field, e.new)}"
            elif e.payload:
                summary = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in e.payload.items()
                                    if v not in (None, "") and not k.endswith("_id"))
            else:
                summary = label
            out.append(TimelineEntry(e.id, e.at, e.actor, e.kind, e.field, summary, e.payload))
        return out


def _is_int(value: str | None) -> bool:
    return value is not None and value.lstrip("-").isdigit()
