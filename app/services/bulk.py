"""Bulk actions on selected incidents: each incident is its own transaction, each refusal says why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from app.domain.enums import CancelReason, HoldReason, Status
from app.domain.errors import DomainError
from app.domain.lifecycle import TransitionContext, refusal_reasons
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.dto import IncidentDetail
from app.services.incidents import IncidentService


class BulkOp(str, Enum):
    ASSIGN = "assign"
    ACKNOWLEDGE = "acknowledge"
    START_WORK = "start_work"
    HOLD = "hold"
    RESUME = "resume"
    CANCEL = "cancel"

    @property
    def label(self) -> str:
        return {
            "assign": "Assign", "acknowledge": "Acknowledge (take ownership)", "start_work": "Start work",
            "hold": "Put on hold", "resume": "Resume work", "cancel": "Cancel",
        }[self.value]


@dataclass(frozen=True)
class BulkRequest:
    op: BulkOp
    group_id: int | None = None
    assignee_id: int | None = None
    hold_reason: HoldReason | None = None
    cancel_reason: CancelReason | None = None
    note: str = ""
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class Refusal:
    incident_id: int
    number: str
    reason: str


@dataclass(frozen=True)
class BulkOutcome:
    op: BulkOp
    done: tuple[int, ...]
    refused: tuple[Refusal, ...]

    @property
    def total(self) -> int:
        return len(self.done) + len(self.refused)


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the dialog knows of a selected row, enough to predict refusals before anything runs."""

    incident_id: int
    number: str
    status: str
    has_group: bool = True


TARGET = {BulkOp.START_WORK: Status.IN_PROGRESS, BulkOp.HOLD: Status.ON_HOLD, BulkOp.RESUME: Status.IN_PROGRESS,
          BulkOp.CANCEL: Status.CANCELLED}


def predicted_refusals(rows: Sequence[Candidate], req: BulkRequest) -> list[Refusal]:
    """The refusals the lifecycle already implies from each row's status (the service has the last word)."""
    out: list[Refusal] = []
    for c in rows:
        status = Status(c.status)
        if req.op in (BulkOp.ASSIGN, BulkOp.ACKNOWLEDGE):
            reasons = [] if status.is_open else [
                f"{c.number} is {status.label}; only open incidents can be "
                f"{'reassigned' if req.op is BulkOp.ASSIGN else 'acknowledged'}."]
        elif req.op is BulkOp.RESUME and status is not Status.ON_HOLD:
            reasons = [f"{c.number} is {status.label}, not on hold."]
        else:
            ctx = TransitionContext(number=c.number, has_group=c.has_group, hold_reason=req.hold_reason,
                                    cancel_reason=req.cancel_reason, duplicate_of=req.duplicate_of)
            reasons = refusal_reasons(status, TARGET[req.op], ctx)
        if reasons:
            out.append(Refusal(c.incident_id, c.number, " ".join(reasons)))
    return out


class BulkService:
    def __init__(self, ctx: ServiceContext, incidents: IncidentService) -> None:
        self.ctx = ctx
        self.incidents = incidents

    def apply(self, ids: Sequence[int], req: BulkRequest,
              progress: Callable[[int, int], bool] | None = None) -> Result[BulkOutcome]:
        """Run the action on every incident; one refusal never stops the others.

        `progress(done, total)` returning False stops before the next incident.
        """
        with self.ctx.db.uow() as uow:
            numbers = uow.incidents.numbers(ids)
        done: list[int] = []
        refused: list[Refusal] = []
        changes = Changes()
        for n, iid in enumerate(ids):
            if progress is not None and not progress(n, len(ids)):
                break
            try:
                result = self._one(iid, req)
            except DomainError as exc:
                refused.append(Refusal(iid, numbers.get(iid, f"#{iid}"), str(exc)))
                continue
            done.append(iid)
            changes = changes | result.changes
        return Result(BulkOutcome(req.op, tuple(done), tuple(refused)), changes)

    def _one(self, iid: int, req: BulkRequest) -> Result[IncidentDetail]:
        inc = self.incidents
        match req.op:
            case BulkOp.ASSIGN:
                return inc.assign(iid, req.group_id, req.assignee_id)
            case BulkOp.ACKNOWLEDGE:
                return inc.acknowledge(iid)
            case BulkOp.START_WORK:
                return inc.start_work(iid)
            case BulkOp.HOLD:
                if req.hold_reason is None:
                    raise DomainError("Putting an incident on hold needs a reason.")
                return inc.hold(iid, req.hold_reason, req.note)
            case BulkOp.RESUME:
                return inc.resume(iid)
            case BulkOp.CANCEL:
                if req.cancel_reason is None:
                    raise DomainError("Cancelling needs a reason: duplicate, false alarm or logged in error.")
                return inc.cancel(iid, req.cancel_reason, req.note, req.duplicate_of)
        raise DomainError(f"Unknown bulk action {req.op}.")
