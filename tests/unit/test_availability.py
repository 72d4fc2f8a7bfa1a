"""Action availability: each status offers the right actions and explains the others."""

from __future__ import annotations

import pytest

from app.domain.availability import IncidentAction as A
from app.domain.availability import unavailable_reason
from app.domain.enums import Status
from app.domain.lifecycle import ALLOWED

OFFERED = {
    Status.NEW: {A.ACKNOWLEDGE, A.ASSIGN, A.ESCALATE, A.CANCEL, A.LINK_PARENT},
    Status.ASSIGNED: {A.ACKNOWLEDGE, A.ASSIGN, A.ESCALATE, A.HOLD, A.RESOLVE, A.CANCEL, A.LINK_PARENT},
    Status.IN_PROGRESS: {A.ACKNOWLEDGE, A.ASSIGN, A.ESCALATE, A.HOLD, A.RESOLVE, A.CANCEL, A.LINK_PARENT},
    Status.ON_HOLD: {A.ACKNOWLEDGE, A.ASSIGN, A.ESCALATE, A.RESUME, A.CANCEL, A.LINK_PARENT},
    Status.RESOLVED: {A.CLOSE, A.REOPEN, A.LINK_PARENT},
    Status.CLOSED: {A.REOPEN},
    Status.CANCELLED: set(),
}


@pytest.mark.parametrize("status", list(Status))
def test_offered_actions_per_status(status: Status) -> None:
    offered = {a for a in A if unavailable_reason(a, status, "INC1") is None}
    assert offered == OFFERED[status]
    for a in set(A) - offered:
        reason = unavailable_reason(a, status, "INC1")
        assert reason and reason.endswith(".")


def test_offered_transitions_agree_with_the_state_machine() -> None:
    for status, allowed in ALLOWED.items():
        assert (unavailable_reason(A.RESOLVE, status) is None) == (Status.RESOLVED in allowed)
        assert (unavailable_reason(A.CLOSE, status) is None) == (Status.CLOSED in allowed)
        assert (unavailable_reason(A.CANCEL, status) is None) == (Status.CANCELLED in allowed)
        assert (unavailable_reason(A.HOLD, status) is None) == (Status.ON_HOLD in allowed)


def test_nothing_selected() -> None:
    assert unavailable_reason(A.ASSIGN, None) == "Select an incident first."
    assert "follow-up" not in (unavailable_reason(A.REOPEN, Status.CLOSED) or "")
