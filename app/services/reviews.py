"""Post-incident review use cases: start, autosave drafts, submit, publish, revise, and action items."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from app.domain.enums import EventKind
from app.domain.errors import ConcurrencyConflict, NotFound, ValidationError
from app.domain.review import (
    ACTIVE_ACTION_STATUSES,
    ActionKind,
    ActionStatus,
    IncidentTimes,
    ReviewContent,
    ReviewFacts,
    ReviewStatus,
    SourceEvent,
    SourceMessage,
    TimelineEntry,
    build_timeline,
    check_review_transition,
    compute_facts,
    ensure_editable,
    is_overdue,
    participants_from,
)
from app.domain.roles import Permission
from app.domain.validation import clean_line, clean_text
from app.services import access
from app.services.audit import Auditor
from app.services.changes import Changes, Result
from app.services.context import ServiceContext
from app.services.review_dto import ActionItemInput, ActionItemRow, ReviewRow
from app.store.tables import ActionItem, Incident, Review
from app.store.uow import UnitOfWork

TOPIC = "reviews"


def _content(r: Review) -> ReviewContent:
    return ReviewContent(
        summary=r.summary or "", business_impact=r.business_impact or "", root_cause=r.root_cause or "",
        contributing_factors=r.contributing_factors or "", five_whys=tuple(r.five_whys or ()),
        went_well=r.went_well or "", went_badly=r.went_badly or "", got_lucky=r.got_lucky or "",
        lessons=r.lessons or "", participants=tuple(r.participants or ()),
        timeline=tuple(TimelineEntry.from_json(d) for d in (r.timeline or ())),
    )


def _store_content(r: Review, c: ReviewContent) -> None:
    for name in ReviewContent.TEXT_FIELDS:
        setattr(r, name, getattr(c, name))
    r.five_whys = list(c.five_whys)
    r.participants = list(c.participants)
    r.timeline = [e.to_json() for e in c.timeline]


class ReviewService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- plumbing -------------------------------------------------------------------------------------

    @contextmanager
    def _work(self) -> Iterator[tuple[UnitOfWork, Auditor]]:
        with self.ctx.db.uow() as uow:
            yield uow, Auditor(uow, self.ctx.user_id, self.ctx.clock.now())

    def _today(self) -> date:
        # Due dates are calendar days where the user sits, not in UTC.
        return self.ctx.clock.now().astimezone().date()

    @staticmethod
    def _incident(uow: UnitOfWork, incident_id: int) -> Incident:
        inc = uow.incidents.get(incident_id)
        if inc is None:
            raise NotFound(f"Incident {incident_id} no longer exists.")
        return inc

    @staticmethod
    def _review(uow: UnitOfWork, review_id: int, expected_version: int | None = None) -> Review:
        r = uow.review_records.get(review_id)
        if r is None:
            raise NotFound("This review no longer exists.")
        if expected_version is not None and r.version != expected_version:
            raise ConcurrencyConflict("Someone else changed this review in the meantime. Reload it and apply your "
                                      "change again.")
        return r

    def _item(self, uow: UnitOfWork, item_id: int) -> tuple[ActionItem, Review, Incident]:
        item = uow.review_records.item(item_id)
        if item is None:
            raise NotFound("This action item no longer exists.")
        review = self._review(uow, item.review_id)
        return item, review, self._incident(uow, review.incident_id)

    def _facts(self, uow: UnitOfWork, inc: Incident) -> ReviewFacts:
        service_ids = [i for i in (inc.service_id, *(c.service_id for c in uow.incidents.children(inc.id))) if i]
        services = uow.review_records.service_names(sorted(set(service_ids)))
        if inc.configuration_item:
            services.append(inc.configuration_item)
        return compute_facts(IncidentTimes(
            detected_at=inc.detected_at, logged_at=inc.logged_at, acknowledged_at=inc.acknowledged_at,
            resolved_at=inc.resolved_at, closed_at=inc.closed_at, response_due_at=inc.response_due_at,
            resolution_due_at=inc.resolution_due_at, response_breached=inc.response_breached,
            resolution_breached=inc.resolution_breached, escalation_count=inc.escalation_count,
            services=tuple(services)), self.ctx.clock.now())

    def _item_row(self, item: ActionItem, review: Review, inc: Incident, owner: str | None) -> ActionItemRow:
        return ActionItemRow(
            item.id, review.id, inc.id, inc.number, inc.title, review.revision, review.status, item.description,
            item.kind, item.owner_id, owner, item.due_date, item.status, item.problem_ref, item.position,
            is_overdue(item.status, item.due_date, self._today()),
        )

    def _row(self, uow: UnitOfWork, r: Review, inc: Incident | None = None) -> ReviewRow:
        inc = inc or self._incident(uow, r.incident_id)
        items = uow.review_records.items(r.id)
        names = uow.people.names([r.author_id, *(i.owner_id for i in items)])
        return ReviewRow(
            id=r.id, incident_id=inc.id, incident_number=inc.number, incident_title=inc.title,
            priority=inc.priority, is_major=inc.is_major, revision=r.revision, status=r.status,
            content=_content(r),
            items=tuple(self._item_row(i, r, inc, names.get(i.owner_id) if i.owner_id else None) for i in items),
            facts=self._facts(uow, inc), detected_at=inc.detected_at, created_at=r.created_at,
            updated_at=r.updated_at, author=names.get(r.author_id) if r.author_id else None,
            published_at=r.published_at, version=r.version,
        )

    def _finish(self, uow: UnitOfWork, r: Review, inc: Incident) -> Result[ReviewRow]:
        uow.flush()
        row = self._row(uow, r, inc)
        uow.commit()
        return Result(row, Changes(incident_ids=frozenset({inc.id}), topics=frozenset({TOPIC})))

    def _generated(self, uow: UnitOfWork, inc: Incident) -> list[TimelineEntry]:
        events = [SourceEvent(e.id, e.at, e.actor_name, e.kind, e.field, e.old, e.new, e.payload)
                  for e in uow.events.for_incident(inc.id)]
        messages = [SourceMessage(n.id, n.at, n.author_name, n.kind, n.body) for n in uow.notes.for_incident(inc.id)]
        messages += [SourceMessage(c.id, c.sent_at, c.author_name, "communication", c.subject or c.body,
                                   c.audience, c.channel)
                     for c in uow.review_records.communications(inc.id) if c.direction == "out"]
        return build_timeline(events, messages, inc.detected_at, inc.source)

    # -- reads ------------------------------------------------------------------------------------------

    def get(self, incident_id: int) -> ReviewRow | None:
        """The current (newest) revision of the incident's review, or None."""
        with self.ctx.db.uow() as uow:
            inc = self._incident(uow, incident_id)
            r = uow.review_records.current(incident_id)
            return None if r is None else self._row(uow, r, inc)

    def get_by_number(self, number: str) -> ReviewRow:
        with self.ctx.db.uow() as uow:
            inc = uow.incidents.by_number(number.strip().upper())
            if inc is None:
                raise NotFound(f"There is no incident {number}.")
            r = uow.review_records.current(inc.id)
            if r is None:
                raise NotFound(f"{inc.number} has no post-incident review yet.")
            return self._row(uow, r, inc)

    def generated_timeline(self, incident_id: int) -> list[TimelineEntry]:
        """The timeline as the record tells it today (for 'refresh from record')."""
        with self.ctx.db.uow() as uow:
            return self._generated(uow, self._incident(uow, incident_id))

    def facts(self, incident_id: int) -> ReviewFacts:
        with self.ctx.db.uow() as uow:
            return self._facts(uow, self._incident(uow, incident_id))

    def action_items(self, owner_id: int | None = None, statuses: Sequence[str] = (), overdue_only: bool = False
                     ) -> list[ActionItemRow]:
        """Action items of every incident's current review revision."""
        today = self._today()
        if overdue_only:
            statuses = [s for s in (statuses or ACTIVE_ACTION_STATUSES) if ActionStatus(s).is_active]
            if not statuses:
                return []
        with self.ctx.db.uow() as uow:
            raw = uow.review_records.overview(owner_id, statuses, today if overdue_only else None)
        return [ActionItemRow(*r[:15], is_overdue(r[12], r[11], today)) for r in raw]

    # -- review lifecycle -------------------------------------------------------------------------------

    def start(self, incident_id: int) -> Result[ReviewRow]:
        """A first draft with the facts, the generated timeline and the people who worked the incident."""
        with self._work() as (uow, audit):
            inc = self._incident(uow, incident_id)
            if uow.review_records.current(inc.id) is not None:
                raise ValidationError(f"{inc.number} already has a post-incident review; open it instead.")
            timeline = self._generated(uow, inc)
            content = ReviewContent(business_impact=inc.business_impact or "", timeline=tuple(timeline),
                                    participants=participants_from(timeline, [audit.actor_name]))
            r = Review(incident_id=inc.id, revision=1, status=ReviewStatus.DRAFT.value, created_at=audit.now,
                       updated_at=audit.now, author_id=audit.actor_id)
            _store_content(r, content.cleaned())
            uow.add(r)
            uow.flush()
            audit.event(inc, EventKind.REVIEW, "review", None, ReviewStatus.DRAFT.value,
                        {"action": "started", "revision": 1})
            return self._finish(uow, r, inc)

    def open_or_start(self, incident_id: int) -> Result[ReviewRow]:
        current = self.get(incident_id)
        return Result(current) if current is not None else self.start(incident_id)

    def save_draft(self, review_id: int, content: ReviewContent, expected_version: int | None = None
                   ) -> Result[ReviewRow]:
        """Autosave-friendly: saving unchanged content writes nothing and reports no changes."""
        with self._work() as (uow, audit):
            r = self._review(uow, review_id, expected_version)
            ensure_editable(r.status)
            clean = content.cleaned()
            changed = clean.changed_fields(_content(r))
            inc = self._incident(uow, r.incident_id)
            if not changed:
                return Result(self._row(uow, r, inc))
            _store_content(r, clean)
            r.updated_at = audit.now
            # One event per save naming the sections changed: autosave would otherwise copy whole essays
            # into the audit trail every few seconds.
            audit.event(inc, EventKind.REVIEW, "review", None, None,
                        {"action": "saved", "revision": r.revision, "sections": changed})
            return self._finish(uow, r, inc)

    def _move(self, review_id: int, target: ReviewStatus, expected_version: int | None) -> Result[ReviewRow]:
        with self._work() as (uow, audit):
            r = self._review(uow, review_id, expected_version)
            current = ReviewStatus(r.status)
            unowned = sum(1 for i in uow.review_records.items(r.id)
                          if ActionStatus(i.status).is_active and (i.owner_id is None or i.due_date is None))
            check_review_transition(current, target, _content(r), unowned)
            inc = self._incident(uow, r.incident_id)
            r.status = target.value
            r.updated_at = audit.now
            if target is ReviewStatus.PUBLISHED:
                r.published_at = audit.now
            audit.event(inc, EventKind.REVIEW, "review_status", current.value, target.value,
                        {"revision": r.revision})
            return self._finish(uow, r, inc)

    def submit(self, review_id: int, expected_version: int | None = None) -> Result[ReviewRow]:
        return self._move(review_id, ReviewStatus.IN_REVIEW, expected_version)

    def return_to_draft(self, review_id: int, expected_version: int | None = None) -> Result[ReviewRow]:
        return self._move(review_id, ReviewStatus.DRAFT, expected_version)

    def publish(self, review_id: int, expected_version: int | None = None) -> Result[ReviewRow]:
        with self.ctx.db.uow() as uow:
            access.check(uow, self.ctx, Permission.PUBLISH_REVIEW)
        return self._move(review_id, ReviewStatus.PUBLISHED, expected_version)

    def new_revision(self, incident_id: int) -> Result[ReviewRow]:
        """A draft copy of the published review; its action items move along so tracking continues."""
        with self._work() as (uow, audit):
            inc = self._incident(uow, incident_id)
            old = uow.review_records.current(inc.id)
            if old is None:
                raise NotFound(f"{inc.number} has no review to revise.")
            if ReviewStatus(old.status) is not ReviewStatus.PUBLISHED:
                raise ValidationError(f"Revision {old.revision} is still being written; edit it instead.")
            r = Review(incident_id=inc.id, revision=old.revision + 1, status=ReviewStatus.DRAFT.value,
                       created_at=audit.now, updated_at=audit.now, author_id=audit.actor_id)
            _store_content(r, _content(old))
            uow.add(r)
            uow.flush()
            for i in uow.review_records.items(old.id):
                uow.add(ActionItem(review_id=r.id, description=i.description, kind=i.kind, owner_id=i.owner_id,
                                   due_date=i.due_date, status=i.status, problem_ref=i.problem_ref,
                                   position=i.position))
            audit.event(inc, EventKind.REVIEW, "review", old.revision, r.revision,
                        {"action": "new_revision", "revision": r.revision})
            return self._finish(uow, r, inc)

    # -- action items -----------------------------------------------------------------------------------

    @staticmethod
    def _clean_item(data: ActionItemInput) -> ActionItemInput:
        return replace(
            data,
            description=clean_text(data.description, "description", "Action item", required=True, max_len=2000),
            kind=ActionKind(data.kind), status=ActionStatus(data.status),
            problem_ref=clean_line(data.problem_ref, "problem_ref", "Problem reference", max_len=64) or None,
        )

    def _check_owner(self, uow: UnitOfWork, owner_id: int | None) -> None:
        if owner_id is not None:
            p = uow.people.get(owner_id)
            if p is None or p.kind != "staff":
                raise ValidationError("The owner must be a member of staff.", "owner")

    def _item_result(self, uow: UnitOfWork, item: ActionItem, r: Review, inc: Incident) -> Result[ActionItemRow]:
        uow.flush()
        owner = uow.people.names([item.owner_id]).get(item.owner_id) if item.owner_id else None  # type: ignore[arg-type]
        row = self._item_row(item, r, inc, owner)
        uow.commit()
        return Result(row, Changes(incident_ids=frozenset({inc.id}), topics=frozenset({TOPIC})))

    def add_item(self, review_id: int, data: ActionItemInput) -> Result[ActionItemRow]:
        with self._work() as (uow, audit):
            r = self._review(uow, review_id)
            ensure_editable(r.status)
            d = self._clean_item(data)
            self._check_owner(uow, d.owner_id)
            inc = self._incident(uow, r.incident_id)
            item = ActionItem(review_id=r.id, description=d.description, kind=d.kind.value, owner_id=d.owner_id,
                              due_date=d.due_date, status=d.status.value, problem_ref=d.problem_ref,
                              position=uow.review_records.next_position(r.id))
            uow.add(item)
            uow.flush()
            audit.event(inc, EventKind.REVIEW, "action_item", None, d.description,
                        {"action": "item_added", "item_id": item.id, "kind": d.kind.value})
            return self._item_result(uow, item, r, inc)

    def update_item(self, item_id: int, data: ActionItemInput) -> Result[ActionItemRow]:
        """Edit an item; on a published review only its tracking (status, owner, due date, problem) may change."""
        with self._work() as (uow, audit):
            item, r, inc = self._item(uow, item_id)
            d = self._clean_item(data)
            self._check_owner(uow, d.owner_id)
            new = {"description": d.description, "kind": d.kind.value, "owner_id": d.owner_id,
                   "due_date": d.due_date, "status": d.status.value, "problem_ref": d.problem_ref}
            changed = {k: v for k, v in new.items() if getattr(item, k) != v}
            if not ReviewStatus(r.status).editable and ({"description", "kind"} & changed.keys()):
                ensure_editable(r.status)
            for name, value in changed.items():
                old = getattr(item, name)
                setattr(item, name, value)
                audit.event(inc, EventKind.REVIEW, f"action_item.{name}", old, value, {"item_id": item.id})
            return self._item_result(uow, item, r, inc)

    def set_item_status(self, item_id: int, status: ActionStatus) -> Result[ActionItemRow]:
        with self.ctx.db.uow() as uow:
            item = uow.review_records.item(item_id)
            if item is None:
                raise NotFound("This action item no longer exists.")
            data = ActionItemInput(item.description, ActionKind(item.kind), item.owner_id, item.due_date,
                                   ActionStatus(status), item.problem_ref)
        return self.update_item(item_id, data)

    def mark_done(self, item_id: int) -> Result[ActionItemRow]:
        return self.set_item_status(item_id, ActionStatus.DONE)

    def delete_item(self, item_id: int) -> Result[int]:
        with self._work() as (uow, audit):
            item, r, inc = self._item(uow, item_id)
            ensure_editable(r.status)
            audit.event(inc, EventKind.REVIEW, "action_item", item.description, None,
                        {"action": "item_deleted", "item_id": item.id})
            uow.review_records.delete(item)
            uow.commit()
            return Result(item_id, Changes(incident_ids=frozenset({inc.id}), topics=frozenset({TOPIC})))

