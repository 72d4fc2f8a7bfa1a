"""SLA clock: targets, pause and resume, business hours, warning and breach, with pinned times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import Priority
from app.domain.errors import ValidationError
from app.domain.sla import (
    BusinessCalendar,
    Pause,
    SlaLevel,
    SlaPolicy,
    SlaTargets,
    due_at,
    elapsed,
    sla_state,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday
H = timedelta(hours=1)
OFFICE = BusinessCalendar(always=False, tz="UTC", start=time(8), end=time(18))


def test_default_targets() -> None:
    p = SlaPolicy()
    assert p.for_priority(Priority.P1) == SlaTargets(timedelta(minutes=15), 4 * H)
    assert p.for_priority(Priority.P2) == SlaTargets(H, 8 * H)
    assert p.for_priority(Priority.P3) == SlaTargets(4 * H, 24 * H)
    assert p.for_priority(Priority.P4) == SlaTargets(8 * H, 72 * H)
    assert p.for_priority(Priority.P5) == SlaTargets(24 * H, timedelta(days=5))
    assert SlaPolicy.from_json(p.to_json()) == p


def test_policy_refuses_response_longer_than_resolution() -> None:
    with pytest.raises(ValidationError):
        SlaPolicy({Priority.P1: SlaTargets(5 * H, H)})


def test_running_clock_levels() -> None:
    target = 4 * H
    assert sla_state(T0, target, T0 + H).level is SlaLevel.OK
    assert sla_state(T0, target, T0 + 3 * H).level is SlaLevel.WARNING  # exactly 75 %
    assert sla_state(T0, target, T0 + 4 * H).level is SlaLevel.BREACHED
    s = sla_state(T0, target, T0 + H)
    assert s.due_at == T0 + 4 * H and s.warn_at == T0 + 3 * H
    assert s.remaining == 3 * H


def test_pause_stops_clock_and_moves_due() -> None:
    pauses = [Pause(T0 + H, T0 + 3 * H)]
    s = sla_state(T0, 4 * H, T0 + 4 * H, pauses=pauses)
    assert s.elapsed == 2 * H
    assert s.due_at == T0 + 6 * H
    assert s.level is SlaLevel.OK


def test_open_pause_is_paused_and_has_no_due() -> None:
    s = sla_state(T0, 4 * H, T0 + 10 * H, pauses=[Pause(T0 + H, None)])
    assert s.paused and s.level is SlaLevel.PAUSED
    assert s.elapsed == H
    assert s.due_at is None


def test_resume_after_open_pause() -> None:
    pauses = [Pause(T0 + H, T0 + 5 * H)]
    s = sla_state(T0, 4 * H, T0 + 8 * H, pauses=pauses)
    assert s.elapsed == 4 * H and s.level is SlaLevel.BREACHED
    assert s.due_at == T0 + 8 * H


def test_breach_while_paused_stays_breached() -> None:
    s = sla_state(T0, H, T0 + 3 * H, pauses=[Pause(T0 + 2 * H, None)])
    assert s.level is SlaLevel.BREACHED


def test_stopped_clock_met_or_breached() -> None:
    assert sla_state(T0, H, T0 + 9 * H, stopped_at=T0 + 30 * timedelta(minutes=1)).level is SlaLevel.MET
    assert sla_state(T0, H, T0 + 9 * H, stopped_at=T0 + 2 * H).level is SlaLevel.BREACHED


def test_business_hours_skip_nights_and_weekends() -> None:
    friday_5pm = datetime(2026, 3, 6, 17, 0, tzinfo=UTC)
    # 4 working hours from Friday 17:00: 1 h on Friday, 3 h on Monday from 08:00.
    assert OFFICE.add_working_time(friday_5pm, 4 * H) == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
    assert OFFICE.working_time(friday_5pm, datetime(2026, 3, 9, 11, 0, tzinfo=UTC)) == 4 * H
    s = sla_state(friday_5pm, 4 * H, datetime(2026, 3, 8, 12, tzinfo=UTC), calendar=OFFICE)
    assert s.elapsed == H  # Saturday and Sunday do not count


def test_holidays_and_time_zone() -> None:
    cal = BusinessCalendar(always=False, tz="Europe/Berlin", start=time(9), end=time(17),
                           holidays=frozenset({date(2026, 3, 3)}))
    monday_4pm_berlin = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 16:00 CET
    # 1 h on Monday, Tuesday is a holiday, 1 h on Wednesday from 09:00 CET (08:00 UTC).
    assert cal.add_working_time(monday_4pm_berlin, 2 * H) == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
    assert BusinessCalendar.from_json(cal.to_json()) == cal


def test_pause_with_business_hours() -> None:
    pauses = [Pause(T0 + H, T0 + 2 * H)]
    assert due_at(T0, 2 * H, pauses, OFFICE) == T0 + 3 * H
    assert elapsed(T0, pauses, T0 + 3 * H, OFFICE) == 2 * H


def test_calendar_validation() -> None:
    with pytest.raises(ValidationError):
        BusinessCalendar(always=False, start=time(18), end=time(8))


@given(st.integers(min_value=0, max_value=14 * 24 * 60), st.integers(min_value=1, max_value=5 * 24 * 60))
def test_add_then_measure_round_trips(offset_min: int, amount_min: int) -> None:
    start = T0 + timedelta(minutes=offset_min)
    amount = timedelta(minutes=amount_min)
    end = OFFICE.add_working_time(start, amount)
    assert OFFICE.working_time(start, end) == amount
