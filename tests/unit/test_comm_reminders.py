"""Next-update reminders per priority with pinned times, lifecycle suggestions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.communication import (
    LifecycleChange,
    default_interval,
    detect_lifecycle_change,
    is_update_overdue,
    next_update_due,
    suggest_template,
)
from app.domain.enums import Priority
from app.domain.process import DEFAULT_UPDATE_MINUTES

SENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("priority", "expected"), [
    (1, SENT + timedelta(minutes=30)), (2, SENT + timedelta(hours=1)), (3, SENT + timedelta(hours=4)),
    (4, SENT + timedelta(days=1)), (5, None),
])
def test_default_interval_per_priority(priority: int, expected: datetime | None) -> None:
    assert next_update_due(SENT, "in_progress", priority, DEFAULT_UPDATE_MINUTES) == expected


def test_settings_override_the_interval() -> None:
    minutes = {**DEFAULT_UPDATE_MINUTES, Priority.P3: 90, Priority.P1: None}
    assert next_update_due(SENT, "assigned", 3, minutes) == SENT + timedelta(minutes=90)
    assert next_update_due(SENT, "assigned", 1, minutes) is None
    assert default_interval(9, minutes) is None


@pytest.mark.parametrize("status", ["resolved", "closed", "cancelled"])
def test_no_further_updates_once_resolved(status: str) -> None:
    assert next_update_due(SENT, status, 1, DEFAULT_UPDATE_MINUTES) is None


def test_overdue_is_at_or_after_due() -> None:
    due = SENT + timedelta(minutes=30)
    assert not is_update_overdue(due, due - timedelta(seconds=1))
    assert is_update_overdue(due, due)
    assert not is_update_overdue(None, due)


@pytest.mark.parametrize(("before", "after", "change"), [
    (("in_progress", 0, False), ("on_hold", 0, False), LifecycleChange.HOLD),
    (("in_progress", 0, False), ("in_progress", 1, False), LifecycleChange.ESCALATION),
    (("in_progress", 1, False), ("in_progress", 2, True), LifecycleChange.MAJOR),
    (("in_progress", 0, False), ("resolved", 0, False), LifecycleChange.RESOLUTION),
    (("resolved", 0, False), ("closed", 0, False), LifecycleChange.CLOSURE),
    (("assigned", 0, False), ("in_progress", 0, False), None),
    (("in_progress", 0, False), ("in_progress", 0, False), None),
])
def test_detect_lifecycle_change(before: tuple, after: tuple, change: LifecycleChange | None) -> None:  # type: ignore[type-arg]
    assert detect_lifecycle_change(*before, *after) == change


def test_suggested_templates() -> None:
    assert suggest_template(LifecycleChange.HOLD) == "Status update"
    assert suggest_template(LifecycleChange.ESCALATION) == "Escalation notice"
    assert suggest_template(LifecycleChange.ESCALATION, is_major=True) == "Major incident executive summary"
    assert suggest_template(LifecycleChange.RESOLUTION, is_major=True) == "Resolution notice"
    assert suggest_template(LifecycleChange.CLOSURE) == "Closure notice"
