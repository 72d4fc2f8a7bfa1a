"""Post-incident review rules: statuses with guards, action items, the overdue rule, timeline and facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.clock import ensure_utc
from app.domain.enums import EventKind, LabelledEnum
from app.domain.errors import TransitionRefused, ValidationError
from app.domain.validation import clean_line, clean_text

WHY_MAX = 5 * 2  # the method says five; allow some slack for long chains
ENTRY_TEXT_MAX = 500
TIMELINE_MAX = 500


class ReviewStatus(LabelledEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"

    @property
    def editable(self) -> bool:
        return self is not ReviewStatus.PUBLISHED


class ActionKind(LabelledEnum):
    PREVENT = "prevent"
    DETECT = "detect"
    MITIGATE = "mitigate"
    PROCESS = "process"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"

    @property
    def label(self) -> str:
        return "Won't do" if self is ActionStatus.WONT_DO else super().label

    @property
    def is_active(self) -> bool:
        return self in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


ACTIVE_ACTION_STATUSES = tuple(s.value for s in ActionStatus if s.is_active)

REVIEW_ALLOWED: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    ReviewStatus.DRAFT: frozenset({ReviewStatus.IN_REVIEW}),
    ReviewStatus.IN_REVIEW: frozenset({ReviewStatus.DRAFT, ReviewStatus.PUBLISHED}),
    ReviewStatus.PUBLISHED: frozenset(),
}


def is_overdue(status: str | ActionStatus, due: date | None, today: date) -> bool:
    """An open or in-progress item whose due date has passed (the due day itself is not overdue)."""
    return due is not None and ActionStatus(status).is_active and due < today


# -- content ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of the review timeline; `source` ties generated lines to the record they came from."""

    at: datetime
    text: str
    kind: str = "note"
    key: bool = False
    source: str = "manual"
    actor: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"at": ensure_utc(self.at).isoformat(), "text": self.text, "kind": self.kind, "key": self.key,
                "source": self.source, "actor": self.actor}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimelineEntry:
        return cls(at=ensure_utc(datetime.fromisoformat(str(data["at"]))), text=str(data.get("text", "")),
                   kind=str(data.get("kind", "note")), key=bool(data.get("key", False)),
                   source=str(data.get("source", "manual")), actor=str(data.get("actor", "")))


