"""The incident lifecycle state machine with guards and readable refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.domain.enums import CancelReason, HoldReason, Status
from app.domain.errors import TransitionRefused

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.CANCELLED}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.ON_HOLD, Status.RESOLVED, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.ON_HOLD, Status.RESOLVED, Status.CANCELLED}),
    Status.ON_HOLD: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.IN_PROGRESS}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}

DEFAULT_REOPEN_WINDOW = timedelta(days=5)


@dataclass(frozen=True, slots=True)
class TransitionContext:
    """What the guards need to know about the incident and the request."""

    number: str = "the incident"
    has_group: bool = False
    hold_reason: HoldReason | None = None
    resolution_code: str | None = None
    resolution_notes: str | None = None
    closure_code: str | None = None
    cancel_reason: CancelReason | None = None
    duplicate_of: str | None = None
    reason: str | None = None
    resolved_at: datetime | None = None
    now: datetime | None = None
    reopen_window: timedelta = DEFAULT_REOPEN_WINDOW
    open_children: tuple[str, ...] = ()
    review_required: bool = False
    has_review: bool = False


def allowed_targets(current: Status) -> frozenset[Status]:
    return ALLOWED[current]


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def refusal_reasons(current: Status, target: Status, ctx: TransitionContext) -> list[str]:
    """Every reason the change is refused; an empty list means it is allowed."""
    if current == target:
        return [f"{ctx.number} is already {current.label}."]
    if current.is_final:
        hint = " Log a follow-up incident instead." if current is Status.CLOSED else ""
        return [f"{ctx.number} is {current.label}; a {current.label.lower()} incident cannot change.{hint}"]
    if target not in ALLOWED[current]:
        allowed = ", ".join(s.label for s in sorted(ALLOWED[current], key=list(Status).index))
        return [f"{ctx.number} cannot go from {current.label} to {target.label}; from {current.label} "
                f"it can go to: {allowed}."]
    reasons: list[str] = []
    if target is Status.ASSIGNED and not ctx.has_group:
        reasons.append("Choose an assignment group before assigning.")
    if target is Status.ON_HOLD and ctx.hold_reason is None:
        reasons.append("Putting an incident on hold needs a reason (awaiting caller, vendor, change, problem "
                       "or evidence).")
    if target is Status.RESOLVED:
        if _blank(ctx.resolution_code):
            reasons.append("A resolution code is required.")
        if _blank(ctx.resolution_notes):
            reasons.append("Resolution notes are required.")
    if target is Status.CLOSED:
        if _blank(ctx.closure_code):
            reasons.append("A closure code is required.")
        if _blank(ctx.resolution_code):
            reasons.append("The resolution code is empty.")
        if ctx.open_children:
            reasons.append(f"Child incidents are still open: {', '.join(ctx.open_children)}.")
        if ctx.review_required and not ctx.has_review:
            reasons.append("A major or P1 incident needs a post-incident review (at least a draft) before "
                           "closure.")
    if target is Status.CANCELLED:
        if ctx.cancel_reason is None:
            reasons.append("Cancelling needs a reason: duplicate, false alarm or logged in error.")
        elif ctx.cancel_reason is CancelReason.DUPLICATE and _blank(ctx.duplicate_of):
            reasons.append("Name the incident this one duplicates.")
    if current is Status.RESOLVED and target is Status.IN_PROGRESS:
        if _blank(ctx.reason):
            reasons.append("Reopening needs a reason.")
        if ctx.resolved_at is not None and ctx.now is not None and ctx.now - ctx.resolved_at > ctx.reopen_window:
            days = ctx.reopen_window.days
            reasons.append(f"{ctx.number} was resolved more than {days} days ago; log a follow-up incident "
                           "instead of reopening.")
    return reasons


def check_transition(current: Status, target: Status, ctx: TransitionContext | None = None) -> None:
    """Raise TransitionRefused with every reason if the change is not allowed."""
    ctx = ctx or TransitionContext()
    reasons = refusal_reasons(current, target, ctx)
    if reasons:
        raise TransitionRefused(" ".join(reasons), reasons)


def is_reopen(current: Status, target: Status) -> bool:
    return current is Status.RESOLVED and target is Status.IN_PROGRESS
