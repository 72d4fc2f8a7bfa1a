"""Roles at the service layer: what agents, team leads, managers and admins may do, and refusals with reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import EscalationKind, Source
from app.domain.errors import PermissionDenied, ValidationError
from app.services.communications import TemplateDraft
from app.services.incidents import LogRequest
from app.services.metrics import MetricsQuery
from tests.conftest import PINNED
from tests.fixtures.review_story import written_review

AGENT, LEAD, MANAGER, ADMIN = "amorgan", "tribeiro", "dwhitfield", "tester"  # seed staff (+ the local admin)


def act_as(services, login: str) -> int:  # type: ignore[no-untyped-def]
    person = next(p for p in services.directory.staff() if p.login == login)
    services.ctx.user_id = person.id
    return person.id


def group(services, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(g.id for g in services.directory.groups() if g.name == name)


def log(services):  # type: ignore[no-untyped-def]
    return services.incidents.log(LogRequest(title="Laptop will not boot", source=Source.PHONE)).value


def week() -> MetricsQuery:
    return MetricsQuery(PINNED - timedelta(days=7), PINNED + timedelta(days=1))


def test_agent_works_incidents_within_the_group_but_not_across(services) -> None:  # type: ignore[no-untyped-def]
    me = act_as(services, AGENT)
    s = services.incidents
    d = log(services)
    d = s.assign(d.id, group(services, "Service Desk"), me).value  # own group, to themselves: fine
    d = s.acknowledge(d.id).value
    s.add_note(d.id, "Tried safe mode")
    with pytest.raises(PermissionDenied, match="Only team leads, managers and administrators may move incidents"):
        s.assign(d.id, group(services, "Network"))
    assert services.incidents.get(d.id).group.name == "Service Desk"  # nothing half-written
    d = s.escalate(d.id, EscalationKind.FUNCTIONAL, "needs network", group_id=group(services, "Network")).value
    assert d.group.name == "Network"  # functional escalation is every agent's job


def test_team_lead_reassigns_across_groups_and_publishes_reviews(services, clock) -> None:  # type: ignore[no-untyped-def]
    r = written_review(services, clock)
    r = services.reviews.submit(r.id, r.version).value
    act_as(services, AGENT)
    with pytest.raises(PermissionDenied, match="publish post-incident reviews"):
        services.reviews.publish(r.id)
    act_as(services, LEAD)
    assert services.reviews.publish(r.id).value.status == "published"
    d = log(services)
    assert services.incidents.assign(d.id, group(services, "Database")).value.group.name == "Database"


def test_hierarchical_escalations_go_to_managers_only(services) -> None:  # type: ignore[no-untyped-def]
    act_as(services, AGENT)
    s = services.incidents
    d = s.escalate(log(services).id, EscalationKind.FUNCTIONAL, "net", group_id=group(services, "Network")).value
    lead = next(p for p in services.directory.staff() if p.login == "jbecker")  # Network's team lead
    with pytest.raises(PermissionDenied, match="Jonas Becker cannot receive it: only managers and administrators"):
        s.escalate(d.id, EscalationKind.HIERARCHICAL, "CFO is waiting", person_id=lead.id)
    s.escalate(d.id, EscalationKind.HIERARCHICAL, "CFO is waiting")  # default: up the line to a manager
    esc = services.incidents.escalations(d.id)[-1]
    assert esc.to_person == "Elena Petrova"
    managers = {p.role for p in services.workflow.targets().managers}
    assert managers <= {"manager", "admin"} and "manager" in managers


def test_dashboards_all_groups_for_managers_own_group_for_others(services) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    act_as(services, AGENT)
    with pytest.raises(PermissionDenied, match="see dashboards across all groups"):
        services.metrics.dashboard(week())
    own = services.metrics.own_groups()
    assert own == (group(services, "Service Desk"),)
    services.metrics.dashboard(replace(week(), group_ids=own))
    with pytest.raises(PermissionDenied):
        services.metrics.dashboard(replace(week(), group_ids=(group(services, "Network"),)))
    act_as(services, MANAGER)
    assert services.metrics.own_groups() is None
    services.metrics.dashboard(week())


def test_process_settings_and_users_are_for_admins(services) -> None:  # type: ignore[no-untyped-def]
    draft = TemplateDraft("Outage notice", "[{number}] outage", "We are on it.")
    agent = act_as(services, AGENT)
    for login in (AGENT, LEAD, MANAGER):
        act_as(services, login)
        with pytest.raises(PermissionDenied, match="Only administrators may change process settings"):
            services.communications.save_template(draft)
        with pytest.raises(PermissionDenied, match="Only administrators may change staff records"):
            services.staff_admin.set_role(agent, "manager")
    me = act_as(services, ADMIN)
    assert services.communications.save_template(draft).value.name == "Outage notice"
    assert services.staff_admin.set_role(agent, "team_lead").value.role == "team_lead"
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.staff_admin.set_role(me, "agent")
    with pytest.raises(ValidationError, match="Unknown role"):
        services.staff_admin.set_role(agent, "overlord")


def test_acting_as_someone_else(services, backend: str, store_url: str, clock) -> None:  # type: ignore[no-untyped-def]
    act_as(services, AGENT)
    lead = next(p for p in services.directory.staff() if p.login == LEAD)
    if backend == "sqlite":
        assert services.workflow.switch_user(lead.id).login == LEAD  # single user at their own desk
        return
    with pytest.raises(PermissionDenied, match="Only administrators"):
        services.workflow.switch_user(lead.id)  # on a team server people sign in as themselves
    from app.services.app import open_services

    with pytest.raises(PermissionDenied, match="no staff record for the login 'stranger'"):
        open_services(store_url, None, clock=clock, login="stranger", seed=False, sign_in=True)
    headless = open_services(store_url, None, clock=clock, login="stranger", seed=False)
    try:
        assert headless.ctx.user_id is None  # a command run with the server's credentials acts as the system
    finally:
        headless.close()
