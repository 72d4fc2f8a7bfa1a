"""Lifecycle use cases on a real store: audit events for every change, SLA times, stale updates."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import CallerConfirmation, CancelReason, EscalationKind, EventKind, HoldReason, Source, Status
from app.domain.errors import ConcurrencyConflict, TransitionRefused, ValidationError
from app.services.incidents import Categorization, LogRequest, NewContact
from tests.conftest import PINNED


def log(services, **kw):  # type: ignore[no-untyped-def]
    base = dict(title="VPN drops", source=Source.PHONE, impact=2, urgency=2)
    base.update(kw)
    return services.incidents.log(LogRequest(**base)).value


def kinds(services, iid):  # type: ignore[no-untyped-def]
    return [e.kind for e in services.incidents.events(iid)]


def group_id(services, name):  # type: ignore[no-untyped-def]
    return next(g.id for g in services.directory.groups() if g.name == name)


def test_log_sets_number_priority_sla_and_audit(services) -> None:  # type: ignore[no-untyped-def]
    d = log(services, new_reporter=NewContact("Ada Caller", "ada@example.org"))
    assert d.number == "INC0000001"
    assert d.priority == 3 and d.status == Status.ASSIGNED.value
    assert d.group is not None and d.group.name == "Service Desk"
    assert d.reporter is not None and d.reporter.name == "Ada Caller"
    assert d.response_due_at == PINNED + timedelta(hours=4)
    assert d.resolution_due_at == PINNED + timedelta(hours=24)
    assert d.resolution_warn_at == PINNED + timedelta(hours=18)
    assert kinds(services, d.id)[:2] == [EventKind.CREATED.value, EventKind.STATUS_CHANGED.value]
    assert log(services).number == "INC0000002"


def test_numbers_not_reused_after_failed_log(services) -> None:  # type: ignore[no-untyped-def]
    log(services)
    with pytest.raises(ValidationError):
        log(services, title="")
    assert log(services).number == "INC0000002"


def test_every_change_is_audited(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    s = services.incidents
    before = len(s.events(d.id))
    clock.advance(minutes=5)
    d = s.acknowledge(d.id).value
    assert d.acknowledged_at == clock.now() and d.status == "in_progress"
    d = s.categorize(d.id, Categorization(d.category.id if d.category else None, 1, 1, reason="CEO affected")).value
    assert d.priority == 1
    d = s.escalate(d.id, EscalationKind.FUNCTIONAL, "needs network", group_id=group_id(services, "Network")).value
    assert d.tier == 2 and d.group.name == "Network"
    d = s.hold(d.id, HoldReason.AWAITING_VENDOR, "waiting for ISP").value
    d = s.resume(d.id).value
    d = s.resolve(d.id, "Solved remotely", "router replaced", workaround=False).value
    events = s.events(d.id)
    assert len(events) > before + 10
    fields = {(e.kind, e.field) for e in events}
    for expected in [("acknowledged", "acknowledged_at"), ("priority_changed", "priority"),
                     ("field_changed", "group_id"), ("held", "hold_reason"), ("resumed", "hold_reason"),
                     ("resolved", "resolved_at"), ("status_changed", "status")]:
        assert expected in fields
    assert all(e.actor == "tester" for e in events)
    assert any(n.body == "waiting for ISP" for n in s.notes(d.id))
    assert [r.kind for r in s.escalations(d.id)] == ["functional"]


def test_priority_change_needs_reason(services) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    with pytest.raises(ValidationError, match="reason"):
        services.incidents.categorize(d.id, Categorization(None, 1, 1))


def test_hold_pauses_sla_and_resume_moves_due(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    due = d.resolution_due_at
    d = services.incidents.acknowledge(d.id).value
    clock.advance(hours=1)
    d = services.incidents.hold(d.id, HoldReason.AWAITING_CALLER).value
    assert d.sla_paused_at == clock.now() and d.resolution_due_at is None
    clock.advance(hours=3)
    d = services.incidents.resume(d.id).value
    assert d.sla_paused_at is None
    assert d.resolution_due_at == due + timedelta(hours=3)


def test_refusals_are_explained(services) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    with pytest.raises(TransitionRefused, match="Resolution notes"):
        services.incidents.resolve(d.id, "Solved remotely", "")
    with pytest.raises(TransitionRefused, match="cannot go from"):
        services.incidents.close(d.id, "Confirmed by caller", CallerConfirmation.CONFIRMED)
    with pytest.raises(TransitionRefused, match="Only a resolved"):
        services.incidents.reopen(d.id, "again")


def test_resolve_close_reopen_window_and_follow_up(services, clock) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    d = s.resolve(d.id, "Solved remotely", "fixed").value
    assert d.first_contact_resolution
    clock.advance(days=2)
    d = s.reopen(d.id, "came back").value
    assert d.reopen_count == 1 and d.status == "in_progress" and not d.first_contact_resolution
    d = s.resolve(d.id, "Solved remotely", "fixed again").value
    clock.advance(days=6)
    with pytest.raises(TransitionRefused, match="follow-up"):
        s.reopen(d.id, "again")
    f = s.follow_up(d.id).value
    assert f.follow_up_of is not None and f.follow_up_of.id == d.id
    d = s.close(d.id, "Confirmed by caller", CallerConfirmation.CONFIRMED).value
    assert d.status == "closed" and d.closed_at == clock.now()


def test_close_refused_for_open_child_and_major_without_review(services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    parent = log(services, impact=1, urgency=1, is_major=True, major_justification="site down")
    child = log(services)
    s.link_parent(child.id, parent.id)
    parent = s.resolve(parent.id, "Solved remotely", "fixed").value
    with pytest.raises(TransitionRefused) as err:
        s.close(parent.id, "Confirmed by caller", CallerConfirmation.CONFIRMED)
    assert child.number in str(err.value) and "review" in str(err.value)
    assert len(s.close_check(parent.id)) == 2


def test_cancel_duplicate_links(services) -> None:  # type: ignore[no-untyped-def]
    a = log(services)
    b = log(services)
    with pytest.raises(ValidationError):
        services.incidents.cancel(b.id, CancelReason.DUPLICATE, duplicate_of="INC9999999")
    b = services.incidents.cancel(b.id, CancelReason.DUPLICATE, duplicate_of=a.number).value
    assert b.status == "cancelled" and b.duplicate_of is not None and b.duplicate_of.id == a.id


def test_stale_update_rejected(services) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    services.incidents.acknowledge(d.id, expected_version=d.version)
    with pytest.raises(ConcurrencyConflict, match="someone else"):
        services.incidents.assign(d.id, group_id(services, "Network"), expected_version=d.version)


def test_concurrent_flush_rejected_by_version_column(services) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    db = services.ctx.db
    with db.uow() as first, db.uow() as second:
        a = first.incidents.get(d.id)
        b = second.incidents.get(d.id)
        a.title = "first"
        first.commit()
        b.title = "second"
        with pytest.raises(ConcurrencyConflict):
            second.commit()
    assert services.incidents.get(d.id).title == "first"


def test_bad_input_writes_nothing(services) -> None:  # type: ignore[no-untyped-def]
    from app.domain.queue_filter import QueueFilter

    for bad in [dict(title="x" * 500), dict(title="ok\x00"), dict(title=" "),
                dict(detected_at=PINNED + timedelta(days=1)),
                dict(is_major=True), dict(new_reporter=NewContact("", None))]:
        with pytest.raises(ValidationError):
            log(services, **bad)
    assert services.queue.count(QueueFilter()) == 0


def test_integrity_check_and_demo_data(services) -> None:  # type: ignore[no-untyped-def]
    summary = services.demo.generate(300, seed=7)
    assert summary.incidents == 300 and summary.events > 300
    report = services.integrity.check()
    assert report.ok, report.lines
    counts = services.queue.builtin_counts()
    assert counts["all"] == 300
    assert 0 < counts["all_open"] < 300
    d = log(services)
    assert d.number == "INC0000301"
