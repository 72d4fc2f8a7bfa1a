"""Which lifecycle actions fit an incident's status, and if not, a sentence saying why."""

from __future__ import annotations

from enum import Enum

from app.domain.enums import Status


class IncidentAction(Enum):
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    ESCALATE = "escalate"
    HOLD = "hold"
    RESUME = "resume"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    CANCEL = "cancel"
    LINK_PARENT = "link_parent"


def unavailable_reason(action: IncidentAction, status: Status | None, number: str = "") -> str | None:
    """None when the action can be offered; otherwise why not (shown as the disabled action's tooltip)."""
    if status is None:
        return "Select an incident first."
    name = number or "The incident"
    label = status.label
    if action is IncidentAction.REOPEN:
        if status in (Status.RESOLVED, Status.CLOSED):
            return None  # the dialog reopens within the window, otherwise offers a follow-up incident
        if status is Status.CANCELLED:
            return f"{name} was cancelled; log a new incident instead."
        return f"{name} is {label}, not resolved: there is nothing to reopen."
    if action is IncidentAction.CLOSE:
        if status is Status.RESOLVED:
            return None
        if status.is_final:
            return f"{name} is already {label}."
        return f"{name} is {label}; resolve it before closing."
    if status.is_final:
        return f"{name} is {label}; a {label.lower()} incident cannot change."
    if action is IncidentAction.LINK_PARENT:
        return None
    if status is Status.RESOLVED:
        return f"{name} is Resolved; reopen it first."
    match action:
        case IncidentAction.HOLD if status is Status.ON_HOLD:
            return f"{name} is already on hold; resume it instead."
        case IncidentAction.HOLD if status is Status.NEW:
            return f"{name} is New; assign or acknowledge it before putting it on hold."
        case IncidentAction.RESUME if status is not Status.ON_HOLD:
            return f"{name} is {label}, not on hold."
        case IncidentAction.RESOLVE if status is Status.ON_HOLD:
            return f"{name} is on hold; resume it before resolving."
        case IncidentAction.RESOLVE if status is Status.NEW:
            return f"{name} is New; assign or acknowledge it before resolving."
        case IncidentAction.ESCALATE if status is Status.NEW:
            return None
    return None