@dataclass(frozen=True)
class ReviewContent:
    """Everything the author writes; saved as a whole by the autosave."""

    summary: str = ""
    business_impact: str = ""
    root_cause: str = ""
    contributing_factors: str = ""
    five_whys: tuple[str, ...] = ()
    went_well: str = ""
    went_badly: str = ""
    got_lucky: str = ""
    lessons: str = ""
    participants: tuple[str, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()

    TEXT_FIELDS = ("summary", "business_impact", "root_cause", "contributing_factors", "went_well", "went_badly",
                   "got_lucky", "lessons")
    LABELS = {"summary": "Summary", "business_impact": "Customer / business impact", "root_cause": "Root cause",
              "contributing_factors": "Contributing factors", "went_well": "What went well",
              "went_badly": "What went badly", "got_lucky": "Where we got lucky", "lessons": "Lessons learned",
              "five_whys": "Five whys", "participants": "Participants", "timeline": "Timeline"}

    def cleaned(self) -> ReviewContent:
        """Validated copy (trimmed, control characters refused, lengths bounded, timeline in order)."""
        texts = {f: clean_text(getattr(self, f), f, self.LABELS[f]) for f in self.TEXT_FIELDS}
        whys = tuple(w for w in (clean_line(w, "five_whys", "A why", max_len=ENTRY_TEXT_MAX)
                                 for w in self.five_whys) if w)
        if len(whys) > WHY_MAX:
            raise ValidationError(f"Keep the five whys to at most {WHY_MAX} steps.", "five_whys")
        people: list[str] = []
        for p in self.participants:
            name = clean_line(p, "participants", "Participant")
            if name and name.casefold() not in {q.casefold() for q in people}:
                people.append(name)
        if len(self.timeline) > TIMELINE_MAX:
            raise ValidationError(f"The timeline has more than {TIMELINE_MAX} entries.", "timeline")
        entries = []
        for e in self.timeline:
            text = clean_line(e.text, "timeline", "A timeline entry", max_len=ENTRY_TEXT_MAX)
            if not text:
                raise ValidationError("A timeline entry has no text; reword it or remove it.", "timeline")
            entries.append(replace(e, text=text, at=ensure_utc(e.at)))
        return replace(self, **texts, five_whys=whys, participants=tuple(people),
                       timeline=tuple(order_timeline(entries)))

    def changed_fields(self, other: ReviewContent) -> list[str]:
        names = (*self.TEXT_FIELDS, "five_whys", "participants", "timeline")
        return [n for n in names if getattr(self, n) != getattr(other, n)]


def review_refusals(current: ReviewStatus, target: ReviewStatus, content: ReviewContent,
                    unowned_items: int = 0) -> list[str]:
    """Every reason a status change is refused; empty means allowed."""
    if current is target:
        return [f"The review is already {current.label.lower()}."]
    if target not in REVIEW_ALLOWED[current]:
        if current is ReviewStatus.PUBLISHED:
            return ["A published review is read-only; start a new revision to change it."]
        return [f"A review cannot go from {current.label.lower()} to {target.label.lower()}."]
    reasons: list[str] = []
    if target in (ReviewStatus.IN_REVIEW, ReviewStatus.PUBLISHED):
        if not content.summary.strip():
            reasons.append("Write a summary first.")
        if not content.root_cause.strip():
            reasons.append("Describe the root cause (or what is known of it) first.")
    if target is ReviewStatus.PUBLISHED:
        if not content.timeline:
            reasons.append("The timeline is empty.")
        if unowned_items:
            reasons.append(f"{unowned_items} open action item(s) have no owner or no due date.")
    return reasons


def check_review_transition(current: ReviewStatus, target: ReviewStatus, content: ReviewContent,
                            unowned_items: int = 0) -> None:
    reasons = review_refusals(current, target, content, unowned_items)
    if reasons:
        raise TransitionRefused(" ".join(reasons), reasons)


def ensure_editable(status: str | ReviewStatus) -> None:
    if not ReviewStatus(status).editable:
        raise TransitionRefused("This review is published and read-only; start a new revision to change it.")


# -- timeline generation ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceEvent:
    """An audit event as the timeline sees it (the service maps its rows to this)."""

    id: int
    at: datetime
    actor: str
    kind: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    payload: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class SourceMessage:
    """A communication or a note as the timeline sees it."""

    id: int
    at: datetime
    author: str
    kind: str  # "communication" or a note kind ("work", "diagnosis", ...)
    text: str
    audience: str = ""
    channel: str = ""


# Rank breaks ties between events written in the same transaction so the story reads in order.
_RANK = {"detection": 0, "logging": 1, "assignment": 2, "acknowledgement": 3, "priority": 4, "major": 5,
         "escalation": 6, "hold": 7, "resume": 8, "note": 9, "communication": 10, "sla": 11, "resolution": 12,
         "reopen": 13, "closure": 14, "cancellation": 14, "manual": 15}


def _pretty(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _first_line(text: str, limit: int = 160) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _from_event(ev: SourceEvent) -> TimelineEntry | None:
    p = ev.payload or {}
    src = f"audit:{ev.id}"

    def entry(kind: str, text: str, key: bool = False) -> TimelineEntry:
        return TimelineEntry(ensure_utc(ev.at), text, kind, key, src, ev.actor)

    match ev.kind:
        case EventKind.CREATED.value:
            prio = f" as P{p['priority']}" if p.get("priority") else ""
            return entry("logging", f"Logged {p.get('number', '')}{prio} from {_pretty(p.get('source'))}".strip())
        case EventKind.ASSIGNED.value:
            return entry("assignment", f"Assigned to {p.get('group') or 'a group'}") if p.get("group") else None
        case EventKind.ACKNOWLEDGED.value:
            return entry("acknowledgement", f"Acknowledged by {ev.actor}", True)
        case EventKind.PRIORITY_CHANGED.value:
            reason = f" ({p['reason']})" if p.get("reason") else ""
            return entry("priority", f"Priority changed from {ev.old} to {ev.new}{reason}")
        case EventKind.FIELD_CHANGED.value if ev.field == "is_major" and ev.new == "true":
            return entry("major", "Declared a major incident", True)
        case EventKind.ESCALATED.value:
            kind = _pretty(p.get("kind")) or "escalation"
            to = f" to {p['to_group']}" if p.get("to_group") else ""
            reason = f": {p['reason']}" if p.get("reason") else ""
            who = "Automatic " if p.get("system") else ""
            text = f"{who}{kind} escalation{to}{reason}"
            return entry("escalation", text[:1].upper() + text[1:], True)
        case EventKind.HELD.value:
            return entry("hold", f"Put on hold: {_pretty(ev.new)}")
        case EventKind.RESUMED.value:
            return entry("resume", "Work resumed")
        case EventKind.SLA_WARNING.value:
            return entry("sla", f"SLA warning ({_pretty(ev.field or p.get('target'))})".replace(" ()", ""))
        case EventKind.SLA_BREACH.value:
            return entry("sla", f"SLA breached ({_pretty(ev.field or p.get('target'))})".replace(" ()", ""), True)
        case EventKind.RESOLVED.value:
            return entry("resolution", f"Resolved by {ev.actor}", True)
        case EventKind.REOPENED.value:
            reason = f": {p['reason']}" if p.get("reason") else ""
            return entry("reopen", f"Reopened{reason}", True)
        case EventKind.CLOSED.value:
            return entry("closure", "Closed")
        case EventKind.CANCELLED.value if ev.field == "cancel_reason" or ev.field == "status":
            return entry("cancellation", f"Cancelled ({_pretty(ev.new)})")
    return None


def _from_message(m: SourceMessage) -> TimelineEntry | None:
    if m.kind == "communication":
        to = f" to {_pretty(m.audience)}" if m.audience else ""
        via = f" by {_pretty(m.channel)}" if m.channel else ""
        return TimelineEntry(ensure_utc(m.at), f"Update sent{to}{via}: {_first_line(m.text)}", "communication",
                             False, f"comm:{m.id}", m.author)
    if m.kind == "system":
        return None
    label = "Note" if m.kind == "work" else f"{m.kind.capitalize()} note"
    return TimelineEntry(ensure_utc(m.at), f"{label}: {_first_line(m.text)}", "note", m.kind != "work",
                         f"note:{m.id}", m.author)


def order_timeline(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """By time, then by the natural order of the process, then stable."""
    return sorted(entries, key=lambda e: (ensure_utc(e.at), _RANK.get(e.kind, _RANK["manual"])))


def build_timeline(events: Sequence[SourceEvent], messages: Sequence[SourceMessage] = (),
                   detected_at: datetime | None = None, detected_how: str = "") -> list[TimelineEntry]:
    """The generated timeline: detection, logging, escalations, holds, resolution, notes and updates.

    Review edits themselves (EventKind.REVIEW) never appear, so regenerating is stable.
    """
    out: list[TimelineEntry] = []
    if detected_at is not None:
        how = f" ({_pretty(detected_how)})" if detected_how else ""
        out.append(TimelineEntry(ensure_utc(detected_at), f"Incident detected{how}", "detection", True,
                                 "incident:detected"))
    for ev in events:
        if ev.kind == EventKind.REVIEW.value:
            continue
        e = _from_event(ev)
        if e is not None:
            out.append(e)
    for m in messages:
        e = _from_message(m)
        if e is not None:
            out.append(e)
    return order_timeline(out)


@dataclass(frozen=True, slots=True)
class TimedEntry:
    entry: TimelineEntry
    elapsed: timedelta  # since the start of the incident (the first entry)
    gap: timedelta  # since the previous entry


def with_durations(entries: Sequence[TimelineEntry], start: datetime | None = None) -> list[TimedEntry]:
    ordered = order_timeline(entries)
    if not ordered:
        return []
    origin = ensure_utc(start) if start is not None else ensure_utc(ordered[0].at)
    out, prev = [], ensure_utc(ordered[0].at)
    for e in ordered:
        at = ensure_utc(e.at)
        out.append(TimedEntry(e, at - origin, at - prev))
        prev = at
    return out


# -- facts -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentTimes:
    """The parts of an incident the facts are computed from."""

    detected_at: datetime
    logged_at: datetime
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None
    response_breached: bool = False
    resolution_breached: bool = False
    escalation_count: int = 0
    services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    duration: timedelta | None  # detection to resolution (to now while unresolved)
    time_to_acknowledge: timedelta | None
    time_to_resolve: timedelta | None
    response_sla: str  # "met", "breached", "pending" or "none"
    resolution_sla: str
    escalations: int
    services_affected: tuple[str, ...] = field(default=())
    ongoing: bool = False

    @property
    def sla_met(self) -> bool:
        return "breached" not in (self.response_sla, self.resolution_sla)


def _sla(stop: datetime | None, due: datetime | None, breached: bool, now: datetime) -> str:
    if breached:
        return "breached"
    if due is None:
        return "none"
    if stop is None:
        return "breached" if now > ensure_utc(due) else "pending"
    return "met" if ensure_utc(stop) <= ensure_utc(due) else "breached"


def compute_facts(t: IncidentTimes, now: datetime) -> ReviewFacts:
    detected, logged = ensure_utc(t.detected_at), ensure_utc(t.logged_at)
    ack = ensure_utc(t.acknowledged_at) if t.acknowledged_at else None
    resolved = ensure_utc(t.resolved_at) if t.resolved_at else None
    end = resolved or ensure_utc(now)
    return ReviewFacts(
        duration=end - detected,
        time_to_acknowledge=(ack - logged) if ack else None,
        time_to_resolve=(resolved - logged) if resolved else None,
        response_sla=_sla(ack, t.response_due_at, t.response_breached, now),
        resolution_sla=_sla(resolved, t.resolution_due_at, t.resolution_breached, now),
        escalations=t.escalation_count,
        services_affected=tuple(s for s in t.services if s),
        ongoing=resolved is None,
    )


def participants_from(entries: Iterable[TimelineEntry], extra: Iterable[str] = ()) -> tuple[str, ...]:
    """People who acted during the incident, in order of first appearance (the system is not a person)."""
    seen: dict[str, None] = {}
    for name in (*extra, *(e.actor for e in entries)):
        if name and name != "System" and name not in seen:
            seen[name] = None
    return tuple(seen)


def merge_timeline(current: Sequence[TimelineEntry], generated: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """Add generated entries the author does not have yet; the author's wording and key marks win."""
    have = {e.source for e in current if e.source != "manual"}
    return order_timeline([*current, *(g for g in generated if g.source not in have)])
