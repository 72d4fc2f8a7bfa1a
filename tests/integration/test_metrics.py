"""Metrics against a hand-computed fixture of nine incidents, with the clock pinned to Monday 2026-03-02 09:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.services.metrics import MetricsQuery, period_starts
from app.store.tables import AuditEvent, Communication, Incident


def T(day: int, hour: int = 0, minute: int = 0, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


START, END = T(23), T(2, month=3)  # the week Mon 23 Feb .. Sun 1 Mar


def incident(iid: int, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": iid, "number": f"INC{iid:07d}", "title": f"Incident {iid}", "description": "", "source": "phone",
        "status": "new", "impact": 3, "urgency": 3, "priority": 3, "is_major": False, "category_id": None,
        "service_id": None, "group_id": None, "tier": 1, "detected_at": None, "logged_at": None,
        "acknowledged_at": None, "response_due_at": None, "resolution_due_at": None, "resolved_at": None,
        "closed_at": None, "response_breached": False, "resolution_breached": False, "reopen_count": 0,
        "escalation_count": 0, "first_contact_resolution": False, "updated_at": None, "version": 1,
        "alert_count": 0, "response_warned": False, "resolution_warned": False, "is_workaround": False,
        "recovery_confirmed": False, "cancel_reason": None,
    }
    row.update(kw)
    row["detected_at"] = row["detected_at"] or row["logged_at"]
    row["updated_at"] = row["updated_at"] or row["logged_at"]
    return row


@pytest.fixture
def fixture(services):  # type: ignore[no-untyped-def]
    with services.ctx.db.uow() as uow:
        groups = {g.name: g.id for g in uow.groups.all()}
        cats = uow.catalogue.categories()
        parent = next(c for c in cats if c.parent_id is None)
        sub = next(c for c in cats if c.parent_id == parent.id)
        other_top = next(c for c in cats if c.parent_id is None and c.id != parent.id)
        desk, net = groups["Service Desk"], groups["Network"]
        rows = [
            incident(1, priority=1, group_id=desk, source="phone", logged_at=T(23, 10), acknowledged_at=T(23, 10, 10),
                     resolved_at=T(23, 12, 10), closed_at=T(24, 10), status="closed", response_due_at=T(23, 10, 15),
                     resolution_due_at=T(23, 14), first_contact_resolution=True, category_id=sub.id),
            incident(2, priority=1, group_id=net, source="email", logged_at=T(24, 8), acknowledged_at=T(24, 8, 30),
                     resolved_at=T(24, 18), status="resolved", response_due_at=T(24, 8, 15),
                     resolution_due_at=T(24, 12), response_breached=True, resolution_breached=True,
                     escalation_count=1, reopen_count=1, category_id=sub.id),
            incident(3, priority=3, group_id=desk, logged_at=T(25, 9), acknowledged_at=T(25, 9, 20),
                     status="in_progress", response_due_at=T(25, 10), resolution_due_at=T(1, 9, month=3),
                     resolution_breached=True, category_id=other_top.id),
            incident(4, priority=3, group_id=net, source="monitoring", logged_at=T(26, 12), status="new",
                     response_due_at=T(26, 16), resolution_due_at=T(5, 12, month=3), response_breached=True),
            incident(5, priority=3, group_id=desk, logged_at=T(27), closed_at=T(27, 1), status="cancelled",
                     cancel_reason="duplicate"),
            incident(6, priority=5, group_id=desk, logged_at=T(20, 9), status="assigned"),  # before the range
            incident(7, priority=4, group_id=desk, source="self_service", logged_at=T(1, 10, month=3),
                     acknowledged_at=T(1, 10, 40, month=3), resolved_at=T(1, 12, 40, month=3), status="resolved",
                     response_due_at=T(1, 11, month=3), resolution_due_at=T(2, 10, month=3),
                     first_contact_resolution=True),
            incident(8, priority=4, group_id=desk, logged_at=T(2, 8, month=3), status="new"),  # after the range
            incident(9, priority=4, group_id=desk, logged_at=T(1, 9, month=1), status="on_hold"),  # long ago
        ]

        def ev(iid: int, when: datetime, kind: str) -> dict[str, Any]:
            return {"incident_id": iid, "at": when, "actor_id": None, "actor_name": "t", "kind": kind,
                    "field": "hold_reason", "old": None, "new": None, "payload": None}

        events = [ev(3, T(26, 9), "held"), ev(3, T(26, 21), "resumed"),  # 720 min
                  ev(2, T(24, 10), "held"),  # never resumed: ends at resolution 18:00, 480 min
                  ev(9, T(2, 9, month=1), "held")]  # out of scope

        def comm(iid: int, sent: datetime, due: datetime | None, direction: str = "out") -> dict[str, Any]:
            return {"incident_id": iid, "sent_at": sent, "direction": direction, "audience": "reporter",
                    "channel": "email", "recipients": "", "subject": "s", "body": "b", "author_id": None,
                    "author_name": "t", "next_update_due_at": due, "corrects_id": None, "template_name": None,
                    "message_id": None, "in_reply_to": None}

        comms = [comm(1, T(23, 10, 5), T(23, 10, 35)), comm(1, T(23, 10, 50), None, "in"),
                 comm(1, T(23, 10, 30), T(23, 11)), comm(1, T(23, 11, 30), None),  # on time, then late
                 comm(9, T(2, 10, month=1), T(2, 11, month=1)), comm(9, T(3, 10, month=1), None)]
        uow.bulk.insert(Incident, rows)
        uow.bulk.insert(AuditEvent, events)
        uow.bulk.insert(Communication, comms)
        uow.commit()
    return {"desk": desk, "net": net, "parent": parent, "other_top": other_top, "sub": sub}


def test_volume_and_periods(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END))
    assert m.period_unit == "day" and m.total == 6
    assert [(c.key, c.count) for c in m.volume_by_period] == [
        ("2026-02-23", 1), ("2026-02-24", 1), ("2026-02-25", 1), ("2026-02-26", 1), ("2026-02-27", 1),
        ("2026-02-28", 0), ("2026-03-01", 1)]
    assert [(c.label, c.count) for c in m.volume_by_priority] == [("P1", 2), ("P3", 3), ("P4", 1)]
    assert {c.label: c.count for c in m.volume_by_group} == {"Service Desk": 4, "Network": 2}
    assert {c.label: c.count for c in m.volume_by_source} == {"Phone": 3, "E-mail": 1, "Monitoring": 1,
                                                              "Self-service": 1}
    cats = {c.label: c.count for c in m.volume_by_category}
    assert cats[fixture["parent"].name] == 2 and cats[fixture["other_top"].name] == 1
    assert cats["(uncategorised)"] == 3
    top = m.top_categories[0]
    assert top.label == f"{fixture['parent'].name} / {fixture['sub'].name}" and top.count == 2


def test_speed_means_and_medians(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END))
    assert (m.mtta.count, m.mtta.mean_minutes, m.mtta.median_minutes) == (4, pytest.approx(25), pytest.approx(25))
    # Resolved after 130, 600 and 160 minutes.
    assert m.mttr.count == 3 and m.mttr.mean_minutes == pytest.approx(890 / 3) and m.mttr.median_minutes == \
        pytest.approx(160)
    p1 = next(d for d in m.mttr_by_priority if d.key == 1)
    assert (p1.mean_minutes, p1.median_minutes) == (pytest.approx(365), pytest.approx(365))
    desk = next(d for d in m.mtta_by_group if d.label == "Service Desk")
    assert desk.count == 3 and desk.mean_minutes == pytest.approx(70 / 3) and desk.median_minutes == pytest.approx(20)
    assert [d.label for d in m.mttr_by_group] == ["Network", "Service Desk"]


def test_sla_and_rates(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END))
    assert (m.sla_response.part, m.sla_response.whole) == (3, 5) and m.sla_response.pct == pytest.approx(60)
    assert (m.sla_resolution.part, m.sla_resolution.whole) == (2, 4)
    by_p = {s.priority: s for s in m.sla_by_priority}
    assert by_p[1].response.pct == pytest.approx(50) and by_p[1].resolution.pct == pytest.approx(50)
    assert by_p[3].response.pct == pytest.approx(50) and by_p[3].resolution.pct == pytest.approx(0)
    assert by_p[4].response.pct == pytest.approx(100)
    assert m.reopen_rate.pct == pytest.approx(100 / 3)
    assert m.fcr_rate.pct == pytest.approx(200 / 3)
    assert (m.escalation_rate.part, m.escalation_rate.whole) == (1, 5)


def test_backlog_hold_and_updates(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END))
    assert [(c.label, c.count) for c in m.aging] == [("0-1 d", 1), ("1-3 d", 0), ("3-7 d", 2), ("7-30 d", 1),
                                                     ("> 30 d", 1)]
    assert m.backlog == 5
    # Held 720 + 480 minutes; lives 130 + 600 + 7200 + 5580 + 60 + 160 minutes.
    assert m.hold_share.part == pytest.approx(1200)
    assert m.hold_share.whole == pytest.approx(13730)
    assert (m.updates_on_time.part, m.updates_on_time.whole) == (1, 2)


def test_filters_narrow_everything(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END, priorities=(1,)))
    assert m.total == 2 and m.backlog == 0 and m.sla_response.whole == 2
    m = services.metrics.dashboard(MetricsQuery(START, END, group_ids=(fixture["net"],)))
    assert m.total == 2 and m.mtta.count == 1 and m.backlog == 1
    m = services.metrics.dashboard(MetricsQuery(START, END, category_ids=(fixture["parent"].id,)))
    assert m.total == 2  # the parent category selects its subcategories
    m = services.metrics.dashboard(MetricsQuery(START, END, sources=("phone",)))
    assert m.total == 3


def test_drilldown_gives_exactly_the_bar(services, fixture) -> None:  # type: ignore[no-untyped-def]
    q = MetricsQuery(START, END)
    assert services.metrics.drilldown(q, "period", "2026-02-24").incident_ids == (2,)
    assert services.metrics.drilldown(q, "aging", "3-7 d").incident_ids == (3, 4)
    assert services.metrics.drilldown(q, "sla_breached", 1).incident_ids == (2,)
    assert services.metrics.drilldown(q, "group_resolved", fixture["desk"]).incident_ids == (1, 7)
    assert services.queue.count(services.metrics.drilldown(q, "priority", 3)) == 3


def test_tables_and_bad_range(services, fixture) -> None:  # type: ignore[no-untyped-def]
    m = services.metrics.dashboard(MetricsQuery(START, END))
    tables = {t.key: t for t in m.tables()}
    kpis = {r[0]: r[1] for r in tables["kpis"].rows}
    assert kpis["Incidents logged"] == 6 and kpis["Response SLA met %"] == 60.0
    assert tables["sla_by_priority"].rows[0] == ("P1", 2, 1, 50.0, 2, 1, 50.0)
    from app.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        services.metrics.dashboard(MetricsQuery(END, START))


def test_period_starts_units() -> None:
    assert [d.isoformat() for d in period_starts(T(25, 5), T(10, month=3), "week")] == [
        "2026-02-23", "2026-03-02", "2026-03-09"]
    assert [d.isoformat() for d in period_starts(T(15, month=1), T(1, month=4), "month")] == [
        "2026-01-01", "2026-02-01", "2026-03-01"]
    assert MetricsQuery(T(1, month=1), T(1, month=2)).period_unit == "day"
    assert MetricsQuery(T(1, month=1), T(1, month=6)).period_unit == "week"
    assert MetricsQuery(T(1, month=1), T(1, month=12)).period_unit == "month"


def test_period_unit_changes_between_queries(services, fixture) -> None:  # type: ignore[no-untyped-def]
    """A statement compiled for days must not be reused for weeks (SQL caching keyed on the unit)."""
    services.metrics.dashboard(MetricsQuery(START, END))
    m = services.metrics.dashboard(MetricsQuery(T(1, month=1), T(1, month=4)))
    assert m.period_unit == "week"
    assert sum(c.count for c in m.volume_by_period) == m.total == 9
    assert dict((c.key, c.count) for c in m.volume_by_period)["2026-02-23"] == 6  # incidents 1-5 and 7
