"""Deterministic generator of realistic incidents across the whole lifecycle, fast enough for 100k."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.domain.enums import EscalationKind, EventKind, HoldReason, Priority, Source, Status
from app.domain.process import ProcessSettings
from app.domain.sla import WARNING_FRACTION
from app.domain.validation import format_number
from app.services.context import ServiceContext
from app.store.tables import AuditEvent, Communication, Escalation, Incident, Note, Person

CHUNK = 5_000

PROBLEMS = (
    ("Cannot log in to {svc}", "User reports that the {svc} login page rejects valid credentials since this morning."),
    ("{svc} is very slow", "Pages in {svc} take over 30 seconds to load for the whole department."),
    ("{svc} unavailable", "{svc} returns an error page for all users; monitoring shows failed health checks."),
    ("Error when saving in {svc}", "Saving a record in {svc} fails with 'unexpected error 500'."),
    ("Printer on floor {n} jams", "The shared printer on floor {n} jams on every job and shows error E{n}0."),
    ("VPN drops every few minutes", "Remote staff lose the VPN tunnel every 5-10 minutes; reconnect works briefly."),
    ("Laptop does not boot", "Laptop shows a black screen after the logo; battery is charged."),
    ("Password expired, account locked", "User locked out after password expiry; needs reset and unlock."),
    ("Outlook cannot connect", "Outlook shows 'trying to connect' and no new mail arrives."),
    ("Phishing e-mail received", "User received a suspicious e-mail asking to confirm payroll details."),
    ("Wi-Fi weak in meeting room {n}", "Wi-Fi signal in meeting room {n} is too weak for video calls."),
    ("Report export fails in {svc}", "Monthly report export from {svc} stops at 80 % with a timeout."),
    ("Disk space low on {ci}", "Monitoring alert: disk usage above 90 % on {ci}."),
    ("Database replication lag", "Replication lag on {ci} above 15 minutes; reports show stale data."),
    ("New starter has no access to {svc}", "A new starter in Finance cannot open {svc}: access denied."),
)
FIRST = ("Anna", "Ben", "Carla", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jamal", "Kira", "Liam",
         "Maya", "Nils", "Olga", "Paul", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe")
LAST = ("Schmidt", "Garcia", "Rossi", "Smith", "Kowalski", "Jensen", "Dubois", "Silva", "Haddad", "Ivanova",
        "Okoro", "Tanaka", "Murphy", "Novak", "Berg", "Costa")
DEPARTMENTS = ("Finance", "HR", "Sales", "Marketing", "Logistics", "Legal", "Engineering", "Customer care")
SOURCES = (Source.PHONE, Source.PHONE, Source.PHONE, Source.EMAIL, Source.EMAIL, Source.SELF_SERVICE,
           Source.WALK_IN, Source.MONITORING, Source.MONITORING, Source.OTHER_TEAM)
HOLD_REASONS = tuple(HoldReason)


@dataclass(frozen=True)
class DemoSummary:
    incidents: int
    events: int
    notes: int
    escalations: int
    communications: int
    contacts: int


class DemoDataService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def generate(self, count: int, seed: int = 1, days: int = 180,
                 progress: Callable[[int, int], bool] | None = None) -> DemoSummary:
        """Adds `count` incidents; `progress(done, total)` returning False stops after the current chunk."""
        rng = random.Random(seed)
        settings = self.ctx.settings()
        anchor = self.ctx.clock.now().replace(minute=0, second=0, microsecond=0)
        with self.ctx.db.uow() as uow:
            groups = uow.groups.all()
            desk = next(g for g in groups if g.is_service_desk)
            specialists = [g for g in groups if g.tier >= 2]
            staff = uow.people.staff()
            members = {g.id: [p.id for p in uow.groups.members(g.id)] for g in groups}
            cats = uow.catalogue.categories()
            subcats = [c for c in cats if c.parent_id is not None]
            services = uow.catalogue.services()
            svc_plain = [s for s in services if s.kind == "service"]
            cis = [s for s in services if s.kind == "ci"] or svc_plain
            contacts_start = uow.bulk.max_id(Person) + 1
            n_contacts = max(20, min(2000, count // 20))
            people_rows = []
            for i in range(n_contacts):
                first, last = rng.choice(FIRST), rng.choice(LAST)
                people_rows.append({
                    "id": contacts_start + i, "kind": "contact", "name": f"{first} {last}",
                    "email": f"{first.lower()}.{last.lower()}{i}@example.org", "phone": f"+1 555 {1000 + i:04d}",
                    "department": rng.choice(DEPARTMENTS), "location": f"Building {rng.randint(1, 5)}",
                    "login": None, "role": "agent", "manager_id": None, "is_active": True,
                })
            uow.bulk.insert(Person, people_rows)
            contact_ids = [r["id"] for r in people_rows]
            next_inc = uow.bulk.max_id(Incident) + 1
            seq_start = uow.incidents.next_number()
            staff_names = {p.id: p.name for p in staff}
            group_names = {g.id: g.name for g in groups}
            managers = {g.id: g.manager_id for g in groups}
            totals = {"events": 0, "notes": 0, "escalations": 0, "communications": 0}
            made = 0
            for chunk_start in range(0, count, CHUNK):
                batch = min(CHUNK, count - chunk_start)
                inc_rows: list[dict[str, Any]] = []
                ev_rows: list[dict[str, Any]] = []
                note_rows: list[dict[str, Any]] = []
                esc_rows: list[dict[str, Any]] = []
                comm_rows: list[dict[str, Any]] = []
                for k in range(batch):
                    idx = chunk_start + k
                    gen = _IncidentGen(rng, settings, anchor, days, idx, count)
                    row = gen.build(
                        inc_id=next_inc + idx, number=format_number(seq_start + idx), desk=desk,
                        specialists=specialists, members=members, subcats=subcats, services=svc_plain, cis=cis,
                        contacts=contact_ids, staff_names=staff_names, group_names=group_names, managers=managers,
                    )
                    inc_rows.append(row)
                    ev_rows.extend(gen.events)
                    note_rows.extend(gen.notes)
                    esc_rows.extend(gen.escalations)
                    comm_rows.extend(gen.comms)
                uow.bulk.insert(Incident, inc_rows)
                uow.bulk.insert(AuditEvent, ev_rows)
                uow.bulk.insert(Note, note_rows)
                uow.bulk.insert(Escalation, esc_rows)
                uow.bulk.insert(Communication, comm_rows)
                made += batch
                totals["events"] += len(ev_rows)
                totals["notes"] += len(note_rows)
                totals["escalations"] += len(esc_rows)
                totals["communications"] += len(comm_rows)
                if progress is not None and progress(made, count) is False:
                    break
            uow.bulk.set_counter("incident", seq_start + made - 1)
            uow.commit()
        return DemoSummary(made, totals["events"], totals["notes"], totals["escalations"],
                           totals["communications"], n_contacts)


class _IncidentGen:
    """Builds one incident with a consistent history; all times derive from one random walk."""

    def __init__(self, rng: random.Random, settings: ProcessSettings, anchor: datetime, days: int, idx: int,
                 count: int) -> None:
        self.rng = rng
        self.settings = settings
        self.anchor = anchor
        # Older incidents first so numbers grow with time, like a real store.
        self.logged = anchor - timedelta(days=days) + timedelta(seconds=(days * 86400) * (idx + rng.random()) / count)
        self.events: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.escalations: list[dict[str, Any]] = []
        self.comms: list[dict[str, Any]] = []

    def ev(self, inc_id: int, at: datetime, actor: tuple[int | None, str], kind: EventKind, field: str | None = None,
           old: Any = None, new: Any = None, payload: dict[str, Any] | None = None) -> None:
        self.events.append({
            "incident_id": inc_id, "at": at, "actor_id": actor[0], "actor_name": actor[1], "kind": kind.value,
            "field": field, "old": None if old is None else str(old), "new": None if new is None else str(new),
            "payload": payload,
        })

    def build(self, *, inc_id: int, number: str, desk: Any, specialists: list[Any], members: dict[int, list[int]],
              subcats: list[Any], services: list[Any], cis: list[Any], contacts: list[int],
              staff_names: dict[int, str], group_names: dict[int, str], managers: dict[int, int | None]
              ) -> dict[str, Any]:
        rng = self.rng
        now = self.anchor
        age = now - self.logged
        svc = rng.choice(services)
        ci = rng.choice(cis)
        title_t, desc_t = rng.choice(PROBLEMS)
        n = rng.randint(1, 9)
        title = title_t.format(svc=svc.name, n=n, ci=ci.name)
        description = desc_t.format(svc=svc.name, n=n, ci=ci.name)
        impact = rng.choices((1, 2, 3), (1, 3, 6))[0]
        urgency = rng.choices((1, 2, 3), (1, 3, 6))[0]
        priority = self.settings.matrix.priority(impact, urgency)
        targets = self.settings.sla.for_priority(priority)
        source = rng.choice(SOURCES)
        detected = self.logged - timedelta(minutes=rng.randint(0, 30))
        desk_staff = members.get(desk.id) or [None]
        agent = rng.choice(desk_staff)
        agent_actor = (agent, staff_names.get(agent, "System") if agent else "System")
        # Where in its life the incident is: older ones are nearly all finished.
        if age > timedelta(days=10):
            stage = rng.choices(("closed", "cancelled", "resolved"), (90, 5, 5))[0]
        else:
            stage = rng.choices(("new", "assigned", "in_progress", "on_hold", "resolved", "closed", "cancelled"),
                                (6, 14, 30, 10, 15, 22, 3))[0]
        is_major = priority == Priority.P1 and rng.random() < 0.3
        row: dict[str, Any] = {
            "id": inc_id, "number": number, "external_ref": None, "title": title, "description": description,
            "source": source.value, "status": Status.NEW.value, "hold_reason": None, "impact": impact,
            "urgency": urgency, "priority": int(priority), "is_major": is_major,
            "major_justification": "Widespread outage of a business-critical service." if is_major else None,
            "category_id": rng.choice(subcats).id if subcats else None, "service_id": svc.id,
            "configuration_item": ci.name if rng.random() < 0.3 else None,
            "business_impact": f"{rng.randint(1, 400)} users in {rng.choice(DEPARTMENTS)} affected",
            "reporter_id": rng.choice(contacts), "detected_at": detected, "logged_at": self.logged,
            "logged_by_id": agent, "group_id": desk.id, "assignee_id": None, "tier": desk.tier,
            "acknowledged_at": None, "sla_paused_at": None, "response_breached": False,
            "resolution_breached": False, "response_warned": False, "resolution_warned": False, "symptoms": None,
            "suspected_cause": None, "problem_ref": None, "resolution_code": None, "resolution_notes": None,
            "is_workaround": False, "recovery_confirmed": False, "resolved_at": None, "resolved_by_id": None,
            "first_contact_resolution": False, "closure_code": None, "caller_confirmation": None,
            "closed_at": None, "cancel_reason": None, "duplicate_of_id": None, "parent_id": None,
            "follow_up_of_id": None, "reopen_count": 0, "escalation_count": 0, "alert_count": 0,
            "next_update_due_at": None, "version": 1,
        }
        t = self.logged
        self.ev(inc_id, t, agent_actor, EventKind.CREATED, payload={"number": number, "source": source.value,
                                                                   "priority": int(priority)})
        self.ev(inc_id, t, agent_actor, EventKind.STATUS_CHANGED, "status", "new", "assigned")
        row["status"] = "assigned"
        paused = timedelta(0)
        # Time budget: finished incidents spend a random share of their target, some overrun.
        total = targets.resolution * rng.choice((0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.6))
        if stage == "new":
            row["status"] = "new"
            self.events.pop()
        elif stage == "cancelled":
            t2 = min(now, t + timedelta(minutes=rng.randint(5, 120)))
            row.update(status="cancelled", cancel_reason=rng.choice(("duplicate", "false_alarm", "logged_in_error")),
                       closed_at=t2)
            self.ev(inc_id, t2, agent_actor, EventKind.CANCELLED, "cancel_reason", None, row["cancel_reason"])
        else:
            ack = t + targets.response * rng.choice((0.2, 0.5, 0.8, 1.3))
            if ack > now:
                ack = None
            if ack is not None and stage != "assigned":
                row.update(acknowledged_at=ack, assignee_id=agent, status="in_progress")
                self.ev(inc_id, ack, agent_actor, EventKind.ACKNOWLEDGED, "acknowledged_at", None, ack.isoformat())
                self.ev(inc_id, ack, agent_actor, EventKind.STATUS_CHANGED, "status", "assigned", "in_progress")
                cursor = ack
                if rng.random() < 0.45 and specialists:
                    grp = rng.choice(specialists)
                    et = min(now, cursor + total * 0.2)
                    self.escalations.append({
                        "incident_id": inc_id, "at": et, "kind": EscalationKind.FUNCTIONAL.value,
                        "from_group_id": desk.id, "to_group_id": grp.id, "from_tier": desk.tier, "to_tier": grp.tier,
                        "to_person_id": None, "reason": "Needs specialist diagnosis", "by_id": agent,
                        "by_name": agent_actor[1], "is_system": False,
                    })
                    self.ev(inc_id, et, agent_actor, EventKind.ESCALATED, "group_id", group_names[desk.id],
                            group_names[grp.id], {"kind": "functional", "reason": "Needs specialist diagnosis"})
                    worker = rng.choice(members.get(grp.id) or [None])
                    row.update(group_id=grp.id, tier=grp.tier, assignee_id=worker, escalation_count=1)
                    cursor = et
                if rng.random() < 0.4:
                    nt = min(now, cursor + total * 0.3)
                    self.notes.append({"incident_id": inc_id, "at": nt, "author_id": agent,
                                       "author_name": agent_actor[1], "kind": "work",
                                       "body": "Checked logs; reproduced the fault with a test account."})
                    self.ev(inc_id, nt, agent_actor, EventKind.NOTE_ADDED, payload={"kind": "work"})
                if stage == "on_hold" or (stage in ("resolved", "closed") and rng.random() < 0.15):
                    ht = min(now, cursor + total * 0.4)
                    reason = rng.choice(HOLD_REASONS).value
                    self.ev(inc_id, ht, agent_actor, EventKind.HELD, "hold_reason", None, reason)
                    if stage == "on_hold":
                        row.update(status="on_hold", hold_reason=reason, sla_paused_at=ht)
                    else:
                        back = ht + timedelta(hours=rng.randint(1, 48))
                        paused += back - ht
                        self.ev(inc_id, back, agent_actor, EventKind.RESUMED, "hold_reason", reason, None)
                if stage in ("resolved", "closed"):
                    rt = min(now - timedelta(minutes=1), t + total + paused)
                    rt = max(rt, cursor)
                    code = rng.choice(self.settings.resolution_codes)
                    fcr = row["escalation_count"] == 0
                    row.update(status="resolved", resolved_at=rt, resolved_by_id=row["assignee_id"],
                               resolution_code=code, first_contact_resolution=fcr,
                               resolution_notes="Cleared the cached credentials and restarted the service.",
                               is_workaround=code.endswith("(work around)"), recovery_confirmed=True)
                    self.ev(inc_id, rt, agent_actor, EventKind.RESOLVED, "resolved_at", None, rt.isoformat(),
                            {"code": code})
                    if rng.random() < 0.02:
                        row["reopen_count"] = 1
                    if stage == "closed":
                        ct = min(now, rt + timedelta(hours=rng.randint(1, 72)))
                        row.update(status="closed", closed_at=ct, closure_code=self.settings.closure_codes[0],
                                   caller_confirmation="confirmed")
                        self.ev(inc_id, ct, agent_actor, EventKind.CLOSED, "closed_at", None, ct.isoformat())
            elif ack is not None:
                row.update(acknowledged_at=ack)
        # SLA due times (24x7 calendar: due = start + target + time held).
        row["response_due_at"] = t + targets.response
        row["response_warn_at"] = t + targets.response * WARNING_FRACTION
        held_now = row["sla_paused_at"]
        if held_now is not None:
            row["resolution_due_at"] = None
            row["resolution_warn_at"] = None
        else:
            row["resolution_due_at"] = t + targets.resolution + paused
            row["resolution_warn_at"] = t + targets.resolution * WARNING_FRACTION + paused
        ack_at = row["acknowledged_at"]
        row["response_breached"] = (ack_at or now) > row["response_due_at"]
        end = row["resolved_at"] or (now if row["status"] not in ("cancelled",) else row["closed_at"])
        if row["resolution_due_at"] is not None and end is not None and end > row["resolution_due_at"]:
            row["resolution_breached"] = True
            row["resolution_warned"] = True
            self.ev(inc_id, row["resolution_due_at"], (None, "System"), EventKind.SLA_BREACH, "resolution")
        if row["response_breached"]:
            row["response_warned"] = True
        if row["status"] in ("new", "assigned", "in_progress", "on_hold"):
            interval = self.settings.update_interval(priority)
            if interval:
                row["next_update_due_at"] = now - interval / 2 if rng.random() < 0.15 else now + interval
            if rng.random() < 0.5:
                ct = min(now, t + timedelta(minutes=10))
                self.comms.append({
                    "incident_id": inc_id, "sent_at": ct, "direction": "out", "audience": "reporter",
                    "channel": "email", "recipients": "", "subject": f"[{number}] We are working on: {title}",
                    "body": "We have logged your report and are working on it.", "author_id": agent,
                    "author_name": agent_actor[1], "next_update_due_at": row["next_update_due_at"],
                    "corrects_id": None, "template_name": "Initial acknowledgement", "message_id": None,
                    "in_reply_to": None,
                })
                self.ev(inc_id, ct, agent_actor, EventKind.COMMUNICATION, payload={"audience": "reporter"})
        row["updated_at"] = max(e["at"] for e in self.events) if self.events else t
        return row
