"""Seed data for a fresh store: category tree, service catalogue, groups and staff, process settings."""

from __future__ import annotations

import getpass

from app.domain.process import ProcessSettings
from app.store.tables import Category, CommTemplate, Counter, Group, GroupMember, Person, Service, Setting
from app.store.uow import UnitOfWork

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Hardware": ("Desktop", "Laptop", "Printer", "Mobile device", "Peripheral"),
    "Software": ("Operating system", "Office suite", "Business application", "Installation", "Licence"),
    "Network": ("Connectivity", "VPN", "Wi-Fi", "DNS", "Firewall"),
    "Access": ("Password reset", "Account locked", "Permissions", "New account"),
    "Database": ("Performance", "Availability", "Data issue", "Backup/restore"),
    "Security": ("Malware", "Phishing", "Data leak", "Suspicious activity"),
    "Service": ("Outage", "Degradation", "Error message", "Request for information"),
}

SERVICES: tuple[tuple[str, str, str | None], ...] = (
    ("E-mail", "service", None), ("Intranet", "service", None), ("ERP", "service", None),
    ("CRM", "service", None), ("HR portal", "service", None), ("Payroll", "service", None),
    ("File storage", "service", None), ("Printing", "service", None), ("Telephony", "service", None),
    ("VPN", "service", None), ("Wi-Fi", "service", None), ("Identity & access", "service", None),
    ("Data warehouse", "service", None), ("Web shop", "service", None),
    ("mail-01 (Exchange server)", "ci", "E-mail"), ("erp-db-01 (PostgreSQL)", "ci", "ERP"),
    ("core-sw-01 (core switch)", "ci", "Wi-Fi"), ("vpn-gw-01 (VPN gateway)", "ci", "VPN"),
    ("web-01 (shop front end)", "ci", "Web shop"), ("fs-01 (file server)", "ci", "File storage"),
)

GROUPS: tuple[tuple[str, int, bool], ...] = (
    ("Service Desk", 1, True), ("Network", 2, False), ("Server", 2, False), ("Database", 2, False),
    ("Applications", 2, False), ("Security", 2, False), ("Vendor", 3, False),
)

STAFF: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Dana Whitfield", "dwhitfield", "manager", ("Service Desk",)),
    ("Alex Morgan", "amorgan", "agent", ("Service Desk",)),
    ("Priya Natarajan", "pnatarajan", "agent", ("Service Desk",)),
    ("Tomás Ribeiro", "tribeiro", "team_lead", ("Service Desk",)),
    ("Mei Chen", "mchen", "agent", ("Network",)),
    ("Jonas Becker", "jbecker", "team_lead", ("Network",)),
    ("Fatima Zahra", "fzahra", "agent", ("Server",)),
    ("Olu Adeyemi", "oadeyemi", "team_lead", ("Server",)),
    ("Sofia Lindqvist", "slindqvist", "agent", ("Database",)),
    ("Marek Novak", "mnovak", "team_lead", ("Database",)),
    ("Grace Okafor", "gokafor", "agent", ("Applications",)),
    ("Luca Romano", "lromano", "team_lead", ("Applications",)),
    ("Hana Sato", "hsato", "agent", ("Security",)),
    ("Ravi Kapoor", "rkapoor", "team_lead", ("Security",)),
    ("Vendor Support Desk", "vendor", "agent", ("Vendor",)),
    ("Elena Petrova", "epetrova", "manager", ()),
)

TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    ("Initial acknowledgement", "reporter", "[{number}] We are working on: {title}",
     "Hello,\n\nWe have logged your report as {number} ({priority}). {group} is working on it.\n"
     "Next update by {next_update}.\n\nService Desk"),
    ("Status update", "stakeholders", "[{number}] Status update: {title}",
     "Status: {status}\nPriority: {priority}\nService: {service}\nAssigned to: {group} / {assignee}\n\n"
     "Next update by {next_update}."),
    ("Escalation notice", "management", "[{number}] Escalated: {title}",
     "{number} ({priority}) affecting {service} has been escalated to {group}.\nImpact: {impact}\n"
     "Next update by {next_update}."),
    ("Major incident executive summary", "management", "MAJOR INCIDENT {number}: {title}",
     "What happened: {title}\nImpact: {impact}\nService: {service}\nStatus: {status}\n"
     "Workaround: {workaround}\nNext update by {next_update}."),
    ("Resolution notice", "reporter", "[{number}] Resolved: {title}",
     "Hello,\n\n{number} has been resolved.\nResolution: {resolution}\n\nPlease tell us if the problem "
     "persists.\n\nService Desk"),
    ("Closure notice", "reporter", "[{number}] Closed: {title}",
     "Hello,\n\n{number} is now closed. Thank you for your patience.\n\nService Desk"),
)


def seed_reference_data(uow: UnitOfWork, local_login: str | None = None) -> None:
    """Idempotent: does nothing when the store already has groups."""
    if uow.groups.all():
        return
    for parent_name, children in CATEGORIES.items():
        parent = Category(name=parent_name, is_active=True)
        uow.add(parent)
        uow.flush()
        for child in children:
            uow.add(Category(name=child, parent_id=parent.id, is_active=True))
    by_name: dict[str, Service] = {}
    for name, kind, parent_name in SERVICES:
        svc = Service(name=name, kind=kind, parent_id=by_name[parent_name].id if parent_name else None,
                      is_active=True)
        uow.add(svc)
        uow.flush()
        by_name[name] = svc
    groups: dict[str, Group] = {}
    for name, tier, desk in GROUPS:
        g = Group(name=name, tier=tier, is_service_desk=desk, is_active=True)
        uow.add(g)
        groups[name] = g
    uow.flush()
    people: dict[str, Person] = {}
    for name, login, role, member_of in STAFF:
        p = Person(kind="staff", name=name, login=login, role=role, email=f"{login}@example.com", is_active=True)
        uow.add(p)
        uow.flush()
        people[name] = p
        for gname in member_of:
            uow.add(GroupMember(group_id=groups[gname].id, person_id=p.id))
    head = people["Elena Petrova"]
    for name, p in people.items():
        if name != "Elena Petrova":
            p.manager_id = head.id
    for g in groups.values():
        leads = [p for n, login, role, m in STAFF if g.name in m and role in ("team_lead", "manager")
                 for p in [people[n]]]
        g.manager_id = leads[0].id if leads else head.id
    groups["Service Desk"].manager_id = people["Dana Whitfield"].id
    login = local_login or _os_login()
    if login and uow.people.by_login(login) is None:
        me = Person(kind="staff", name=login, login=login, role="admin", is_active=True, manager_id=head.id)
        uow.add(me)
        uow.flush()
        uow.add(GroupMember(group_id=groups["Service Desk"].id, person_id=me.id))
    for key, value in ProcessSettings().to_json().items():
        uow.add(Setting(key=key, value=value))
    for name, audience, subject, body in TEMPLATES:
        uow.add(CommTemplate(name=name, audience=audience, subject=subject, body=body))
    if uow.session.get(Counter, "incident") is None:
        uow.add(Counter(name="incident", value=0))
    uow.flush()


def _os_login() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some service accounts; the app then runs as the first admin
        return None
