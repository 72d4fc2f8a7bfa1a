"""Post-incident reviews on a real store: timeline from the record, autosave, publishing, action items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.domain.enums import CallerConfirmation, EventKind, Source
from app.domain.errors import ConcurrencyConflict, TransitionRefused, ValidationError
from app.domain.queue_filter import BUILTIN_VIEWS
from app.domain.review import ActionKind, ActionStatus, TimelineEntry, with_durations
from app.services.incidents import Categorization, LogRequest
from app.services.review_dto import ActionItemInput
from tests.conftest import PINNED
from tests.fixtures.review_story import scripted_major


def test_timeline_generated_from_record_in_order_with_durations(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    entries = services.reviews.generated_timeline(d.id)
    kinds = [e.kind for e in entries]
    # Same-moment entries follow the process order: the hold reads before the note written with it.
    assert kinds == ["detection", "logging", "assignment", "acknowledgement", "escalation", "hold", "note",
                     "resume", "resolution"]
    assert entries[1].text.startswith("Logged INC0000001 as P1")
    assert "Network" in entries[4].text and "needs network team" in entries[4].text
    assert entries[6].text == "Diagnosis note: Load balancer health checks fail"
    assert entries[5].text == "Put on hold: awaiting vendor"
    assert [e.key for e in entries if e.key] and entries[0].key and entries[-1].key
    assert all(e.source.startswith(("audit:", "note:", "incident:")) for e in entries)
    timed = with_durations(entries)
    assert [t.elapsed for t in timed] == [timedelta(minutes=m) for m in (0, 10, 10, 15, 30, 40, 40, 70, 90)]
    assert timed[4].gap == timedelta(minutes=15)
    assert timed[-1].entry.at == PINNED + timedelta(minutes=80)


def test_start_prefills_facts_timeline_and_participants(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    r = services.reviews.start(d.id).value
    assert r.status == "draft" and r.revision == 1 and r.editable
    assert r.content.participants == ("tester",)
    assert len(r.content.timeline) == 9
    f = r.facts
    assert f.duration == timedelta(minutes=90)
    assert f.time_to_acknowledge == timedelta(minutes=5)
    assert f.time_to_resolve == timedelta(minutes=80)
    assert f.response_sla == "met" and f.resolution_sla == "met" and f.sla_met
    assert f.escalations == 1
    with pytest.raises(ValidationError, match="already has"):
        services.reviews.start(d.id)
    assert services.reviews.open_or_start(d.id).value.id == r.id


def test_save_draft_is_idempotent_and_versioned(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    r = services.reviews.start(d.id).value
    events_before = len(services.incidents.events(d.id))
    same = services.reviews.save_draft(r.id, r.content, r.version)
    assert same.changes.empty and same.value.version == r.version
    assert len(services.incidents.events(d.id)) == events_before
    edited = replace(r.content, summary="  Card payments failed for 80 minutes. ", five_whys=("LB failed", ""))
    saved = services.reviews.save_draft(r.id, edited, r.version)
    assert saved.value.version == r.version + 1 and saved.changes.touches("reviews")
    assert saved.value.content.summary == "Card payments failed for 80 minutes."
    assert saved.value.content.five_whys == ("LB failed",)
    last = services.incidents.events(d.id)[-1]
    assert last.kind == EventKind.REVIEW.value and last.payload["sections"] == ["summary", "five_whys"]
    with pytest.raises(ConcurrencyConflict):
        services.reviews.save_draft(r.id, replace(edited, lessons="stale"), r.version)
    with pytest.raises(ValidationError, match="timeline entry"):
        bad = replace(edited, timeline=(TimelineEntry(PINNED, "  "),))
        services.reviews.save_draft(r.id, bad, saved.value.version)


def test_publish_guards_and_read_only_then_new_revision(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    rv = services.reviews
    r = rv.start(d.id).value
    with pytest.raises(TransitionRefused) as err:
        rv.submit(r.id)
    assert "summary" in str(err.value) and "root cause" in str(err.value)
    with pytest.raises(TransitionRefused):
        rv.publish(r.id)  # draft cannot skip review
    r = rv.save_draft(r.id, replace(r.content, summary="S", root_cause="LB firmware"), r.version).value
    item = rv.add_item(r.id, ActionItemInput("Upgrade LB firmware", ActionKind.PREVENT)).value
    r = rv.submit(r.id, r.version).value
    assert r.status == "in_review" and r.editable
    with pytest.raises(TransitionRefused, match="no owner"):
        rv.publish(r.id)
    staff = services.directory.staff()[0]
    rv.update_item(item.id, replace(item.as_input(), owner_id=staff.id, due_date=date(2026, 3, 20)))
    r = rv.publish(r.id).value
    assert r.status == "published" and not r.editable and r.published_at == clock.now()
    with pytest.raises(TransitionRefused, match="read-only"):
        rv.save_draft(r.id, replace(r.content, summary="changed"))
    with pytest.raises(TransitionRefused, match="read-only"):
        rv.add_item(r.id, ActionItemInput("late idea"))
    with pytest.raises(TransitionRefused, match="read-only"):
        rv.update_item(item.id, replace(rv.get(d.id).items[0].as_input(), description="reworded"))
    done = rv.mark_done(item.id).value  # tracking continues after publication
    assert done.status == "done"
    assert rv.get(d.id).content.summary == "S"
    r2 = rv.new_revision(d.id).value
    assert (r2.revision, r2.status, r2.content.root_cause) == (2, "draft", "LB firmware")
    assert [i.description for i in r2.items] == ["Upgrade LB firmware"]
    assert len(rv.action_items()) == 1  # only the current revision's items count


def test_close_refused_for_major_without_review_and_allowed_with_draft(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    code = services.ctx.settings().closure_codes[0]
    reasons = services.incidents.close_check(d.id)
    assert any("review" in r for r in reasons)
    with pytest.raises(TransitionRefused, match="review"):
        services.incidents.close(d.id, code, CallerConfirmation.CONFIRMED)
    services.reviews.start(d.id)
    assert services.incidents.close_check(d.id) == []
    closed = services.incidents.close(d.id, code, CallerConfirmation.CONFIRMED).value
    assert closed.status == "closed"


def test_reviews_due_view(services, clock) -> None:  # type: ignore[no-untyped-def]
    view = next(v for v in BUILTIN_VIEWS if v.key == "reviews_due")
    d = scripted_major(services, clock)
    minor = services.incidents.log(LogRequest(title="Mouse", source=Source.PHONE)).value
    services.incidents.resolve(minor.id, "Solved remotely", "new mouse")
    p1 = services.incidents.log(LogRequest(title="Open P1", source=Source.PHONE, impact=1, urgency=1)).value
    assert [r.id for r in services.queue.rows(view.filter)] == [d.id]
    services.incidents.categorize(p1.id, Categorization(None, 1, 1))
    services.incidents.resolve(p1.id, "Solved remotely", "fixed")
    assert {r.id for r in services.queue.rows(view.filter)} == {d.id, p1.id}
    services.reviews.start(d.id)
    assert [r.id for r in services.queue.rows(view.filter)] == [p1.id]


def test_action_items_overview_filters_and_overdue(services, clock) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    rv = services.reviews
    r = rv.start(d.id).value
    a, b = services.directory.staff()[:2]
    today = clock.now().astimezone().date()
    late = rv.add_item(r.id, ActionItemInput("Late one", ActionKind.DETECT, a.id, today - timedelta(days=1))).value
    rv.add_item(r.id, ActionItemInput("Due today", ActionKind.MITIGATE, a.id, today))
    rv.add_item(r.id, ActionItemInput("Old but done", ActionKind.PROCESS, b.id, today - timedelta(days=9),
                                      ActionStatus.DONE))
    rv.add_item(r.id, ActionItemInput("Undated", ActionKind.PREVENT, b.id))
    every = rv.action_items()
    assert [i.description for i in every] == ["Old but done", "Late one", "Due today", "Undated"]
    assert [i.description for i in every if i.overdue] == ["Late one"]
    assert [i.id for i in rv.action_items(overdue_only=True)] == [late.id]
    assert {i.description for i in rv.action_items(owner_id=b.id)} == {"Old but done", "Undated"}
    active = [i.description for i in rv.action_items(statuses=("open", "in_progress"))]
    assert "Old but done" not in active and len(active) == 3
    rv.mark_done(late.id)
    assert rv.action_items(overdue_only=True) == []
    clock.advance(days=2)
    assert [i.description for i in rv.action_items(overdue_only=True)] == ["Due today"]
    events = [e for e in services.incidents.events(d.id) if e.kind == "review"]
    assert any(e.field == "action_item.status" and e.new == "done" for e in events)
    rv.delete_item(late.id)
    assert len(rv.action_items()) == 3
