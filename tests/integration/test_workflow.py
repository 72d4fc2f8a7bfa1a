"""Escalation panel data, known fixes, parent/child resolution, links and the acting user."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import EscalationKind, NoteKind, Source, Status
from app.domain.errors import TransitionRefused, ValidationError
from app.domain.sla import SlaLevel
from app.services.incidents import LogRequest


def log(services, **kw):  # type: ignore[no-untyped-def]
    base = dict(title="VPN drops", source=Source.PHONE, impact=2, urgency=2)
    base.update(kw)
    return services.incidents.log(LogRequest(**base)).value


def group_id(services, name):  # type: ignore[no-untyped-def]
    return next(g.id for g in services.directory.groups() if g.name == name)


def test_panel_shows_gauges_owner_and_history(services, clock) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = log(services, impact=1, urgency=1)  # P1: 15 min / 4 h
    s.acknowledge(d.id)
    clock.advance(hours=3, minutes=10)
    s.escalate(d.id, EscalationKind.FUNCTIONAL, "needs network", group_id=group_id(services, "Network"))
    p = services.workflow.panel(d.id)
    assert p.response.level is SlaLevel.MET and p.response.stopped_at is not None
    assert p.resolution.level is SlaLevel.WARNING and p.resolution.remaining == timedelta(minutes=50)
    assert p.record_owner == "Service Desk (tester)"
    assert p.detail.group is not None and p.detail.group.name == "Network"
    assert [h.to_group for h in p.history] == ["Network"]


def test_escalations_are_validated(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = log(services)
    with pytest.raises(ValidationError, match="reason"):
        s.escalate(d.id, EscalationKind.FUNCTIONAL, " ", group_id=group_id(services, "Network"))
    with pytest.raises(ValidationError, match="higher tier"):
        s.escalate(d.id, EscalationKind.FUNCTIONAL, "why", group_id=group_id(services, "Service Desk"))
    with pytest.raises(ValidationError, match="already with the service desk"):
        s.escalate(d.id, EscalationKind.DE_ESCALATION, "back")
    contact = s.log(LogRequest(title="x", source=Source.PHONE, new_reporter=None)).value.id
    assert contact
    with pytest.raises(ValidationError, match="staff"):
        s.escalate(d.id, EscalationKind.HIERARCHICAL, "boss", person_id=99_999)
    d = s.escalate(d.id, EscalationKind.HIERARCHICAL, "site down", make_major=True).value
    assert d.is_major and d.escalation_count == 1
    d = s.escalate(d.id, EscalationKind.FUNCTIONAL, "db", group_id=group_id(services, "Database")).value
    d = s.escalate(d.id, EscalationKind.DE_ESCALATION, "desk can finish").value
    assert d.tier == 1 and d.group is not None and d.group.name == "Service Desk" and d.assignee is None


def test_parent_resolves_chosen_children_in_one_go(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    parent = s.acknowledge(log(services, title="Mail outage").id).value
    kids = [s.acknowledge(log(services, title=f"No mail {n}").id).value for n in range(3)]
    for k in kids:
        s.link_parent(k.id, parent.id)
    assert [c[1] for c in s.open_children(parent.id)] == [k.number for k in kids]
    result = s.resolve(parent.id, "Solved remotely", "restarted mail-01", child_ids=[kids[0].id, kids[1].id])
    assert {kids[0].id, kids[1].id, parent.id} <= result.changes.incident_ids
    assert [s.get(k.id).status for k in kids] == ["resolved", "resolved", "in_progress"]
    assert s.get(kids[0].id).resolution_notes == "restarted mail-01"
    stranger = s.acknowledge(log(services).id).value
    other = s.acknowledge(log(services).id).value
    with pytest.raises(ValidationError, match="not a child"):
        s.resolve(other.id, "Solved remotely", "x", child_ids=[stranger.id])
    assert s.get(other.id).status == "in_progress"  # nothing half-written


def test_link_parent_refuses_circles_and_final_parents(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    a, b, c = (log(services, title=t) for t in "abc")
    s.link_parent(b.id, a.id)
    s.link_parent(c.id, b.id)
    with pytest.raises(ValidationError, match="circle"):
        s.link_parent(a.id, c.id)
    with pytest.raises(ValidationError, match="own parent"):
        s.link_parent(a.id, a.id)
    from app.domain.enums import CancelReason

    dead = log(services, title="d")
    s.cancel(dead.id, CancelReason.FALSE_ALARM)
    with pytest.raises(ValidationError, match="Cancelled"):
        s.link_parent(a.id, dead.id)
    assert s.link_parent(c.id, None).value.parent is None


def test_await_caller_only_when_resolved_and_reopen_clears_it(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    with pytest.raises(TransitionRefused, match="resolved"):
        s.await_caller(d.id)
    s.resolve(d.id, "Solved remotely", "x")
    assert s.await_caller(d.id).value.caller_confirmation == "no_answer"
    assert s.reopen(d.id, "still broken").value.caller_confirmation is None


def test_known_fixes_from_similar_resolved_incidents(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    old = s.acknowledge(log(services, title="VPN drops every few minutes").id).value
    s.resolve(old.id, "Solved (work around)", "Lower the MTU to 1400 on the client.", workaround=True)
    unrelated = s.acknowledge(log(services, title="Printer jams").id).value
    s.resolve(unrelated.id, "Solved remotely", "Cleaned the rollers.")
    log(services, title="VPN drops again")  # open: no resolution to offer
    new = log(services, title="VPN drops in the evening")
    fixes = services.workflow.known_fixes(new.id)
    assert [f.number for f in fixes] == [old.number]
    note = services.workflow.apply_fix(new.id, fixes[0]).value
    assert note.kind == NoteKind.WORKAROUND.value and "MTU" in note.body and old.number in note.body


def test_dialog_infos(services, clock) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    s.resolve(d.id, "Solved remotely", "x")
    info = services.workflow.reopen_info(d.id)
    assert info.within_window and info.window_days == 5
    clock.advance(days=6)
    assert not services.workflow.reopen_info(d.id).within_window
    close = services.workflow.close_info(d.id)
    assert close.refusals == () and close.codes[0] == "Confirmed by caller"
    assert services.workflow.find(str(int(d.number[3:]))).id == d.id
    with pytest.raises(ValidationError):
        services.workflow.find("  ")


def test_switch_user_changes_the_actor(services) -> None:  # type: ignore[no-untyped-def]
    staff = {p.name: p for p in services.directory.staff()}
    me = services.workflow.switch_user(staff["Mei Chen"].id)
    assert me.name == "Mei Chen" and services.ctx.user_id == staff["Mei Chen"].id
    d = log(services)
    assert services.incidents.events(d.id)[0].actor == "Mei Chen"
    contact = services.directory.contacts()
    with pytest.raises(ValidationError):
        services.workflow.switch_user(contact[0].id if contact else 99_999)
    assert Status(services.incidents.get(d.id).status) is Status.ASSIGNED


def test_first_contact_resolution_survives_a_manager_alert_not_a_handover(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    a = s.acknowledge(log(services).id).value
    s.escalate(a.id, EscalationKind.HIERARCHICAL, "caller is the CFO")
    assert services.workflow.resolve_info(a.id).first_contact
    assert s.resolve(a.id, "Solved remotely", "x").value.first_contact_resolution
    b = s.acknowledge(log(services).id).value
    s.escalate(b.id, EscalationKind.FUNCTIONAL, "db", group_id=group_id(services, "Database"))
    s.escalate(b.id, EscalationKind.DE_ESCALATION, "back to desk")
    assert not services.workflow.resolve_info(b.id).first_contact
    assert not s.resolve(b.id, "Solved remotely", "x").value.first_contact_resolution
