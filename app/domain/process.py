"""Process settings as one value: matrix, SLA policy, calendar, code lists, windows and intervals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from app.domain.enums import Priority
from app.domain.priority import PriorityMatrix
from app.domain.sla import BusinessCalendar, SlaPolicy

DEFAULT_RESOLUTION_CODES = (
    "Solved (permanently)",
    "Solved (work around)",
    "Solved remotely",
    "Not solved (not reproducible)",
    "Not solved (too costly)",
    "Closed/resolved by caller",
)
DEFAULT_CLOSURE_CODES = ("Confirmed by caller", "No answer from caller", "Resolved by caller", "Duplicate closed")
DEFAULT_UPDATE_MINUTES: dict[Priority, int | None] = {
    Priority.P1: 30, Priority.P2: 60, Priority.P3: 240, Priority.P4: 1440, Priority.P5: None,
}


@dataclass(frozen=True)
class ProcessSettings:
    matrix: PriorityMatrix = field(default_factory=PriorityMatrix.itil_3x3)
    sla: SlaPolicy = field(default_factory=SlaPolicy)
    calendar: BusinessCalendar = field(default_factory=BusinessCalendar.twenty_four_seven)
    resolution_codes: tuple[str, ...] = DEFAULT_RESOLUTION_CODES
    closure_codes: tuple[str, ...] = DEFAULT_CLOSURE_CODES
    reopen_window_days: int = 5
    auto_close_days: int = 3
    update_minutes: dict[Priority, int | None] = field(default_factory=lambda: dict(DEFAULT_UPDATE_MINUTES))

    @property
    def reopen_window(self) -> timedelta:
        return timedelta(days=self.reopen_window_days)

    def update_interval(self, priority: Priority) -> timedelta | None:
        minutes = self.update_minutes.get(priority)
        return None if minutes is None else timedelta(minutes=minutes)

    # Stored as separate keys so an admin edit of one list does not rewrite the others.
    def to_json(self) -> dict[str, dict[str, Any]]:
        return {
            "matrix": self.matrix.to_json(),
            "sla": self.sla.to_json(),
            "calendar": self.calendar.to_json(),
            "codes": {"resolution": list(self.resolution_codes), "closure": list(self.closure_codes)},
            "windows": {"reopen_days": self.reopen_window_days, "auto_close_days": self.auto_close_days},
            "update_intervals": {p.short: m for p, m in sorted(self.update_minutes.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, dict[str, Any]]) -> ProcessSettings:
        base = cls()
        codes = data.get("codes") or {}
        windows = data.get("windows") or {}
        intervals = data.get("update_intervals")
        return cls(
            matrix=PriorityMatrix.from_json(data["matrix"]) if "matrix" in data else base.matrix,
            sla=SlaPolicy.from_json(data["sla"]) if "sla" in data else base.sla,
            calendar=BusinessCalendar.from_json(data["calendar"]) if "calendar" in data else base.calendar,
            resolution_codes=tuple(codes.get("resolution", base.resolution_codes)),
            closure_codes=tuple(codes.get("closure", base.closure_codes)),
            reopen_window_days=int(windows.get("reopen_days", base.reopen_window_days)),
            auto_close_days=int(windows.get("auto_close_days", base.auto_close_days)),
            update_minutes=(
                {Priority(int(k.lstrip("P"))): v for k, v in intervals.items()} if intervals else base.update_minutes
            ),
        )
