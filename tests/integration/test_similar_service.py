"""Similar-incident suggestions and adding a caller to an existing incident."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import CallerConfirmation, CancelReason, EventKind, Source, Status
from app.domain.errors import TransitionRefused, ValidationError
from app.services.incidents import LogRequest, NewContact


def log(services, title, **kw):  # type: ignore[no-untyped-def]
    return services.incidents.log(LogRequest(title=title, source=Source.PHONE, **kw)).value


def test_open_and_recent_resolved_ranked_old_history_left_out(services, clock) -> None:  # type: ignore[no-untyped-def]
    old = log(services, "VPN drops every few minutes")
    services.incidents.resolve(old.id, "Solved remotely", "Gateway firmware updated")
    services.incidents.close(old.id, "Confirmed by caller", CallerConfirmation.CONFIRMED)
    clock.advance(days=60)
    recent = log(services, "VPN drops at home office")
    services.incidents.resolve(recent.id, "Solved remotely", "Home router MTU lowered to 1400")
    open_one = log(services, "VPN drops every few minutes for Finance")
    log(services, "Printer jams on floor 3")
    cancelled = log(services, "VPN drops duplicate", duplicate_of_id=open_one.id)
    found = services.similar.find("vpn drops every few")
    numbers = [f.number for f in found]
    assert numbers[0] == open_one.number
    assert recent.number in numbers
    assert old.number not in numbers and cancelled.number not in numbers
    hit = next(f for f in found if f.number == recent.number)
    assert hit.status == Status.RESOLVED.value and hit.resolution == "Home router MTU lowered to 1400"
    assert hit.resolution_code == "Solved remotely" and not hit.is_open
    assert services.similar.find("   ") == [] and services.similar.find('"*') == []


def test_duplicate_logged_as_cancelled_with_link(services) -> None:  # type: ignore[no-untyped-def]
    original = log(services, "E-mail down")
    dup = log(services, "Outlook not working", duplicate_of_id=original.id)
    assert dup.status == Status.CANCELLED.value and dup.cancel_reason == CancelReason.DUPLICATE.value
    assert dup.duplicate_of is not None and dup.duplicate_of.id == original.id
    assert EventKind.LINKED.value in [e.kind for e in services.incidents.events(original.id)]


def test_add_caller_records_stakeholder_and_audit_without_new_incident(services, clock) -> None:  # type: ignore[no-untyped-def]
    original = log(services, "E-mail down", new_reporter=NewContact("First Caller", "first@example.org"))
    count = services.queue.count(__import__("app.domain.queue_filter", fromlist=["QueueFilter"]).QueueFilter())
    clock.advance(minutes=3)
    result = services.similar.add_caller(original.id, new_reporter=NewContact("Second Caller", "second@example.org"),
                                         title="No mail since 9", source=Source.PHONE.value)
    assert result.changes.incident_ids == {original.id} and not result.changes.created_ids
    assert [s[1:] for s in services.similar.stakeholders(original.id)] == [("Second Caller", "caller")]
    events = services.incidents.events(original.id)
    ev = next(e for e in events if e.field == "stakeholders")
    assert ev.new == "Second Caller" and ev.at == clock.now()
    assert "Also reported by Second Caller" in services.incidents.notes(original.id)[-1].body
    from app.domain.queue_filter import QueueFilter

    assert services.queue.count(QueueFilter()) == count
    with pytest.raises(ValidationError, match="already recorded"):
        services.similar.add_caller(original.id, reporter_id=result.value.reporter.id)
    services.incidents.resolve(original.id, "Solved remotely", "restarted")
    other = services.directory.contacts("First")[0]
    with pytest.raises(TransitionRefused):
        services.similar.add_caller(original.id, reporter_id=other.id)
    assert clock.now() - original.logged_at == timedelta(minutes=3)


def test_add_caller_refusals_write_nothing(services) -> None:  # type: ignore[no-untyped-def]
    original = log(services, "E-mail down")
    people_before = len(services.directory.contacts())
    with pytest.raises(ValidationError):
        services.similar.add_caller(original.id)
    with pytest.raises(ValidationError, match="control"):
        services.similar.add_caller(original.id, new_reporter=NewContact("Bad\x01Name"))
    assert len(services.directory.contacts()) == people_before
    assert services.similar.stakeholders(original.id) == []
