"""SLA engine on a real store with a pinned clock: warnings and breaches once, pauses, calendar, auto-close."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app.domain.enums import CallerConfirmation, EventKind, HoldReason, SlaTarget, Source
from app.domain.sla import BusinessCalendar
from app.services.incidents import LogRequest
from tests.conftest import PINNED


def log(services, **kw):  # type: ignore[no-untyped-def]
    base = dict(title="VPN drops", source=Source.PHONE, impact=2, urgency=2)  # P3: response 4h, resolution 24h
    base.update(kw)
    return services.incidents.log(LogRequest(**base)).value


def sla_events(services, iid):  # type: ignore[no-untyped-def]
    return [(e.kind, e.field) for e in services.incidents.events(iid)
            if e.kind in (EventKind.SLA_WARNING.value, EventKind.SLA_BREACH.value)]


def test_warning_and_breach_exactly_once_per_target(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    engine = services.sla_engine
    clock.advance(hours=2, minutes=59)
    assert engine.scan().value.empty
    clock.advance(minutes=1)  # 3h = 75 % of the 4h response target
    report = engine.scan().value
    assert [(c.number, c.target, c.kind) for c in report.crossings] == [
        (d.number, SlaTarget.RESPONSE, EventKind.SLA_WARNING)]
    assert engine.scan().value.empty  # the flag holds: never twice
    clock.advance(hours=1)
    report = engine.scan().value
    assert report.breaches == 1 and report.warnings == 0
    assert report.crossings[0].escalated_to == "Dana Whitfield"  # the Service Desk group's manager
    assert engine.scan().value.empty
    clock.set(PINNED + timedelta(hours=24))
    report = engine.scan().value
    assert [(c.target, c.kind) for c in report.crossings] == [
        (SlaTarget.RESOLUTION, EventKind.SLA_WARNING), (SlaTarget.RESOLUTION, EventKind.SLA_BREACH)]
    clock.advance(days=3)
    assert engine.scan().value.empty
    assert sla_events(services, d.id) == [("sla_warning", "response"), ("sla_breach", "response"),
                                          ("sla_warning", "resolution"), ("sla_breach", "resolution")]
    escalations = services.incidents.escalations(d.id)
    assert [(e.kind, e.is_system, e.by, e.to_person) for e in escalations] == [
        ("hierarchical", True, "System", "Dana Whitfield")] * 2
    detail = services.incidents.get(d.id)
    assert detail.response_breached and detail.resolution_breached
    events = [e for e in services.incidents.events(d.id) if e.kind == EventKind.SLA_BREACH.value]
    assert all(e.actor == "System" for e in events)


def test_acknowledged_incident_has_no_response_breach(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    clock.advance(minutes=30)
    services.incidents.acknowledge(d.id)
    clock.advance(hours=10)
    assert services.sla_engine.scan().value.empty


def test_hold_pauses_and_resume_restarts_the_clock(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    services.incidents.acknowledge(d.id)
    clock.advance(hours=1)
    services.incidents.hold(d.id, HoldReason.AWAITING_VENDOR)
    clock.set(PINNED + timedelta(hours=30))  # past the unpaused warning (18h) and breach (24h)
    assert services.sla_engine.scan().value.empty
    assert services.workflow.panel(d.id).resolution.paused
    services.incidents.resume(d.id)  # held 29h: warning at 18 + 29 = 47h, breach at 53h
    clock.set(PINNED + timedelta(hours=46, minutes=59))
    assert services.sla_engine.scan().value.empty
    clock.set(PINNED + timedelta(hours=47))
    assert [c.kind for c in services.sla_engine.scan().value.crossings] == [EventKind.SLA_WARNING]
    clock.set(PINNED + timedelta(hours=53))
    assert [c.kind for c in services.sla_engine.scan().value.crossings] == [EventKind.SLA_BREACH]


def test_business_calendar_moves_the_breach_past_the_weekend(services, clock) -> None:  # type: ignore[no-untyped-def]
    cal = BusinessCalendar(always=False, tz="UTC", start=time(8), end=time(18))
    with services.ctx.db.uow() as uow:
        uow.settings.put("calendar", cal.to_json())
        uow.commit()
    services.ctx.invalidate_settings()
    clock.set(datetime(2026, 3, 6, 17, 30, tzinfo=UTC))  # Friday 17:30, half an hour before closing
    d = log(services, impact=1, urgency=2)  # P2: response 1h -> 30 min on Friday, 30 min on Monday
    assert d.response_warn_at == datetime(2026, 3, 9, 8, 15, tzinfo=UTC)
    assert d.response_due_at == datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
    clock.set(datetime(2026, 3, 8, 23, 0, tzinfo=UTC))  # Sunday night: 24x7 would have breached long ago
    assert services.sla_engine.scan().value.empty
    clock.set(datetime(2026, 3, 9, 8, 15, tzinfo=UTC))
    report = services.sla_engine.scan().value
    assert [(c.target, c.kind) for c in report.crossings] == [(SlaTarget.RESPONSE, EventKind.SLA_WARNING)]
    clock.set(datetime(2026, 3, 9, 8, 29, tzinfo=UTC))
    assert services.sla_engine.scan().value.empty
    clock.set(datetime(2026, 3, 9, 8, 30, tzinfo=UTC))
    assert [c.kind for c in services.sla_engine.scan().value.crossings] == [EventKind.SLA_BREACH]


def test_breach_while_the_app_was_closed_is_caught_at_start(services, clock, db_path, store_url) -> None:  # type: ignore[no-untyped-def]
    from app.domain.clock import FixedClock
    from app.services.app import open_services

    d = log(services)
    services.close()
    later = FixedClock(PINNED + timedelta(days=2))
    reopened = open_services(store_url, db_path.parent / "backups", clock=later, login="tester")
    try:
        report = reopened.sla_engine.scan().value
        crossed = {(c.target, c.kind): c.crossed_at for c in report.crossings}
        assert crossed[(SlaTarget.RESPONSE, EventKind.SLA_BREACH)] == PINNED + timedelta(hours=4)
        assert crossed[(SlaTarget.RESOLUTION, EventKind.SLA_BREACH)] == PINNED + timedelta(hours=24)
        assert len(report.crossings) == 4 and report.breaches == 2
        assert reopened.sla_engine.scan().value.empty
        assert len(reopened.incidents.escalations(d.id)) == 2
    finally:
        reopened.close()


def test_breach_without_manager_is_recorded_and_reported(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    with services.ctx.db.uow() as uow:
        uow.groups.service_desk().manager_id = None
        uow.commit()
    clock.advance(hours=5)
    report = services.sla_engine.scan().value
    assert report.breaches == 1 and report.escalation_failures == ((d.number, "its group has no manager"),)
    assert services.incidents.get(d.id).response_breached
    assert services.incidents.escalations(d.id) == []


def test_auto_close_after_n_days_without_caller_answer(services, clock) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    d = s.resolve(d.id, "Solved remotely", "restarted the VPN client").value
    other = s.resolve(s.acknowledge(log(services).id).value.id, "Solved remotely", "fixed").value
    s.await_caller(d.id)
    days = services.ctx.settings().auto_close_days
    clock.advance(days=days, seconds=-1)
    assert services.sla_engine.scan().value.auto_closed == ()
    clock.advance(seconds=1)
    report = services.sla_engine.scan().value
    assert report.auto_closed == (d.number,)
    closed = s.get(d.id)
    assert closed.status == "closed" and closed.caller_confirmation == CallerConfirmation.AUTO_CLOSED.value
    assert closed.closure_code == "No answer from caller" and closed.closed_at == clock.now()
    assert s.get(other.id).status == "resolved"  # the caller was not waited for: it stays
    assert [e.actor for e in s.events(d.id) if e.kind == "closed"] == ["System"]
    assert services.sla_engine.scan().value.empty


def test_auto_close_respects_the_close_guards(services, clock) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    major = log(services, impact=1, urgency=1, is_major=True, major_justification="site down")
    s.acknowledge(major.id)
    s.resolve(major.id, "Solved remotely", "failover")
    s.await_caller(major.id)
    clock.advance(days=30)
    report = services.sla_engine.scan().value
    assert report.auto_closed == ()
    assert report.not_closed[0][0] == major.number and "review" in report.not_closed[0][1]
    assert s.get(major.id).status == "resolved"
