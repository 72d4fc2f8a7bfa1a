"""SLA policy per priority and the SLA clock: pauses while On Hold, can follow business hours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.clock import ensure_utc
from app.domain.enums import Priority
from app.domain.errors import ValidationError

WARNING_FRACTION = 0.75


@dataclass(frozen=True)
class SlaTargets:
    response: timedelta
    resolution: timedelta


def _h(hours: float) -> timedelta:
    return timedelta(hours=hours)


DEFAULT_TARGETS: dict[Priority, SlaTargets] = {
    Priority.P1: SlaTargets(timedelta(minutes=15), _h(4)),
    Priority.P2: SlaTargets(_h(1), _h(8)),
    Priority.P3: SlaTargets(_h(4), _h(24)),
    Priority.P4: SlaTargets(_h(8), _h(72)),
    Priority.P5: SlaTargets(_h(24), timedelta(days=5)),
}


@dataclass(frozen=True)
class SlaPolicy:
    targets: dict[Priority, SlaTargets] = field(default_factory=lambda: dict(DEFAULT_TARGETS))

    def __post_init__(self) -> None:
        for prio, t in self.targets.items():
            if t.response <= timedelta(0) or t.resolution <= timedelta(0):
                raise ValidationError(f"SLA targets for {prio.short} must be positive.", "sla")
            if t.response > t.resolution:
                raise ValidationError(
                    f"The response target for {prio.short} is longer than its resolution target.", "sla"
                )

    def for_priority(self, priority: Priority) -> SlaTargets:
        return self.targets[priority]

    def to_json(self) -> dict[str, Any]:
        return {
            p.short: {"response_min": t.response.total_seconds() / 60,
                      "resolution_min": t.resolution.total_seconds() / 60}
            for p, t in sorted(self.targets.items())
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SlaPolicy:
        targets = {
            Priority(int(k.lstrip("P"))): SlaTargets(
                timedelta(minutes=float(v["response_min"])), timedelta(minutes=float(v["resolution_min"]))
            )
            for k, v in data.items()
        }
        return cls(targets)


@dataclass(frozen=True)
class BusinessCalendar:
    """Working time: 24x7 when `always`, else weekday hours in a time zone minus holidays."""

    always: bool = True
    tz: str = "UTC"
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    start: time = time(8, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.always:
            if self.start >= self.end:
                raise ValidationError("Business hours must end after they start.", "calendar")
            if not self.weekdays:
                raise ValidationError("Business hours need at least one working day.", "calendar")
            ZoneInfo(self.tz)

    @classmethod
    def twenty_four_seven(cls) -> BusinessCalendar:
        return cls(always=True)

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def _windows(self, day: date) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.weekdays or day in self.holidays:
            return None
        zone = self._zone()
        return (ensure_utc(datetime.combine(day, self.start, zone)), ensure_utc(datetime.combine(day, self.end, zone)))

    def working_time(self, a: datetime, b: datetime) -> timedelta:
        """Working time between a and b (zero when b <= a)."""
        a, b = ensure_utc(a), ensure_utc(b)
        if b <= a:
            return timedelta(0)
        if self.always:
            return b - a
        zone = self._zone()
        day = a.astimezone(zone).date()
        last = b.astimezone(zone).date()
        total = timedelta(0)
        while day <= last:
            w = self._windows(day)
            if w is not None:
                lo, hi = max(a, w[0]), min(b, w[1])
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment when `amount` of working time has passed after `start`."""
        start = ensure_utc(start)
        if self.always:
            return start + amount
        remaining = amount
        zone = self._zone()
        day = start.astimezone(zone).date()
        for _ in range(3700):  # ten years of days: a bound, not a limit anyone meets
            w = self._windows(day)
            if w is not None:
                lo = max(start, w[0])
                if w[1] > lo:
                    available = w[1] - lo
                    if remaining <= available:
                        return lo + remaining
                    remaining -= available
            day += timedelta(days=1)
        raise ValidationError("The business calendar has no working time ahead.", "calendar")

    def to_json(self) -> dict[str, Any]:
        return {
            "always": self.always,
            "tz": self.tz,
            "weekdays": sorted(self.weekdays),
            "start": self.start.strftime("%H:%M"),
            "end": self.end.strftime("%H:%M"),
            "holidays": sorted(d.isoformat() for d in self.holidays),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BusinessCalendar:
        return cls(
            always=bool(data.get("always", True)),
            tz=str(data.get("tz", "UTC")),
            weekdays=frozenset(int(d) for d in data.get("weekdays", [0, 1, 2, 3, 4])),
            start=time.fromisoformat(data.get("start", "08:00")),
            end=time.fromisoformat(data.get("end", "18:00")),
            holidays=frozenset(date.fromisoformat(d) for d in data.get("holidays", [])),
        )


@dataclass(frozen=True)
class Pause:
    """An On Hold period; `end` is None while the incident is still held."""

    start: datetime
    end: datetime | None = None


class SlaLevel(str, Enum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    PAUSED = "paused"
    MET = "met"


@dataclass(frozen=True)
class SlaState:
    target: timedelta
    elapsed: timedelta
    paused: bool
    stopped: bool
    due_at: datetime | None
    warn_at: datetime | None

    @property
    def remaining(self) -> timedelta:
        return self.target - self.elapsed

    @property
    def fraction(self) -> float:
        return self.elapsed / self.target if self.target else 1.0

    @property
    def breached(self) -> bool:
        return self.elapsed >= self.target

    @property
    def level(self) -> SlaLevel:
        if self.stopped:
            return SlaLevel.BREACHED if self.breached else SlaLevel.MET
        if self.breached:
            return SlaLevel.BREACHED
        if self.paused:
            return SlaLevel.PAUSED
        if self.fraction >= WARNING_FRACTION:
            return SlaLevel.WARNING
        return SlaLevel.OK


def _active_segments(
    start: datetime, pauses: Sequence[Pause], until: datetime | None
) -> Iterable[tuple[datetime, datetime | None]]:
    """Running periods of the clock between `start` and `until` (None = open-ended)."""
    cursor: datetime | None = start
    for p in sorted(pauses, key=lambda p: p.start):
        ps, pe = ensure_utc(p.start), (ensure_utc(p.end) if p.end else None)
        if cursor is None:
            return
        if pe is not None and pe <= cursor:
            continue
        if ps > cursor:
            seg_end = ps if until is None else min(ps, until)
            if seg_end > cursor:
                yield cursor, seg_end
            if until is not None and ps >= until:
                return
        cursor = pe
    if cursor is not None and (until is None or until > cursor):
        yield cursor, until


def elapsed(start: datetime, pauses: Sequence[Pause], until: datetime, calendar: BusinessCalendar) -> timedelta:
    start, until = ensure_utc(start), ensure_utc(until)
    total = timedelta(0)
    for a, b in _active_segments(start, pauses, until):
        total += calendar.working_time(a, b if b is not None else until)
    return total


def due_at(start: datetime, target: timedelta, pauses: Sequence[Pause], calendar: BusinessCalendar) -> datetime | None:
    """When the target will be (or was) reached; None while an open pause stops the clock first."""
    remaining = target
    for a, b in _active_segments(ensure_utc(start), pauses, None):
        if b is None:
            return calendar.add_working_time(a, remaining)
        work = calendar.working_time(a, b)
        if remaining <= work:
            return calendar.add_working_time(a, remaining)
        remaining -= work
    return None


def sla_state(
    start: datetime,
    target: timedelta,
    now: datetime,
    calendar: BusinessCalendar | None = None,
    pauses: Sequence[Pause] = (),
    stopped_at: datetime | None = None,
) -> SlaState:
    """State of one SLA target; `stopped_at` is when it was met (acknowledged / resolved)."""
    calendar = calendar or BusinessCalendar.twenty_four_seven()
    until = ensure_utc(stopped_at) if stopped_at else ensure_utc(now)
    spent = elapsed(start, pauses, until, calendar)
    paused = stopped_at is None and any(p.end is None and ensure_utc(p.start) <= until for p in pauses)
    return SlaState(
        target=target,
        elapsed=spent,
        paused=paused,
        stopped=stopped_at is not None,
        due_at=due_at(start, target, pauses, calendar),
        warn_at=due_at(start, target * WARNING_FRACTION, pauses, calendar),
    )
