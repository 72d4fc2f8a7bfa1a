"""Communication service on a real store: recording, immutability, reminders, stakeholders, templates, views."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.communication import CommQuery, LifecycleChange
from app.domain.enums import EventKind, HoldReason, Source
from app.domain.errors import ValidationError
from app.domain.queue_filter import BUILTIN_VIEWS
from app.domain.templates import PLACEHOLDERS
from app.services.communications import MessageDraft, NextUpdate, TemplateDraft
from app.services.incidents import LogRequest


def _log(services, impact: int = 1, urgency: int = 1, title: str = "Mail down"):  # type: ignore[no-untyped-def]
    return services.incidents.log(LogRequest(title=title, source=Source.PHONE, impact=impact, urgency=urgency)).value


def _draft(inc_id: int, **kw) -> MessageDraft:  # type: ignore[no-untyped-def]
    base = {"subject": "Update", "body": "We are on it.", "recipients": "Ann <ann@example.com>"}
    return MessageDraft(inc_id, **{**base, **kw})


def test_recording_sets_next_update_from_priority(services, clock) -> None:  # type: ignore[no-untyped-def]
    p1 = _log(services, 1, 1)
    p3 = _log(services, 2, 2)
    p5 = _log(services, 3, 3)
    assert (p1.priority, p3.priority, p5.priority) == (1, 3, 5)
    clock.advance(minutes=7)
    sent = clock.now()
    r1 = services.communications.record(_draft(p1.id))
    assert r1.value.next_update_due_at == sent + timedelta(minutes=30)
    assert services.incidents.get(p1.id).next_update_due_at == sent + timedelta(minutes=30)
    assert r1.changes.touches("communications") and p1.id in r1.changes.incident_ids
    services.communications.record(_draft(p3.id))
    assert services.incidents.get(p3.id).next_update_due_at == sent + timedelta(hours=4)
    services.communications.record(_draft(p5.id))
    assert services.incidents.get(p5.id).next_update_due_at is None
    kinds = [(e.kind, e.field) for e in services.incidents.events(p1.id)]
    assert ("communication", "communication") in kinds
    assert ("communication", "next_update_due_at") in kinds


def test_explicit_and_no_next_update(services, clock) -> None:  # type: ignore[no-untyped-def]
    inc = _log(services)
    at = clock.now() + timedelta(hours=3)
    services.communications.record(_draft(inc.id, next_update=NextUpdate.AT, next_update_at=at))
    assert services.incidents.get(inc.id).next_update_due_at == at
    services.communications.record(_draft(inc.id, next_update=NextUpdate.NONE))
    assert services.incidents.get(inc.id).next_update_due_at is None
    with pytest.raises(ValidationError) as err:
        services.communications.record(_draft(inc.id, next_update=NextUpdate.AT, next_update_at=clock.now()))
    assert err.value.field == "next_update"


def test_older_entry_recorded_late_does_not_move_reminder_back(services, clock) -> None:  # type: ignore[no-untyped-def]
    inc = _log(services)
    clock.advance(minutes=20)
    services.communications.record(_draft(inc.id))
    due = services.incidents.get(inc.id).next_update_due_at
    services.communications.record(_draft(inc.id, channel="phone", sent_at=clock.now() - timedelta(minutes=15)))
    assert services.incidents.get(inc.id).next_update_due_at == due


def test_incoming_reply_keeps_reminder(services, clock) -> None:  # type: ignore[no-untyped-def]
    inc = _log(services)
    due = services.incidents.get(inc.id).next_update_due_at
    clock.advance(minutes=5)
    row = services.communications.record(_draft(inc.id, direction="in", recipients="Ann", subject="Re: x")).value
    assert row.direction == "in" and row.next_update_due_at is None
    assert services.incidents.get(inc.id).next_update_due_at == due


def test_entries_are_immutable_and_corrections_are_new_entries(services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    assert not [n for n in dir(svc) if n.startswith(("update", "edit", "delete_entry", "change"))]
    inc = _log(services)
    original = svc.record(_draft(inc.id, body="ETA 30 min")).value
    # The store refuses changes to a recorded entry, whoever tries.
    with services.ctx.db.uow() as uow:
        entry = uow.comm_log.get(original.id)
        entry.body = "ETA 60 min"
        with pytest.raises(ValidationError, match="cannot be changed"):
            uow.flush()
    clock.advance(minutes=1)
    fixed = svc.record(_draft(inc.id, body="ETA 60 min", corrects_id=original.id)).value
    assert fixed.id != original.id and fixed.corrects_id == original.id
    log = svc.log(inc.id)
    assert [r.body for r in log] == ["ETA 30 min", "ETA 60 min"]
    other = _log(services, title="Other")
    with pytest.raises(ValidationError, match="not part of"):
        svc.record(_draft(other.id, corrects_id=original.id))


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"recipients": ""}, "recipients", "recipient"),
    ({"subject": "  "}, "subject", "required"),
    ({"body": ""}, "body", "required"),
    ({"audience": "everyone"}, "audience", "not a known"),
    ({"channel": "pigeon"}, "channel", "not a known"),
])
def test_bad_input_is_refused_with_reason(services, change, field, message) -> None:  # type: ignore[no-untyped-def]
    inc = _log(services)
    with pytest.raises(ValidationError, match=message) as err:
        services.communications.record(replace(_draft(inc.id), **change))
    assert err.value.field == field
    assert services.communications.log(inc.id) == []


def test_sent_in_future_refused(services, clock) -> None:  # type: ignore[no-untyped-def]
    inc = _log(services)
    with pytest.raises(ValidationError, match="future"):
        services.communications.record(_draft(inc.id, sent_at=clock.now() + timedelta(hours=1)))


def test_update_overdue_view(services, clock) -> None:  # type: ignore[no-untyped-def]
    view = next(v for v in BUILTIN_VIEWS if v.key == "update_overdue")
    assert view.name == "Update overdue"
    a = _log(services, 1, 1)  # P1: due in 30 min
    b = _log(services, 2, 2)  # P3: due in 4 h
    assert services.queue.count(view.filter) == 0
    clock.advance(minutes=31)
    assert [r.id for r in services.queue.rows(view.filter)] == [a.id]
    services.communications.record(_draft(a.id))
    assert services.queue.count(view.filter) == 0
    clock.advance(hours=4)
    assert {r.id for r in services.queue.rows(view.filter)} == {a.id, b.id}
    assert services.queue.builtin_counts()["update_overdue"] == 2


def test_stakeholders_prefill_and_audit(services) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    inc = _log(services)
    implicit = svc.stakeholders(inc.id)
    assert [(s.role, s.implicit) for s in implicit] == [("manager", True)]  # the Service Desk manager
    rows = svc.add_stakeholder(inc.id, "affected", name="Jürgen Müller", email="jm@example.com").value
    jm = next(s for s in rows if s.name == "Jürgen Müller")
    assert jm.address == "Jürgen Müller <jm@example.com>" and not jm.implicit
    again = svc.add_stakeholder(inc.id, "stakeholder", name="J. Müller", email="JM@example.com").value
    assert [s.role for s in again if s.person_id == jm.person_id] == ["stakeholder"]  # same contact, new role
    with pytest.raises(ValidationError, match="already"):
        svc.add_stakeholder(inc.id, "stakeholder", person_id=jm.person_id)
    svc.remove_stakeholder(inc.id, jm.person_id)
    with pytest.raises(ValidationError, match="follow from the incident"):
        svc.remove_stakeholder(inc.id, implicit[0].person_id)
    fields = [e.field for e in services.incidents.events(inc.id) if e.kind == EventKind.COMMUNICATION.value]
    assert fields.count("stakeholder") == 2 and "stakeholder_role" in fields


def test_templates_crud_and_unknown_placeholders(services) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    names = [t.name for t in svc.templates()]
    assert names == sorted(["Initial acknowledgement", "Status update", "Escalation notice",
                            "Major incident executive summary", "Resolution notice", "Closure notice"])
    with pytest.raises(ValidationError, match=r"\{titel\}") as err:
        svc.save_template(TemplateDraft("Bad", "[{number}] {titel}", "x"))
    assert err.value.field == "subject"
    with pytest.raises(ValidationError, match="already a template"):
        svc.save_template(TemplateDraft("status UPDATE", "s", "b"))
    made = svc.save_template(TemplateDraft("Vendor chase", "[{number}] vendor", "Hi, {title}", "vendor")).value
    edited = svc.save_template(replace(TemplateDraft("Vendor chase", "[{number}] vendor", "Hello {title}"),
                                       id=made.id)).value
    assert edited.body == "Hello {title}" and edited.audience is None
    svc.delete_template(made.id)
    assert "Vendor chase" not in [t.name for t in svc.templates()]


def test_rendering_a_seeded_template_fills_every_placeholder(services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    inc = _log(services)
    values = svc.placeholder_values(inc.id)
    assert set(values) == set(PLACEHOLDERS)
    assert values["number"] == inc.number and values["priority"] == "P1 - Critical"
    assert values["group"] == "Service Desk" and values["workaround"] == "none known yet"
    for t in svc.templates():
        subject, body, unknown = svc.render_template(inc.id, t.id)
        assert unknown == () and "{" not in subject + body, t.name
        assert inc.number in subject


def test_compose_context_and_suggestions(services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    inc = _log(services)
    services.incidents.acknowledge(inc.id)
    services.incidents.hold(inc.id, HoldReason.AWAITING_VENDOR)
    ctx = svc.compose_context(inc.id, LifecycleChange.HOLD)
    assert ctx.suggested_template == "Status update"
    assert ctx.default_next_update is not None and ctx.interval_minutes == 30
    assert "awaiting vendor" in ctx.values["status"]
    for change in LifecycleChange:
        assert svc.suggestion_for(inc.id, change) is not None, change


def test_search_across_incidents_by_range_and_filters(services, clock) -> None:  # type: ignore[no-untyped-def]
    svc = services.communications
    a, b = _log(services), _log(services, title="Second")
    start = clock.now()
    svc.record(_draft(a.id, audience="reporter"))
    clock.advance(days=1)
    svc.record(_draft(b.id, audience="management", channel="meeting", recipients="board"))
    clock.advance(days=1)
    svc.record(_draft(a.id, audience="management"))
    day2 = CommQuery(sent_from=start + timedelta(hours=12), sent_to=start + timedelta(hours=36))
    assert [r.incident_id for r in svc.search(day2)] == [b.id]
    mgmt = CommQuery(audiences=("management",))
    assert [r.incident_id for r in svc.search(mgmt)] == [b.id, a.id]
    assert svc.count(CommQuery(channels=("meeting",))) == 1
    assert svc.count(CommQuery(incident_numbers=(a.number,))) == 2
    assert len(list(svc.stream(CommQuery(), batch=1))) == 3
    with pytest.raises(ValidationError, match="INC9999999"):
        svc.count(CommQuery(incident_numbers=("INC9999999",)))
