"""Every allowed and refused lifecycle transition, with readable reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from app.domain.enums import CancelReason, HoldReason, Status
from app.domain.errors import TransitionRefused
from app.domain.lifecycle import ALLOWED, TransitionContext, check_transition, refusal_reasons

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# A context that satisfies every guard, so only the state machine itself decides.
FULL = TransitionContext(
    number="INC0000001", has_group=True, hold_reason=HoldReason.AWAITING_CALLER, resolution_code="Solved",
    resolution_notes="done", closure_code="Confirmed", cancel_reason=CancelReason.FALSE_ALARM, reason="again",
    resolved_at=NOW - timedelta(days=1), now=NOW,
)

EXPECTED = {
    (Status.NEW, Status.ASSIGNED), (Status.NEW, Status.CANCELLED),
    (Status.ASSIGNED, Status.IN_PROGRESS), (Status.ASSIGNED, Status.ON_HOLD), (Status.ASSIGNED, Status.RESOLVED),
    (Status.ASSIGNED, Status.CANCELLED),
    (Status.IN_PROGRESS, Status.ON_HOLD), (Status.IN_PROGRESS, Status.RESOLVED),
    (Status.IN_PROGRESS, Status.CANCELLED),
    (Status.ON_HOLD, Status.IN_PROGRESS), (Status.ON_HOLD, Status.CANCELLED),
    (Status.RESOLVED, Status.CLOSED), (Status.RESOLVED, Status.IN_PROGRESS),
}


@pytest.mark.parametrize(("current", "target"), list(product(Status, Status)))
def test_every_pair_of_statuses(current: Status, target: Status) -> None:
    if (current, target) in EXPECTED:
        check_transition(current, target, FULL)
    else:
        with pytest.raises(TransitionRefused) as err:
            check_transition(current, target, FULL)
        assert str(err.value)
        assert "INC0000001" in str(err.value)


def test_table_matches_expected() -> None:
    assert {(a, b) for a, bs in ALLOWED.items() for b in bs} == EXPECTED


def test_final_statuses_explain_follow_up() -> None:
    reasons = refusal_reasons(Status.CLOSED, Status.IN_PROGRESS, FULL)
    assert "follow-up" in reasons[0]


@pytest.mark.parametrize(
    ("current", "target", "ctx", "fragment"),
    [
        (Status.NEW, Status.ASSIGNED, TransitionContext(), "assignment group"),
        (Status.IN_PROGRESS, Status.ON_HOLD, TransitionContext(), "needs a reason"),
        (Status.IN_PROGRESS, Status.RESOLVED, TransitionContext(resolution_notes="x"), "resolution code"),
        (Status.IN_PROGRESS, Status.RESOLVED, TransitionContext(resolution_code="x"), "Resolution notes"),
        (Status.RESOLVED, Status.CLOSED, TransitionContext(resolution_code="x"), "closure code"),
        (Status.RESOLVED, Status.CLOSED,
         TransitionContext(resolution_code="x", closure_code="c", open_children=("INC0000009",)), "INC0000009"),
        (Status.RESOLVED, Status.CLOSED,
         TransitionContext(resolution_code="x", closure_code="c", review_required=True), "review"),
        (Status.NEW, Status.CANCELLED, TransitionContext(), "Cancelling needs a reason"),
        (Status.NEW, Status.CANCELLED, TransitionContext(cancel_reason=CancelReason.DUPLICATE), "duplicates"),
        (Status.RESOLVED, Status.IN_PROGRESS, TransitionContext(), "Reopening needs a reason"),
        (Status.RESOLVED, Status.IN_PROGRESS,
         TransitionContext(reason="x", resolved_at=NOW - timedelta(days=6), now=NOW), "follow-up"),
    ],
)
def test_guards_refuse_with_reason(current: Status, target: Status, ctx: TransitionContext, fragment: str) -> None:
    with pytest.raises(TransitionRefused) as err:
        check_transition(current, target, ctx)
    assert fragment in str(err.value)


def test_close_lists_every_reason() -> None:
    ctx = TransitionContext(open_children=("INC0000002",), review_required=True)
    reasons = refusal_reasons(Status.RESOLVED, Status.CLOSED, ctx)
    assert len(reasons) == 4  # closure code, resolution code, children, review


def test_reopen_within_window_allowed() -> None:
    ctx = TransitionContext(reason="still broken", resolved_at=NOW - timedelta(days=4, hours=23), now=NOW)
    check_transition(Status.RESOLVED, Status.IN_PROGRESS, ctx)
