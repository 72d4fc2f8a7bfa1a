"""Review rules without a store: timeline building and order, durations, facts, overdue, status guards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.errors import TransitionRefused, ValidationError
from app.domain.review import (
    IncidentTimes,
    ReviewContent,
    ReviewStatus,
    SourceEvent,
    SourceMessage,
    TimelineEntry,
    build_timeline,
    check_review_transition,
    compute_facts,
    is_overdue,
    merge_timeline,
    review_refusals,
    with_durations,
)

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_build_timeline_skips_noise_and_review_edits() -> None:
    events = [
        SourceEvent(3, at(30), "Bea", "resolved", "resolved_at"),
        SourceEvent(1, at(5), "Al", "created", payload={"number": "INC1", "priority": 2, "source": "phone"}),
        SourceEvent(2, at(5), "Al", "status_changed", "status", "new", "assigned"),
        SourceEvent(4, at(31), "Bea", "review", "review"),
        SourceEvent(5, at(10), "Al", "field_changed", "is_major", "false", "true"),
        SourceEvent(6, at(12), "System", "sla_breach", "response"),
    ]
    msgs = [SourceMessage(9, at(20), "Cy", "communication", "Status: still down\nmore", "business", "email"),
            SourceMessage(10, at(21), "System", "system", "auto")]
    out = build_timeline(events, msgs, detected_at=at(0), detected_how="monitoring")
    assert [e.text for e in out] == [
        "Incident detected (monitoring)", "Logged INC1 as P2 from phone", "Declared a major incident",
        "SLA breached (response)", "Update sent to business by email: Status: still down", "Resolved by Bea",
    ]
    assert [e.source for e in out][1:3] == ["audit:1", "audit:5"]


def test_durations_and_merge_keep_author_edits() -> None:
    a = TimelineEntry(at(0), "start", "detection", True, "incident:detected")
    b = TimelineEntry(at(45), "reworded by author", "resolution", True, "audit:7")
    timed = with_durations([b, a])
    assert [(t.elapsed, t.gap) for t in timed] == [(timedelta(0), timedelta(0)), (timedelta(minutes=45),) * 2]
    assert with_durations([b], start=at(-15))[0].elapsed == timedelta(minutes=60)
    generated = [TimelineEntry(at(0), "x", "detection", True, "incident:detected"),
                 TimelineEntry(at(45), "Resolved", "resolution", True, "audit:7"),
                 TimelineEntry(at(50), "Closed", "closure", False, "audit:8")]
    merged = merge_timeline([a, b], generated)
    assert [e.text for e in merged] == ["start", "reworded by author", "Closed"]


def test_facts_sla_and_duration() -> None:
    t = IncidentTimes(detected_at=at(0), logged_at=at(10), acknowledged_at=at(40), resolved_at=at(100),
                      response_due_at=at(25), resolution_due_at=at(250), escalation_count=2, services=("ERP", ""))
    f = compute_facts(t, at(500))
    assert (f.duration, f.time_to_acknowledge, f.time_to_resolve) == (
        timedelta(minutes=100), timedelta(minutes=30), timedelta(minutes=90))
    assert (f.response_sla, f.resolution_sla, f.sla_met) == ("breached", "met", False)
    assert f.services_affected == ("ERP",) and f.escalations == 2 and not f.ongoing
    ongoing = compute_facts(IncidentTimes(at(0), at(0), resolution_due_at=at(60)), at(30))
    assert ongoing.ongoing and ongoing.resolution_sla == "pending" and ongoing.duration == timedelta(minutes=30)


@pytest.mark.parametrize(("status", "due", "expected"), [
    ("open", date(2026, 1, 4), True), ("in_progress", date(2026, 1, 4), True), ("open", date(2026, 1, 5), False),
    ("done", date(2026, 1, 1), False), ("wont_do", date(2026, 1, 1), False), ("open", None, False),
])
def test_overdue_rule(status: str, due: date | None, expected: bool) -> None:
    assert is_overdue(status, due, date(2026, 1, 5)) is expected


def test_review_guards() -> None:
    empty = ReviewContent()
    full = ReviewContent(summary="s", root_cause="r", timeline=(TimelineEntry(at(0), "x"),))
    assert len(review_refusals(ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, empty)) == 2
    assert review_refusals(ReviewStatus.DRAFT, ReviewStatus.IN_REVIEW, full) == []
    assert review_refusals(ReviewStatus.IN_REVIEW, ReviewStatus.PUBLISHED, full) == []
    assert "owner" in review_refusals(ReviewStatus.IN_REVIEW, ReviewStatus.PUBLISHED, full, unowned_items=1)[0]
    with pytest.raises(TransitionRefused, match="read-only"):
        check_review_transition(ReviewStatus.PUBLISHED, ReviewStatus.DRAFT, full)
    with pytest.raises(TransitionRefused):
        check_review_transition(ReviewStatus.DRAFT, ReviewStatus.PUBLISHED, full)


def test_content_cleaning() -> None:
    c = ReviewContent(summary=" s ", participants=("Ann", "ann", " Bob "), five_whys=(" a ", ""),
                      timeline=(TimelineEntry(at(5), "later"), TimelineEntry(at(1), "first")))
    clean = c.cleaned()
    assert clean.summary == "s" and clean.participants == ("Ann", "Bob") and clean.five_whys == ("a",)
    assert [e.text for e in clean.timeline] == ["first", "later"]
    assert clean.changed_fields(c) == ["summary", "five_whys", "participants", "timeline"]
    with pytest.raises(ValidationError):
        ReviewContent(root_cause="bad\x00").cleaned()
    entry = TimelineEntry(at(3), "t", "hold", True, "audit:1", "Al")
    assert TimelineEntry.from_json(entry.to_json()) == entry
