"""Communication vocabulary (audiences, channels, directions, stakeholder roles) and next-update rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from app.domain.enums import LabelledEnum, Priority, Status


class Audience(LabelledEnum):
    REPORTER = "reporter"
    AFFECTED_USERS = "affected_users"
    STAKEHOLDERS = "stakeholders"
    MANAGEMENT = "management"
    ALL_STAFF = "all_staff"
    VENDOR = "vendor"


class Channel(LabelledEnum):
    EMAIL = "email"
    PHONE = "phone"
    CHAT = "chat"
    STATUS_PAGE = "status_page"
    MEETING = "meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"email": "E-mail"}.get(self.value, super().label)


class Direction(LabelledEnum):
    OUT = "out"
    IN = "in"

    @property
    def label(self) -> str:
        return {"out": "Outgoing", "in": "Incoming"}[self.value]


class StakeholderRole(LabelledEnum):
    REPORTER = "reporter"
    AFFECTED = "affected"
    STAKEHOLDER = "stakeholder"
    MANAGER = "manager"


# Which stakeholders are pre-filled as recipients for an audience.
AUDIENCE_ROLES: Mapping[Audience, frozenset[StakeholderRole]] = {
    Audience.REPORTER: frozenset({StakeholderRole.REPORTER}),
    Audience.AFFECTED_USERS: frozenset({StakeholderRole.REPORTER, StakeholderRole.AFFECTED}),
    Audience.STAKEHOLDERS: frozenset(StakeholderRole),
    Audience.MANAGEMENT: frozenset({StakeholderRole.MANAGER}),
    Audience.ALL_STAFF: frozenset(),
    Audience.VENDOR: frozenset(),
}


@dataclass(frozen=True)
class CommQuery:
    """Filters for listing and exporting the log; empty fields mean 'no restriction'."""

    incident_ids: tuple[int, ...] = ()
    incident_numbers: tuple[str, ...] = ()
    sent_from: datetime | None = None  # inclusive
    sent_to: datetime | None = None  # exclusive
    audiences: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    direction: str | None = None


def format_recipient(name: str, email: str | None) -> str:
    return f"{name} <{email}>" if email else name


def label_of(enum_cls: type[LabelledEnum], value: str | None) -> str:
    """Label of a stored value; unknown values (older data, imports) are shown as they are."""
    if not value:
        return ""
    try:
        return enum_cls(value).label
    except ValueError:
        return value


def default_interval(priority: int, update_minutes: Mapping[Priority, int | None]) -> timedelta | None:
    """The settings' update interval for a priority; None means no regular updates (P5 by default)."""
    try:
        minutes = update_minutes.get(Priority(priority))
    except ValueError:
        return None
    return None if not minutes else timedelta(minutes=minutes)


def next_update_due(sent_at: datetime, status: str, priority: int,
                    update_minutes: Mapping[Priority, int | None]) -> datetime | None:
    """When the next update is due after an update sent at `sent_at`.

    Resolved, closed and cancelled incidents need no further regular updates.
    """
    if Status(status) in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED):
        return None
    interval = default_interval(priority, update_minutes)
    return None if interval is None else sent_at + interval


def is_update_overdue(due: datetime | None, now: datetime) -> bool:
    return due is not None and due <= now


class LifecycleChange(str, Enum):
    """Lifecycle changes after which stakeholders usually expect to hear from the desk."""

    LOGGED = "logged"
    HOLD = "hold"
    ESCALATION = "escalation"
    MAJOR = "major"
    RESOLUTION = "resolution"
    CLOSURE = "closure"

    @property
    def label(self) -> str:
        return {
            "logged": "was logged", "hold": "was put on hold", "escalation": "was escalated",
            "major": "became a major incident", "resolution": "was resolved", "closure": "was closed",
        }[self.value]


# Template names as seeded in services/reference_data.TEMPLATES.
SUGGESTED_TEMPLATE: Mapping[LifecycleChange, str] = {
    LifecycleChange.LOGGED: "Initial acknowledgement",
    LifecycleChange.HOLD: "Status update",
    LifecycleChange.ESCALATION: "Escalation notice",
    LifecycleChange.MAJOR: "Major incident executive summary",
    LifecycleChange.RESOLUTION: "Resolution notice",
    LifecycleChange.CLOSURE: "Closure notice",
}


def suggest_template(change: LifecycleChange, is_major: bool = False) -> str:
    """The template to offer after `change`; major incidents get the executive summary while open."""
    if is_major and change in (LifecycleChange.HOLD, LifecycleChange.ESCALATION):
        return SUGGESTED_TEMPLATE[LifecycleChange.MAJOR]
    return SUGGESTED_TEMPLATE[change]


def detect_lifecycle_change(before_status: str, before_escalations: int, before_major: bool,
                            after_status: str, after_escalations: int, after_major: bool) -> LifecycleChange | None:
    """Compare two snapshots of one incident: which communication-worthy change happened, if any."""
    if after_status != before_status:
        if after_status == Status.CLOSED.value:
            return LifecycleChange.CLOSURE
        if after_status == Status.RESOLVED.value:
            return LifecycleChange.RESOLUTION
        if after_status == Status.ON_HOLD.value:
            return LifecycleChange.HOLD
    if after_major and not before_major:
        return LifecycleChange.MAJOR
    if after_escalations > before_escalations:
        return LifecycleChange.ESCALATION
    return None
