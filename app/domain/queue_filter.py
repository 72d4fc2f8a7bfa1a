"""Queue filters and the built-in saved views, as plain data the store turns into SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import Enum
from typing import Any

from app.domain.enums import OPEN_STATUSES, Status


class SlaFilter(str, Enum):
    ANY = "any"
    AT_RISK = "at_risk"
    BREACHED = "breached"


@dataclass(frozen=True)
class QueueFilter:
    """Every field narrows the queue; defaults mean 'no restriction'."""

    statuses: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    assignee_id: int | None = None
    unassigned: bool = False
    major_only: bool = False
    sla: SlaFilter = SlaFilter.ANY
    closed_within_days: int | None = None
    update_overdue: bool = False
    review_due: bool = False
    mine: bool = False
    my_groups: bool = False
    search: str = ""
    category_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()
    incident_ids: tuple[int, ...] | None = None

    def with_search(self, text: str) -> QueueFilter:
        return replace(self, search=text.strip())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sla"] = self.sla.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueFilter:
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        for key in ("statuses", "priorities", "group_ids", "category_ids", "service_ids"):
            if key in clean:
                clean[key] = tuple(clean[key])
        if clean.get("incident_ids") is not None:
            clean["incident_ids"] = tuple(clean["incident_ids"])
        if "sla" in clean:
            clean["sla"] = SlaFilter(clean["sla"])
        return cls(**clean)


OPEN = tuple(s.value for s in OPEN_STATUSES)


@dataclass(frozen=True)
class BuiltinView:
    key: str
    name: str
    filter: QueueFilter = field(default_factory=QueueFilter)


BUILTIN_VIEWS: tuple[BuiltinView, ...] = (
    BuiltinView("mine", "My incidents", QueueFilter(statuses=OPEN, mine=True)),
    BuiltinView("my_groups", "My groups", QueueFilter(statuses=OPEN, my_groups=True)),
    BuiltinView("unassigned", "Unassigned", QueueFilter(statuses=OPEN, unassigned=True)),
    BuiltinView("sla_at_risk", "SLA at risk", QueueFilter(statuses=OPEN, sla=SlaFilter.AT_RISK)),
    BuiltinView("sla_breached", "SLA breached", QueueFilter(statuses=OPEN, sla=SlaFilter.BREACHED)),
    BuiltinView("major", "Major incidents", QueueFilter(statuses=OPEN, major_only=True)),
    BuiltinView("on_hold", "On hold", QueueFilter(statuses=(Status.ON_HOLD.value,))),
    BuiltinView("awaiting_closure", "Resolved awaiting closure", QueueFilter(statuses=(Status.RESOLVED.value,))),
    BuiltinView("all_open", "All open", QueueFilter(statuses=OPEN)),
    BuiltinView("recently_closed", "Recently closed",
                QueueFilter(statuses=(Status.CLOSED.value, Status.CANCELLED.value), closed_within_days=7)),
    BuiltinView("all", "All incidents", QueueFilter()),
    # Due once the incident is over (resolved or closed): major and P1 incidents with no review at all.
    BuiltinView("reviews_due", "Reviews due",
                QueueFilter(statuses=(Status.RESOLVED.value, Status.CLOSED.value), review_due=True)),
)

# Communication (stage 9): open incidents whose promised stakeholder update is past due.
BUILTIN_VIEWS += (
    BuiltinView("update_overdue", "Update overdue", QueueFilter(statuses=OPEN, update_overdue=True)),
)
