"""Process settings service: edits persist, are audited, apply to new computations, and need an admin."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.enums import EventKind, Priority, Source
from app.domain.errors import PermissionDenied, ValidationError
from app.domain.priority import PriorityMatrix
from app.domain.sla import BusinessCalendar, SlaPolicy, SlaTargets
from app.services.incidents import LogRequest
from tests.conftest import PINNED


def settings_events(services):  # type: ignore[no-untyped-def]
    with services.ctx.db.uow() as uow:
        from app.store.tables import AuditEvent

        rows = uow.session.query(AuditEvent).filter(AuditEvent.kind == EventKind.SETTINGS_CHANGED.value).all()
        return [(e.field, e.old, e.new, e.actor_name) for e in rows]


def test_save_matrix_and_sla_audited_and_used_for_new_incidents(services) -> None:  # type: ignore[no-untyped-def]
    svc = services.settings
    before = svc.load()
    matrix = before.matrix.with_cell(3, 3, Priority.P4)
    targets = dict(before.sla.targets)
    targets[Priority.P4] = SlaTargets(timedelta(hours=2), timedelta(hours=10))
    result = svc.save(replace(before, matrix=matrix, sla=SlaPolicy(targets)))
    assert result.changes.touches("settings")
    events = settings_events(services)
    assert {e[0] for e in events} == {"matrix", "sla"}
    assert all(e[3] == "tester" for e in events)
    matrix_event = next(e for e in events if e[0] == "matrix")
    assert json.loads(matrix_event[1])["cells"][2][2] == 5 and json.loads(matrix_event[2])["cells"][2][2] == 4
    # the cached settings were dropped: a new incident uses the edited matrix and SLA
    d = services.incidents.log(LogRequest(title="Mouse squeaks", source=Source.PHONE, impact=3, urgency=3)).value
    assert d.priority == 4
    assert d.response_due_at == PINNED + timedelta(hours=2)
    assert d.resolution_due_at == PINNED + timedelta(hours=10)
    # saving the same again changes nothing and writes no event
    svc.save(svc.load())
    assert len(settings_events(services)) == 2


def test_business_calendar_applies_to_due_times(services) -> None:  # type: ignore[no-untyped-def]
    cal = BusinessCalendar(always=False, tz="UTC", start=PINNED.time().replace(hour=8), end=PINNED.time().replace(
        hour=10))
    services.settings.save(replace(services.settings.load(), calendar=cal))
    # P3: 4 h response; from Monday 09:00 with 08:00-10:00 hours: 1 h Monday, 2 h Tuesday, 1 h Wednesday
    d = services.incidents.log(LogRequest(title="Slow share", source=Source.EMAIL, impact=2, urgency=2)).value
    assert d.response_due_at == PINNED + timedelta(days=2)


def test_switch_to_5x5_matrix(services) -> None:  # type: ignore[no-untyped-def]
    services.settings.save(replace(services.settings.load(), matrix=PriorityMatrix.itil_5x5()))
    d = services.incidents.log(LogRequest(title="Edge case", source=Source.EMAIL, impact=5, urgency=5)).value
    assert d.priority == 5 and services.settings.load().matrix.size == 5


def test_catalogue_edits_audited(services) -> None:  # type: ignore[no-untyped-def]
    svc = services.settings
    top = svc.add_category("Facilities").value
    sub = svc.add_category("Heating", top.id).value
    assert sub.parent_id == top.id
    svc.rename_category(sub.id, "Heating & cooling")
    svc.set_category_active(sub.id, False)
    snap = svc.snapshot()
    entry = next(c for c in snap.categories if c.id == sub.id)
    assert entry.name == "Heating & cooling" and not entry.is_active
    assert snap.category_path(sub.id) == "Facilities / Heating & cooling"
    web = svc.add_service("Wiki", "service").value
    ci = svc.add_service("wiki-01 (app server)", "ci", web.id).value
    assert ci.parent_id == web.id and ci.kind == "ci"
    group = svc.add_group("Facilities team", 2).value
    svc.update_group(group.id, tier=3)
    assert next(g for g in svc.snapshot().groups if g.id == group.id).tier == 3
    fields = [e[0] for e in settings_events(services)]
    assert fields.count("category") == 4 and fields.count("service") == 2 and fields.count("group") == 2


@pytest.mark.parametrize("call, message", [
    (lambda s: s.add_category(""), "required"),
    (lambda s: s.add_category("Bad\x07name"), "control characters"),
    (lambda s: s.add_category("x" * 300), "too long"),
    (lambda s: s.add_category("Hardware"), "already"),
    (lambda s: s.add_service("CI without service", "ci"), "belongs to a service"),
    (lambda s: s.add_group("Network", 2), "already"),
])
def test_catalogue_refusals_write_nothing(services, call, message) -> None:  # type: ignore[no-untyped-def]
    before = services.settings.snapshot()
    with pytest.raises(ValidationError, match=message):
        call(services.settings)
    after = services.settings.snapshot()
    assert (after.categories, after.services, after.groups) == (before.categories, before.services, before.groups)
    assert settings_events(services) == []


def test_service_desk_group_stays_active(services) -> None:  # type: ignore[no-untyped-def]
    desk = next(g for g in services.settings.snapshot().groups if g.is_service_desk)
    with pytest.raises(ValidationError, match="stays active"):
        services.settings.update_group(desk.id, active=False)


def test_only_admin_may_edit(services) -> None:  # type: ignore[no-untyped-def]
    agent = next(p for p in services.directory.staff() if p.role == "agent")
    services.ctx.user_id = agent.id
    snap = services.settings.snapshot()
    assert not snap.can_edit and "administrator" in snap.why_read_only
    with pytest.raises(PermissionDenied):
        services.settings.add_category("Nope")
    with pytest.raises(PermissionDenied):
        services.settings.save(services.settings.load())
