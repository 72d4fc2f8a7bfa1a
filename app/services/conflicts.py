"""What someone else changed on an incident since the version a user had: for the conflict dialog."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from app.services.context import ServiceContext
from app.services.dto import IncidentDetail, Ref
from app.services.incidents import IncidentService
from app.services.timeline import FIELD_LABELS, TimelineEntry, TimelineService

# Bookkeeping the other person did not choose to change (the SLA instants follow from priority and status).
IGNORED = frozenset({"version", "updated_at", "response_warn_at", "resolution_warn_at", "category_path"})


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field as the user saw it and as it is now (names, not ids; datetimes stay datetimes)."""

    field: str
    label: str
    yours: Any
    now: Any


@dataclass(frozen=True, slots=True)
class ConflictReport:
    incident_id: int
    number: str
    seen_version: int
    current: IncidentDetail
    differences: tuple[FieldDifference, ...]
    entries: tuple[TimelineEntry, ...]  # the audit events since the user's version, oldest first

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.actor for e in self.entries))


def label_of(name: str) -> str:
    base = name[:-3] if name.endswith("_id") else name
    return FIELD_LABELS.get(name, FIELD_LABELS.get(f"{base}_id", base.replace("_", " ").capitalize()))


def _plain(value: Any) -> Any:
    return value.name if isinstance(value, Ref) else value


def differences(seen: IncidentDetail, current: IncidentDetail) -> tuple[FieldDifference, ...]:
    out = []
    for f in fields(IncidentDetail):
        if f.name in IGNORED:
            continue
        old, new = getattr(seen, f.name), getattr(current, f.name)
        if old != new:
            out.append(FieldDifference(f.name, label_of(f.name), _plain(old), _plain(new)))
    return tuple(out)


class ConflictService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def report(self, incident_id: int, seen: IncidentDetail) -> ConflictReport:
        """The incident now, the fields that differ from what the user saw, and the events since then.

        Events are those stamped after the user's version was saved; the field comparison does not depend on
        clocks at all, so even a workstation whose clock runs behind cannot hide a change.
        """
        current = IncidentService(self.ctx).get(incident_id)
        entries = tuple(e for e in TimelineService(self.ctx).entries(incident_id) if e.at > seen.updated_at)
        return ConflictReport(incident_id, current.number, seen.version, current, differences(seen, current), entries)
