"""Rebuild incidents with their history from converted rows: one row per incident, or an event log of snapshots.

Pure Python: names (groups, people, categories) stay names here; the writer resolves them to ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.enums import EventKind, HoldReason, Status
from app.domain.priority import PriorityMatrix
from app.ingest.csv_import.mapping import Mapping, Shape
from app.ingest.csv_import.reader import Issue, Severity, Snapshot

TITLE_MAX = 160
IMPORT_ACTOR = "Import"
REASSIGN_REASON = "Reassigned in the source tool"
_FINISHED = (Status.RESOLVED.value, Status.CLOSED.value, Status.CANCELLED.value)
_ENDS = (Status.RESOLVED.value, Status.CLOSED.value)
_HELD = Status.ON_HOLD.value
_NEW = Status.NEW.value
_RESOLVED = Status.RESOLVED.value
_CLOSED = Status.CLOSED.value
_CANCELLED = Status.CANCELLED.value
# Plain strings: the rebuild runs once per row of large files and Enum attribute access is slow.
EV_ACKNOWLEDGED = EventKind.ACKNOWLEDGED.value
EV_ASSIGNED = EventKind.ASSIGNED.value
EV_CANCELLED = EventKind.CANCELLED.value
EV_CLOSED = EventKind.CLOSED.value
EV_CREATED = EventKind.CREATED.value
EV_ESCALATED = EventKind.ESCALATED.value
EV_FIELD_CHANGED = EventKind.FIELD_CHANGED.value
EV_HELD = EventKind.HELD.value
EV_LINKED = EventKind.LINKED.value
EV_PRIORITY_CHANGED = EventKind.PRIORITY_CHANGED.value
EV_REOPENED = EventKind.REOPENED.value
EV_RESOLVED = EventKind.RESOLVED.value
EV_RESUMED = EventKind.RESUMED.value
EV_SLA_BREACH = EventKind.SLA_BREACH.value
EV_STATUS_CHANGED = EventKind.STATUS_CHANGED.value


@dataclass(slots=True)
class Event:
    at: datetime
    actor: str
    kind: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    payload: dict[str, Any] | None = None


@dataclass(slots=True)
class Reassignment:
    at: datetime
    by: str
    from_group: str | None
    to_group: str | None


@dataclass(slots=True)
class Rebuilt:
    """One incident as it will be stored; person/group/category/service fields hold names."""

    ref: str
    first_line: int
    rows: int
    fields: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    reassignments: list[Reassignment] = field(default_factory=list)
    holds: list[tuple[datetime, datetime | None]] = field(default_factory=list)


def group_rows(snaps: list[Snapshot], mapping: Mapping, issues: list[Issue]) -> Iterator[list[Snapshot]]:
    """Per incident, in order of first appearance; event logs are sorted by time, then sequence, then line."""
    if mapping.shape is Shape.INCIDENT_PER_ROW:
        seen: set[str] = set()
        for s in snaps:
            if s.ref in seen:
                issues.append(Issue(s.line, Severity.ERROR, "the external number appears again in a file with "
                                                            "one row per incident", s.ref))
                continue
            seen.add(s.ref)
            yield [s]
        return
    groups: dict[str, list[Snapshot]] = {}
    for s in snaps:
        g = groups.get(s.ref)
        if g is None:
            groups[s.ref] = [s]
        else:
            g.append(s)
    for rows in groups.values():
        if len(rows) > 1:
            rows.sort(key=_order_key)
        yield rows


def _order_key(s: Snapshot) -> tuple[Any, ...]:
    v = s.values
    return (v.get("updated_at") or v.get("opened_at"), v.get("sequence", 0), s.line)


class Rebuilder:
    """Compares consecutive snapshots and turns every difference into an audit event with its own time/actor."""

    def __init__(self, mapping: Mapping, matrix: PriorityMatrix, issues: list[Issue]) -> None:
        self.mapping = mapping
        self.matrix = matrix
        self.issues = issues
        self.hold_map = mapping.values.get("hold_reason", {})
        self.defaults = mapping.defaults
        self.counts_reassign = bool(mapping.column("reassignment_count"))
        self.counts_reopen = bool(mapping.column("reopen_count"))
        self.event_log = mapping.shape is Shape.EVENT_LOG

    def rebuild(self, rows: list[Snapshot]) -> Rebuilt | None:
        first = rows[0]
        fv = first.values
        opened = fv.get("opened_at") or fv.get("updated_at")
        if opened is None:
            self.issues.append(Issue(first.line, Severity.ERROR, "no opening time: incident skipped", first.ref))
            return None
        d = self.defaults
        impact = fv.get("impact") or int(d.get("impact", 3))
        urgency = fv.get("urgency") or int(d.get("urgency", 3))
        priority = fv.get("priority") or int(self.matrix.priority(impact, urgency))
        creator = fv.get("logged_by") or fv.get("updated_by") or IMPORT_ACTOR
        f: dict[str, Any] = {
            "external_ref": first.ref, "title": "", "description": "", "source": d.get("source", "other_team"),
            "status": Status.NEW.value, "hold_reason": None, "impact": impact, "urgency": urgency,
            "priority": priority, "category": None, "subcategory": None, "service": None, "symptoms": None,
            "reporter": None, "logged_by": fv.get("logged_by"), "detected_at": opened, "logged_at": opened,
            "group": fv.get("group"), "assignee": None, "acknowledged_at": None, "resolved_at": None,
            "resolved_by": None, "closed_at": None, "closure_code": None, "resolution_code": None,
            "resolution_notes": None, "problem_ref": None, "reopen_count": 0, "escalation_count": 0,
            "sla_met": None, "sla_paused_at": None, "updated_at": opened,
        }
        for key in ("source", "category", "subcategory", "service", "symptoms", "reporter", "problem_ref"):
            if fv.get(key) is not None:
                f[key] = fv[key]
        out = Rebuilt(first.ref, first.line, len(rows), f)
        out.events.append(Event(opened, creator, EV_CREATED, payload={
            "imported": True, "external_ref": first.ref, "source": f["source"], "priority": priority,
            "impact": impact, "urgency": urgency, "group": f["group"]}))
        state = _State(reassign=0, reopen=0)
        last_t = opened
        for snap in rows:
            v = snap.values
            t = v.get("updated_at") or opened
            if t < opened:
                self.issues.append(Issue(snap.line, Severity.WARNING, "update time is before the opening time; "
                                                                      "recorded at the opening time", snap.ref))
                t = opened
            last_t = max(last_t, t)
            actor = v.get("updated_by") or creator
            if not self.event_log:
                self._single_row(out, v, snap, t, actor)
            else:
                self._diff(out, state, v, snap, t, actor)
        self._finish(out, rows[-1].values, last_t)
        return out

    # -- one snapshot ----------------------------------------------------------------------------

    def _diff(self, out: Rebuilt, state: _State, v: dict[str, Any], snap: Snapshot, t: datetime, actor: str) -> None:
        f = out.fields
        ev = out.events
        # Reassignment first: in the source tool the group moves, then the new group works the ticket.
        group = v.get("group", f["group"])
        count = v.get("reassignment_count")
        moved = group != f["group"]
        if self.counts_reassign and count is not None:
            escalated = count > state.reassign
            state.reassign = max(state.reassign, count)
        else:
            escalated = moved and f["group"] is not None
        if escalated:
            out.reassignments.append(Reassignment(t, actor, f["group"], group))
            ev.append(Event(t, actor, EV_ESCALATED, "group_id", f["group"], group,
                            {"kind": "functional", "to_group": group, "reason": REASSIGN_REASON}))
            f["escalation_count"] += 1
            f["group"] = group
        elif moved:
            ev.append(Event(t, actor, EV_ASSIGNED, "group_id", f["group"], group, {"group": group}))
            f["group"] = group
        assignee = v.get("assignee", f["assignee"])
        if assignee != f["assignee"]:
            ev.append(Event(t, actor, EV_ASSIGNED, "assignee_id", f["assignee"], assignee))
            f["assignee"] = assignee
        for key in ("impact", "urgency"):
            new = v.get(key)
            if new is not None and new != f[key]:
                ev.append(Event(t, actor, EV_FIELD_CHANGED, key, str(f[key]), str(new)))
                f[key] = new
        prio = v.get("priority")
        if prio is not None and prio != f["priority"]:
            ev.append(Event(t, actor, EV_PRIORITY_CHANGED, "priority", f"P{f['priority']}", f"P{prio}"))
            f["priority"] = prio
        for key in ("category", "subcategory", "service", "source", "symptoms", "reporter"):
            new = v.get(key)
            if new is not None and new != f[key]:
                ev.append(Event(t, actor, EV_FIELD_CHANGED, key, f[key], new))
                f[key] = new
        prob = v.get("problem_ref")
        if prob is not None and prob != f["problem_ref"]:
            ev.append(Event(t, actor, EV_LINKED, "problem_ref", f["problem_ref"], prob))
            f["problem_ref"] = prob
        self._status(out, state, v, snap, t, actor)
        met = v.get("sla_met")
        if met is not None:
            if met is False and f["sla_met"] is not False:
                ev.append(Event(t, actor, EV_SLA_BREACH, "resolution", None, None,
                                {"target": "resolution", "imported": True}))
            f["sla_met"] = met

    def _status(self, out: Rebuilt, state: _State, v: dict[str, Any], snap: Snapshot, t: datetime,
                actor: str) -> None:
        f = out.fields
        ev = out.events
        cur = f["status"]
        new = v.get("status") or cur
        reopens = v.get("reopen_count")
        reopened = False
        if self.counts_reopen and reopens is not None:
            reopened = reopens > state.reopen
            if reopened:
                ev.append(Event(t, actor, EV_REOPENED, "reopen_count", str(state.reopen),
                                str(reopens)))
                f["reopen_count"] = reopens
            state.reopen = max(state.reopen, reopens)
        reason = None
        if new == _HELD:
            reason = self.hold_map.get(snap.raw_status or "") or self.defaults.get("hold_reason") \
                or HoldReason.AWAITING_CALLER.value
        if new == cur:
            if new == _HELD and reason != f["hold_reason"]:
                ev.append(Event(t, actor, EV_HELD, "hold_reason", f["hold_reason"], reason))
                f["hold_reason"] = reason
            return
        if cur == _HELD:
            ev.append(Event(t, actor, EV_RESUMED, "hold_reason", f["hold_reason"], None))
            out.holds.append((f["sla_paused_at"], t))
            f["hold_reason"] = None
            f["sla_paused_at"] = None
        if cur in _FINISHED and new not in _FINISHED and not self.counts_reopen and not reopened:
            f["reopen_count"] += 1
            ev.append(Event(t, actor, EV_REOPENED, "reopen_count", str(f["reopen_count"] - 1),
                            str(f["reopen_count"])))
        ev.append(Event(t, actor, EV_STATUS_CHANGED, "status", cur, new))
        f["status"] = new
        if f["acknowledged_at"] is None and new != _NEW:
            f["acknowledged_at"] = t
            ev.append(Event(t, actor, EV_ACKNOWLEDGED, "acknowledged_at", None, t.isoformat()))
        if new == _HELD:
            f["hold_reason"] = reason
            f["sla_paused_at"] = t
            ev.append(Event(t, actor, EV_HELD, "hold_reason", None, reason))
        elif new == _RESOLVED:
            f["resolved_at"] = t
            f["resolved_by"] = v.get("resolved_by") or actor
            ev.append(Event(t, actor, EV_RESOLVED, "resolved_at", None, t.isoformat(),
                            {"code": v.get("resolution_code") or v.get("closure_code")}))
        elif new == _CLOSED:
            f["closed_at"] = t
            ev.append(Event(t, actor, EV_CLOSED, "closed_at", None, t.isoformat()))
        elif new == _CANCELLED:
            f["closed_at"] = t
            ev.append(Event(t, actor, EV_CANCELLED, "status", cur, new))

    def _single_row(self, out: Rebuilt, v: dict[str, Any], snap: Snapshot, t: datetime, actor: str) -> None:
        """A lone row: synthesise the path from New to its status at the times the row records."""
        f = out.fields
        ev = out.events
        for key in ("assignee", "impact", "urgency", "priority"):
            if v.get(key) is not None:
                f[key] = v[key]
        if f["group"] is not None:
            ev.append(Event(f["logged_at"], actor, EV_ASSIGNED, "group_id", None, f["group"],
                            {"group": f["group"]}))
        f["escalation_count"] = v.get("reassignment_count") or 0
        f["reopen_count"] = v.get("reopen_count") or 0
        target = v.get("status") or f["status"]
        resolved = v.get("resolved_at")
        closed = v.get("closed_at")
        when = {Status.RESOLVED.value: resolved or closed or t, Status.CLOSED.value: closed or t,
                Status.CANCELLED.value: closed or t}
        if target in (Status.CLOSED.value,) and (resolved or closed):
            self._status(out, _State(0, 0), {**v, "status": Status.RESOLVED.value, "reopen_count": None}, snap,
                         max(resolved or closed, f["logged_at"]), actor)
        step = when.get(target, t)
        self._status(out, _State(0, 0), {**v, "reopen_count": None}, snap, max(step, f["logged_at"]), actor)
        if v.get("sla_met") is not None:
            f["sla_met"] = v["sla_met"]

    # -- the stored row --------------------------------------------------------------------------

    def _finish(self, out: Rebuilt, last: dict[str, Any], last_t: datetime) -> None:
        f = out.fields
        status = f["status"]
        if status in _ENDS:
            if last.get("resolved_at") is not None:
                f["resolved_at"] = last["resolved_at"]
            if last.get("resolved_by") is not None:
                f["resolved_by"] = last["resolved_by"]
            f["resolution_code"] = last.get("resolution_code")
            f["resolution_notes"] = last.get("resolution_notes")
        else:
            f["resolved_at"] = None
            f["resolved_by"] = None
        if status == Status.CLOSED.value:
            if last.get("closed_at") is not None:
                f["closed_at"] = last["closed_at"]
            f["closure_code"] = last.get("closure_code")
        elif status != Status.CANCELLED.value:
            f["closed_at"] = None
        if f["sla_paused_at"] is not None:
            out.holds.append((f["sla_paused_at"], None))
        title = last.get("title") or f.get("title") or f"Imported {out.ref}"
        f["title"] = title[:TITLE_MAX]
        f["description"] = last.get("description") or ""
        if self.counts_reassign and last.get("reassignment_count") is not None:
            f["escalation_count"] = max(f["escalation_count"], last["reassignment_count"])
        if self.counts_reopen and last.get("reopen_count") is not None:
            f["reopen_count"] = max(f["reopen_count"], last["reopen_count"])
        f["updated_at"] = max([last_t, *(e.at for e in out.events)])


@dataclass(slots=True)
class _State:
    reassign: int
    reopen: int
