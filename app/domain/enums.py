"""Enumerations of the incident process, each with a human label."""

from __future__ import annotations

from enum import Enum, IntEnum


class LabelledEnum(str, Enum):
    """String enum stored by value, shown by label."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Status(LabelledEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in (Status.RESOLVED, Status.CLOSED, Status.CANCELLED)

    @property
    def is_final(self) -> bool:
        return self in (Status.CLOSED, Status.CANCELLED)


OPEN_STATUSES = tuple(s for s in Status if s.is_open)


class Impact(IntEnum):
    HIGH = 1
    MEDIUM = 2
    LOW = 3

    @property
    def label(self) -> str:
        return f"{self.value} - {self.name.capitalize()}"


class Urgency(IntEnum):
    HIGH = 1
    MEDIUM = 2
    LOW = 3

    @property
    def label(self) -> str:
        return f"{self.value} - {self.name.capitalize()}"


class Priority(IntEnum):
    P1 = 1
    P2 = 2
    P3 = 3
    P4 = 4
    P5 = 5

    @property
    def label(self) -> str:
        return f"P{self.value} - {PRIORITY_NAMES[self]}"

    @property
    def short(self) -> str:
        return f"P{self.value}"


PRIORITY_NAMES = {
    Priority.P1: "Critical",
    Priority.P2: "High",
    Priority.P3: "Moderate",
    Priority.P4: "Low",
    Priority.P5: "Planning",
}


class Source(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    WALK_IN = "walk_in"
    SELF_SERVICE = "self_service"
    MONITORING = "monitoring"
    OTHER_TEAM = "other_team"

    @property
    def label(self) -> str:
        return {"email": "E-mail", "walk_in": "Walk-in", "self_service": "Self-service"}.get(
            self.value, super().label
        )


class Tier(IntEnum):
    SERVICE_DESK = 1
    SPECIALIST = 2
    VENDOR = 3

    @property
    def label(self) -> str:
        return {1: "Tier 1 - Service desk", 2: "Tier 2 - Specialists", 3: "Tier 3 - Vendor"}[self.value]


class EscalationKind(LabelledEnum):
    FUNCTIONAL = "functional"
    HIERARCHICAL = "hierarchical"
    DE_ESCALATION = "de_escalation"

    @property
    def label(self) -> str:
        return {"de_escalation": "Return to service desk"}.get(self.value, super().label)


class HoldReason(LabelledEnum):
    AWAITING_CALLER = "awaiting_caller"
    AWAITING_VENDOR = "awaiting_vendor"
    AWAITING_CHANGE = "awaiting_change"
    AWAITING_PROBLEM = "awaiting_problem"
    AWAITING_EVIDENCE = "awaiting_evidence"


class CancelReason(LabelledEnum):
    DUPLICATE = "duplicate"
    FALSE_ALARM = "false_alarm"
    LOGGED_IN_ERROR = "logged_in_error"


class CallerConfirmation(LabelledEnum):
    CONFIRMED = "confirmed"
    NO_ANSWER = "no_answer"
    AUTO_CLOSED = "auto_closed"


class PersonKind(LabelledEnum):
    STAFF = "staff"
    CONTACT = "contact"


class Role(LabelledEnum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    ADMIN = "admin"


class NoteKind(LabelledEnum):
    WORK = "work"
    DIAGNOSIS = "diagnosis"
    WORKAROUND = "workaround"
    RESOLUTION = "resolution"
    SYSTEM = "system"


class EventKind(LabelledEnum):
    """Kinds of audit event; the timeline filters on these."""

    CREATED = "created"
    FIELD_CHANGED = "field_changed"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    PRIORITY_CHANGED = "priority_changed"
    ESCALATED = "escalated"
    NOTE_ADDED = "note_added"
    HELD = "held"
    RESUMED = "resumed"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    SLA_WARNING = "sla_warning"
    SLA_BREACH = "sla_breach"
    LINKED = "linked"
    COMMUNICATION = "communication"
    ALERT = "alert"
    REVIEW = "review"
    IMPORTED = "imported"
    SETTINGS_CHANGED = "settings_changed"


class SlaTarget(LabelledEnum):
    RESPONSE = "response"
    RESOLUTION = "resolution"
