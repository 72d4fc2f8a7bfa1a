"""Validation helpers, numbers, queue filters, process settings and escalation rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import EscalationKind, Priority, Status, Tier
from app.domain.errors import ValidationError
from app.domain.escalation import EscalationRequest, validate_escalation
from app.domain.process import ProcessSettings
from app.domain.queue_filter import BUILTIN_VIEWS, QueueFilter, SlaFilter
from app.domain.validation import clean_line, clean_text, format_number, not_in_future, parse_number
from app.services.changes import Changes

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_numbers() -> None:
    assert format_number(1) == "INC0000001"
    assert parse_number("inc0000123") == 123
    assert parse_number("hello") is None


@pytest.mark.parametrize("bad", ["", "   ", "x" * 161, "bell\x07", "new\nline"])
def test_title_refusals(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        clean_line(bad, "title", "Title", required=True, max_len=160)
    assert err.value.field == "title"


def test_text_keeps_newlines_refuses_controls() -> None:
    assert clean_text("a\r\nb\tc", "d", "D") == "a\nb\tc"
    with pytest.raises(ValidationError):
        clean_text("nul\x00", "d", "D")


def test_future_dates_refused() -> None:
    assert not_in_future(NOW - timedelta(hours=1), NOW, "x", "X") == NOW - timedelta(hours=1)
    with pytest.raises(ValidationError, match="future"):
        not_in_future(NOW + timedelta(hours=1), NOW, "x", "X")


def test_queue_filter_round_trip() -> None:
    f = QueueFilter(statuses=("new",), priorities=(1, 2), sla=SlaFilter.AT_RISK, search="vpn")
    assert QueueFilter.from_json(f.to_json()) == f
    assert len({v.key for v in BUILTIN_VIEWS}) == len(BUILTIN_VIEWS)


def test_process_settings_round_trip() -> None:
    s = ProcessSettings()
    again = ProcessSettings.from_json(s.to_json())
    assert again.to_json() == s.to_json()
    assert s.update_interval(Priority.P1) == timedelta(minutes=30)
    assert s.update_interval(Priority.P5) is None


def test_escalation_rules() -> None:
    validate_escalation(EscalationRequest(EscalationKind.FUNCTIONAL, "needs DBA", Tier.SERVICE_DESK, Tier.SPECIALIST))
    with pytest.raises(ValidationError, match="reason"):
        validate_escalation(EscalationRequest(EscalationKind.FUNCTIONAL, " ", Tier.SERVICE_DESK, Tier.SPECIALIST))
    with pytest.raises(ValidationError, match="higher tier"):
        validate_escalation(EscalationRequest(EscalationKind.FUNCTIONAL, "x", Tier.SPECIALIST, Tier.SPECIALIST))
    with pytest.raises(ValidationError, match="already"):
        validate_escalation(EscalationRequest(EscalationKind.DE_ESCALATION, "x", Tier.SERVICE_DESK))
    with pytest.raises(ValidationError, match="closed"):
        validate_escalation(EscalationRequest(EscalationKind.HIERARCHICAL, "x", Tier.SERVICE_DESK,
                                              status=Status.CLOSED))


def test_changes_merge() -> None:
    c = Changes.incident(1, "notes") | Changes.incident(2, created=True)
    assert c.incident_ids == {1, 2} and c.created_ids == {2}
    assert c.touches("notes") and not c.touches("settings")
    assert Changes.everything().touches("anything")
