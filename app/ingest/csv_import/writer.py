"""Write rebuilt incidents with bulk Core inserts: reference rows created as needed, explicit ids, no ORM."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain.enums import EscalationKind, EventKind, Priority
from app.domain.process import ProcessSettings
from app.domain.sla import WARNING_FRACTION, Pause, due_at
from app.domain.validation import format_number
from app.ingest.csv_import.rebuild import REASSIGN_REASON, Rebuilt
from app.store.tables import AuditEvent, Category, Escalation, Group, Incident, Person, Service
from app.store.uow import UnitOfWork

NEW_GROUP_TIER = 2


@dataclass
class WriteCounts:
    incidents: int = 0
    events: int = 0
    escalations: int = 0
    created: dict[str, int] = field(default_factory=lambda: {"groups": 0, "staff": 0, "contacts": 0,
                                                              "categories": 0, "services": 0})
    statuses: dict[str, int] = field(default_factory=dict)
    breached: int = 0
    reopened: int = 0
    escalated: int = 0


class References:
    """Name -> id caches of groups, people, categories and services, filled once and grown as rows are created."""

    def __init__(self, uow: UnitOfWork) -> None:
        rep = uow.imports
        self.groups = rep.groups()
        self.staff = rep.people("staff")
        self.contacts = rep.people("contact")
        self.categories = rep.categories()
        self.services = rep.services()

    def ensure(self, uow: UnitOfWork, batch: list[Rebuilt], counts: WriteCounts) -> None:
        """Create every group, person, category and service the batch names that the store lacks."""
        groups: set[str] = set()
        staff: set[str] = set()
        contacts: set[str] = set()
        cats: set[str] = set()
        subcats: set[tuple[str, str]] = set()
        services: set[str] = set()
        for r in batch:
            f = r.fields
            for g in (f["group"], *(x.from_group for x in r.reassignments), *(x.to_group for x in r.reassignments)):
                if g:
                    groups.add(g)
            for p in (f["assignee"], f["logged_by"], f["resolved_by"], *(e.actor for e in r.events)):
                if p:
                    staff.add(p)
            for e in r.events:
                if e.field == "assignee_id":
                    staff.update(x for x in (e.old, e.new) if x)
            if f["reporter"]:
                contacts.add(f["reporter"])
            if f["category"]:
                cats.add(f["category"])
                if f["subcategory"]:
                    subcats.add((f["category"], f["subcategory"]))
            if f["service"]:
                services.add(f["service"])
        bulk = uow.bulk
        new = sorted(groups - self.groups.keys())
        if new:
            start = bulk.max_id(Group) + 1
            bulk.insert(Group, [{"id": start + i, "name": n, "tier": NEW_GROUP_TIER, "manager_id": None,
                                 "is_service_desk": False, "description": "Created by import", "is_active": True}
                                for i, n in enumerate(new)])
            self.groups.update({n: (start + i, NEW_GROUP_TIER) for i, n in enumerate(new)})
            counts.created["groups"] += len(new)
        for kind, names, cache in (("staff", staff, self.staff), ("contact", contacts, self.contacts)):
            new = sorted(names - cache.keys())
            if new:
                start = bulk.max_id(Person) + 1
                bulk.insert(Person, [{"id": start + i, "kind": kind, "name": n[:200], "email": None, "phone": None,
                                      "department": None, "location": None, "login": None, "role": "agent",
                                      "manager_id": None, "is_active": True} for i, n in enumerate(new)])
                cache.update({n: start + i for i, n in enumerate(new)})
                counts.created["staff" if kind == "staff" else "contacts"] += len(new)
        for parents in (False, True):
            wanted = sorted({(None, c) for c in cats} if not parents else
                            {(self.categories[(None, c)], s) for c, s in subcats})
            new_keys = [k for k in wanted if k not in self.categories]
            if new_keys:
                start = bulk.max_id(Category) + 1
                bulk.insert(Category, [{"id": start + i, "name": n[:200], "parent_id": p, "is_active": True}
                                       for i, (p, n) in enumerate(new_keys)])
                self.categories.update({k: start + i for i, k in enumerate(new_keys)})
                counts.created["categories"] += len(new_keys)
        new = sorted(services - self.services.keys())
        if new:
            start = bulk.max_id(Service) + 1
            bulk.insert(Service, [{"id": start + i, "name": n[:200], "kind": "ci", "parent_id": None,
                                   "description": "Created by import", "is_active": True} for i, n in enumerate(new)])
            self.services.update({n: start + i for i, n in enumerate(new)})
            counts.created["services"] += len(new)

    def category_id(self, f: dict[str, Any]) -> int | None:
        if not f["category"]:
            return None
        parent = self.categories[(None, f["category"])]
        if f["subcategory"]:
            return self.categories[(parent, f["subcategory"])]
        return parent


class BatchWriter:
    """Writes batches of whole incidents inside the caller's unit of work."""

    def __init__(self, uow: UnitOfWork, settings: ProcessSettings, now: datetime, actor: tuple[int | None, str],
                 import_payload: dict[str, Any]) -> None:
        self.settings = settings
        self.now = now
        self.actor = actor
        self.payload = import_payload
        self.refs = References(uow)
        self.counts = WriteCounts()

    def write(self, uow: UnitOfWork, batch: list[Rebuilt]) -> None:
        if not batch:
            return
        refs = self.refs
        refs.ensure(uow, batch, self.counts)
        first_id = uow.bulk.max_id(Incident) + 1
        first_seq = uow.incidents.next_number()
        staff = refs.staff
        inc_rows: list[dict[str, Any]] = []
        ev_rows: list[dict[str, Any]] = []
        esc_rows: list[dict[str, Any]] = []
        c = self.counts
        for n, r in enumerate(batch):
            inc_id = first_id + n
            row = self._incident_row(r, inc_id, format_number(first_seq + n))
            inc_rows.append(row)
            for e in r.events:
                ev_rows.append({"incident_id": inc_id, "at": e.at, "actor_id": staff.get(e.actor),
                                "actor_name": e.actor[:200], "kind": e.kind, "field": e.field, "old": e.old,
                                "new": e.new, "payload": e.payload})
            ev_rows.append({"incident_id": inc_id, "at": self.now, "actor_id": self.actor[0],
                            "actor_name": self.actor[1], "kind": EventKind.IMPORTED.value, "field": None,
                            "old": None, "new": None,
                            "payload": {**self.payload, "external_ref": r.ref, "line": r.first_line,
                                        "rows": r.rows}})
            for x in r.reassignments:
                frm = refs.groups.get(x.from_group) if x.from_group else None
                to = refs.groups.get(x.to_group) if x.to_group else None
                esc_rows.append({"incident_id": inc_id, "at": x.at, "kind": EscalationKind.FUNCTIONAL.value,
                                 "from_group_id": frm[0] if frm else None, "to_group_id": to[0] if to else None,
                                 "from_tier": frm[1] if frm else None, "to_tier": to[1] if to else None,
                                 "to_person_id": None, "reason": REASSIGN_REASON, "by_id": staff.get(x.by),
                                 "by_name": x.by[:200], "is_system": False})
            c.statuses[row["status"]] = c.statuses.get(row["status"], 0) + 1
            c.breached += row["resolution_breached"]
            c.reopened += row["reopen_count"] > 0
            c.escalated += bool(r.reassignments)
        uow.imports.insert_rows(Incident, inc_rows)
        uow.imports.insert_rows(AuditEvent, ev_rows)
        uow.imports.insert_rows(Escalation, esc_rows)
        uow.bulk.set_counter("incident", first_seq + len(batch) - 1)
        c.incidents += len(batch)
        c.events += len(ev_rows)
        c.escalations += len(esc_rows)

    def _incident_row(self, r: Rebuilt, inc_id: int, number: str) -> dict[str, Any]:
        f = r.fields
        refs = self.refs
        group = refs.groups.get(f["group"]) if f["group"] else None
        priority = Priority(min(5, max(1, int(f["priority"]))))
        targets = self.settings.sla.for_priority(priority)
        cal = self.settings.calendar
        pauses = [Pause(a, b) for a, b in r.holds]
        start = f["logged_at"]
        response_due = due_at(start, targets.response, [], cal)
        resolution_due = due_at(start, targets.resolution, pauses, cal)
        end = f["resolved_at"] or (f["closed_at"] if f["status"] == "cancelled" else None)
        if f["sla_met"] is not None:
            breached = not f["sla_met"]
        else:
            breached = resolution_due is not None and (end or self.now) > resolution_due
        ack = f["acknowledged_at"]
        response_breached = response_due is not None and (ack or self.now) > response_due
        escalated = f["escalation_count"] > 0
        return {
            "id": inc_id, "number": number, "external_ref": r.ref[:100], "title": f["title"],
            "description": f["description"], "source": f["source"], "status": f["status"],
            "hold_reason": f["hold_reason"], "impact": f["impact"], "urgency": f["urgency"],
            "priority": int(priority), "is_major": False, "major_justification": None,
            "category_id": refs.category_id(f), "service_id": refs.services.get(f["service"]) if f["service"] else None,
            "configuration_item": f["service"], "business_impact": None,
            "reporter_id": refs.contacts.get(f["reporter"]) if f["reporter"] else None,
            "detected_at": f["detected_at"], "logged_at": f["logged_at"],
            "logged_by_id": refs.staff.get(f["logged_by"]) if f["logged_by"] else None,
            "group_id": group[0] if group else None, "assignee_id": refs.staff.get(f["assignee"]) if f["assignee"]
            else None, "tier": group[1] if group else 1, "acknowledged_at": ack,
            "response_due_at": response_due,
            "resolution_due_at": resolution_due,
            "response_warn_at": due_at(start, targets.response * WARNING_FRACTION, [], cal),
            "resolution_warn_at": due_at(start, targets.resolution * WARNING_FRACTION, pauses, cal),
            "sla_paused_at": f["sla_paused_at"], "response_breached": response_breached,
            "resolution_breached": breached, "response_warned": response_breached, "resolution_warned": breached,
            "symptoms": f["symptoms"], "suspected_cause": None, "problem_ref": f["problem_ref"],
            "resolution_code": f["resolution_code"], "resolution_notes": f["resolution_notes"],
            "is_workaround": False, "recovery_confirmed": False, "resolved_at": f["resolved_at"],
            "resolved_by_id": refs.staff.get(f["resolved_by"]) if f["resolved_by"] else None,
            "first_contact_resolution": f["resolved_at"] is not None and not escalated and f["reopen_count"] == 0,
            "closure_code": f["closure_code"], "caller_confirmation": None, "closed_at": f["closed_at"],
            "cancel_reason": None, "duplicate_of_id": None, "parent_id": None, "follow_up_of_id": None,
            "reopen_count": f["reopen_count"], "escalation_count": f["escalation_count"], "alert_count": 0,
            "next_update_due_at": None, "updated_at": f["updated_at"], "version": 1,
        }
