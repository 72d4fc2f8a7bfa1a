"""Read side of reporting: streamed export rows and aggregate metric queries, formatted in SQL where it pays."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Float,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement

from app.domain.enums import OPEN_STATUSES, Status
from app.domain.queue_filter import QueueFilter
from app.store.queue_queries import apply_filter
from app.store.tables import AuditEvent, Category, Communication, Group, Incident, Person, Service

# -- portable SQL helpers (compiled per dialect) ------------------------------------------------------


class minutes_between(FunctionElement[float]):  # noqa: N801 - reads like the SQL function it becomes
    """Minutes from the first to the second timestamp, as a float; NULL if either is NULL."""

    type = Float()
    inherit_cache = True


@compiles(minutes_between, "sqlite")
def _minutes_sqlite(element: minutes_between, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return f"((julianday({compiler.process(b, **kw)}) - julianday({compiler.process(a, **kw)})) * 1440.0)"


@compiles(minutes_between)
def _minutes_default(element: minutes_between, compiler: Any, **kw: Any) -> str:
    a, b = list(element.clauses)
    return f"(EXTRACT(EPOCH FROM ({compiler.process(b, **kw)} - {compiler.process(a, **kw)})) / 60.0)"


class iso_utc(FunctionElement[str]):  # noqa: N801
    """ISO 8601 UTC text ('2026-03-02T09:00:00Z') of a stored (naive UTC) timestamp."""

    type = String()
    inherit_cache = True


@compiles(iso_utc, "sqlite")
def _iso_sqlite(element: iso_utc, compiler: Any, **kw: Any) -> str:
    (a,) = list(element.clauses)
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {compiler.process(a, **kw)})"


@compiles(iso_utc)
def _iso_default(element: iso_utc, compiler: Any, **kw: Any) -> str:
    (a,) = list(element.clauses)
    return f"to_char({compiler.process(a, **kw)}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


class period_start(FunctionElement[str]):  # noqa: N801
    """First day ('YYYY-MM-DD', UTC) of the day, ISO week (Monday) or month a timestamp falls in."""

    type = String()
    inherit_cache = False  # `unit` is not part of the cache key: a cached 'day' statement must not serve 'week'

    def __init__(self, col: Any, unit: str) -> None:
        self.unit = unit
        super().__init__(col)


@compiles(period_start, "sqlite")
def _period_sqlite(element: period_start, compiler: Any, **kw: Any) -> str:
    (a,) = list(element.clauses)
    col = compiler.process(a, **kw)
    if element.unit == "month":
        return f"strftime('%Y-%m-01', {col})"
    if element.unit == "week":
        # 'weekday 0' moves forward to Sunday (or stays on it); six days back is that week's Monday.
        return f"date({col}, 'weekday 0', '-6 days')"
    return f"date({col})"


@compiles(period_start)
def _period_default(element: period_start, compiler: Any, **kw: Any) -> str:
    (a,) = list(element.clauses)
    unit = {"month": "month", "week": "week"}.get(element.unit, "day")
    return f"to_char(date_trunc('{unit}', {compiler.process(a, **kw)}), 'YYYY-MM-DD')"


def at(moment: datetime) -> ColumnElement[Any]:
    """A moment as a SQL literal of the stored kind (naive UTC), so compiled SQL can be replayed elsewhere."""
    naive = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return literal(naive, DateTime())


def flag(col: Any) -> ColumnElement[Any]:
    """Booleans as the words a spreadsheet shows, decided in SQL so the writer does no per-cell work."""
    return case((col.is_(None), None), (col, "true"), else_="false")


Assignee = aliased(Person)
Reporter = aliased(Person)
ParentCategory = aliased(Category)

STATUS_LABEL = case({s.value: s.label for s in Status}, value=Incident.status, else_=Incident.status)
OPEN = tuple(s.value for s in OPEN_STATUSES)
FINISHED_AT = func.coalesce(Incident.resolved_at, Incident.closed_at)


# -- export -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportColumnSql:
    """How one export column is selected and sorted; `kind` says how the writer treats the value."""

    kind: str  # "text" | "number" | "time" | "flag"
    expr: Any
    sort: Any = None


def export_columns(now: datetime) -> dict[str, ExportColumnSql]:
    n = at(now)
    cat_path = case(
        (ParentCategory.name.is_not(None), ParentCategory.name + " / " + Category.name), else_=Category.name
    )

    def t(col: Any) -> ExportColumnSql:
        return ExportColumnSql("time", iso_utc(col), col)

    return {
        "number": ExportColumnSql("text", Incident.number, Incident.id),
        "title": ExportColumnSql("text", Incident.title),
        "status": ExportColumnSql("text", STATUS_LABEL, Incident.status),
        "priority": ExportColumnSql("number", Incident.priority),
        "impact": ExportColumnSql("number", Incident.impact),
        "urgency": ExportColumnSql("number", Incident.urgency),
        "major": ExportColumnSql("flag", flag(Incident.is_major), Incident.is_major),
        "source": ExportColumnSql("text", Incident.source),
        "category": ExportColumnSql("text", cat_path),
        "service": ExportColumnSql("text", Service.name),
        "configuration_item": ExportColumnSql("text", Incident.configuration_item),
        "group": ExportColumnSql("text", Group.name),
        "tier": ExportColumnSql("number", Incident.tier),
        "assignee": ExportColumnSql("text", Assignee.name),
        "reporter": ExportColumnSql("text", Reporter.name),
        "detected_at": t(Incident.detected_at),
        "logged_at": t(Incident.logged_at),
        "acknowledged_at": t(Incident.acknowledged_at),
        "response_due_at": t(Incident.response_due_at),
        "resolution_due_at": t(Incident.resolution_due_at),
        "next_update_due_at": t(Incident.next_update_due_at),
        "resolved_at": t(Incident.resolved_at),
        "closed_at": t(Incident.closed_at),
        "updated_at": t(Incident.updated_at),
        "response_breached": ExportColumnSql("flag", flag(Incident.response_breached), Incident.response_breached),
        "resolution_breached": ExportColumnSql("flag", flag(Incident.resolution_breached),
                                               Incident.resolution_breached),
        "minutes_to_acknowledge": ExportColumnSql(
            "number", func.round(minutes_between(Incident.logged_at, Incident.acknowledged_at), 1)),
        "minutes_to_resolve": ExportColumnSql(
            "number", func.round(minutes_between(Incident.logged_at, Incident.resolved_at), 1)),
        "age_minutes": ExportColumnSql("number", func.round(minutes_between(Incident.logged_at, n), 1),
                                       Incident.logged_at),
        "sla_remaining_minutes": ExportColumnSql(
            "number",
            case((and_(Incident.status.in_(OPEN), Incident.sla_paused_at.is_(None)),
                  func.round(minutes_between(n, Incident.resolution_due_at), 1)), else_=None),
            Incident.resolution_due_at),
        "reopen_count": ExportColumnSql("number", Incident.reopen_count),
        "escalation_count": ExportColumnSql("number", Incident.escalation_count),
        "first_contact_resolution": ExportColumnSql("flag", flag(Incident.first_contact_resolution),
                                                    Incident.first_contact_resolution),
        "hold_reason": ExportColumnSql("text", Incident.hold_reason),
        "resolution_code": ExportColumnSql("text", Incident.resolution_code),
        "closure_code": ExportColumnSql("text", Incident.closure_code),
        "cancel_reason": ExportColumnSql("text", Incident.cancel_reason),
    }


def export_query(session: Session, keys: Sequence[str], now: datetime, user_id: int | None,
                 f: QueueFilter | None = None, logged_from: datetime | None = None,
                 logged_to: datetime | None = None, sort: Sequence[tuple[str, bool]] = ()) -> Select[Any]:
    """One SELECT for the chosen columns; `sort` is (key, descending) pairs, the incident id breaks ties."""
    cols = export_columns(now)
    unknown = [k for k in keys if k not in cols]
    if unknown:
        raise KeyError(f"unknown export columns: {', '.join(unknown)}")
    q = (
        select(*(cols[k].expr.label(k) for k in keys))
        .select_from(Incident)
        .outerjoin(Category, Category.id == Incident.category_id)
        .outerjoin(ParentCategory, ParentCategory.id == Category.parent_id)
        .outerjoin(Service, Service.id == Incident.service_id)
        .outerjoin(Group, Group.id == Incident.group_id)
        .outerjoin(Assignee, Assignee.id == Incident.assignee_id)
        .outerjoin(Reporter, Reporter.id == Incident.reporter_id)
    )
    q = _restrict(q, session, now, user_id, f, logged_from, logged_to)
    order = []
    for key, descending in sort:
        spec = cols[key]
        expr = spec.sort if spec.sort is not None else spec.expr
        order.append(expr.desc() if descending else expr.asc())
    descending_id = bool(sort) and sort[0][1]
    order.append(Incident.id.desc() if descending_id else Incident.id.asc())
    return q.order_by(*order)


def _restrict(q: Select[Any], session: Session, now: datetime, user_id: int | None, f: QueueFilter | None,
              logged_from: datetime | None, logged_to: datetime | None) -> Select[Any]:
    if f is not None:
        q = apply_filter(q, f, session, now, user_id)
    if logged_from is not None:
        q = q.where(Incident.logged_at >= at(logged_from))
    if logged_to is not None:
        q = q.where(Incident.logged_at < at(logged_to))
    return q


def export_count(session: Session, now: datetime, user_id: int | None, f: QueueFilter | None = None,
                 logged_from: datetime | None = None, logged_to: datetime | None = None) -> int:
    q = _restrict(select(func.count(Incident.id)), session, now, user_id, f, logged_from, logged_to)
    return int(session.scalar(q) or 0)


def stream(session: Session, q: Select[Any], chunk: int = 2000) -> Iterator[Sequence[Sequence[Any]]]:
    """Rows in chunks straight off the cursor (fetchmany), so memory stays flat for any number of rows.

    On a server, stream_results makes it a server-side (named) cursor: rows cross the network a chunk at a time.
    """
    # Per statement: Connection.execution_options would switch the whole session's connection to streaming.
    result = session.connection().execute(q, execution_options={"stream_results": True, "yield_per": chunk})
    try:
        yield from result.partitions(chunk)
    finally:
        result.close()


def sqlite_sql(session: Session, q: Select[Any]) -> str:
    """The statement with its values inlined, for replaying it in the sqlite3 shell (benchmark reference)."""
    return str(q.compile(dialect=session.bind.dialect,  # type: ignore[union-attr]
                         compile_kwargs={"literal_binds": True}))


# -- metrics ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricScope:
    """Incidents logged in [start, end) narrowed by the dashboard's dimension filters."""

    start: datetime
    end: datetime
    priorities: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()


def _dims(q: Select[Any], s: MetricScope) -> Select[Any]:
    if s.priorities:
        q = q.where(Incident.priority.in_(s.priorities))
    if s.group_ids:
        q = q.where(Incident.group_id.in_(s.group_ids))
    if s.service_ids:
        q = q.where(Incident.service_id.in_(s.service_ids))
    if s.sources:
        q = q.where(Incident.source.in_(s.sources))
    if s.category_ids:
        # A top-level category also selects its subcategories.
        c = aliased(Category)  # an alias, so the subquery never correlates with a joined category
        sub = select(c.id).where(or_(c.id.in_(s.category_ids), c.parent_id.in_(s.category_ids)))
        q = q.where(Incident.category_id.in_(sub))
    return q


def _scoped(q: Select[Any], s: MetricScope) -> Select[Any]:
    q = q.where(Incident.logged_at >= at(s.start), Incident.logged_at < at(s.end))
    return _dims(q, s)


def volume_by(session: Session, s: MetricScope, dimension: str, unit: str = "week") -> list[tuple[Any, int]]:
    """(key, count) per value of one incident column; names are looked up afterwards (joins cost more here)."""
    # `+ 0` / `|| ''` keep SQLite from walking the column's index: with no index on logged_at that means one
    # random row lookup per incident, about twice as slow as a plain scan with a small GROUP BY b-tree.
    col: Any = {
        "priority": Incident.priority + 0, "source": Incident.source + "", "group": Incident.group_id + 0,
        "service": Incident.service_id + 0, "category": Incident.category_id + 0,
    }.get(dimension)
    if dimension == "period":
        col = period_start(Incident.logged_at, unit)
    if col is None:
        raise KeyError(dimension)
    q = _scoped(select(col, func.count()).select_from(Incident).group_by(col), s)
    return [(r[0], int(r[1])) for r in session.execute(q)]


@dataclass(frozen=True)
class Names:
    groups: dict[int, str]
    services: dict[int, str]
    categories: dict[int, tuple[str, int | None]]  # id -> (name, parent id)


def names(session: Session) -> Names:
    return Names(
        {int(i): str(n) for i, n in session.execute(select(Group.id, Group.name))},
        {int(i): str(n) for i, n in session.execute(select(Service.id, Service.name))},
        {int(i): (str(n), p) for i, n, p in session.execute(select(Category.id, Category.name, Category.parent_id))},
    )


def rates_by_priority(session: Session, s: MetricScope, now: datetime) -> list[tuple[int, ...]]:
    """Per priority: total, response measured/met, resolution measured/met, resolved, reopened, FCR, escalated,
    and minutes of life (logged until resolved, closed or now; the base of the hold-time share).

    Cancelled incidents are left out of SLA and escalation figures: nobody worked them.
    """
    live = Incident.status != Status.CANCELLED.value

    def total(cond: Any) -> Any:
        return func.sum(case((cond, 1), else_=0))

    resp_measured = and_(live, Incident.response_due_at.is_not(None),
                         or_(Incident.acknowledged_at.is_not(None), Incident.response_breached))
    res_measured = and_(live, Incident.resolution_due_at.is_not(None) | Incident.resolved_at.is_not(None),
                        or_(Incident.resolved_at.is_not(None), Incident.resolution_breached))
    resolved = Incident.resolved_at.is_not(None)
    prio = Incident.priority + 0  # a plain scan, see volume_by
    q = select(
        prio,
        func.count(Incident.id),
        total(resp_measured),
        total(and_(resp_measured, Incident.acknowledged_at.is_not(None), ~Incident.response_breached)),
        total(res_measured),
        total(and_(res_measured, resolved, ~Incident.resolution_breached)),
        total(resolved),
        total(and_(resolved, Incident.reopen_count > 0)),
        total(and_(resolved, Incident.first_contact_resolution)),
        total(live),
        total(and_(live, Incident.escalation_count > 0)),
        func.sum(minutes_between(Incident.logged_at, func.coalesce(FINISHED_AT, at(now)))),
    ).group_by(prio)
    return [(*(int(v or 0) for v in r[:-1]), max(float(r[-1] or 0.0), 0.0))
            for r in session.execute(_scoped(q, s))]


def durations(session: Session, s: MetricScope) -> list[tuple[int, int | None, float | None, float | None]]:
    """(priority, group_id, minutes to acknowledge, minutes to resolve) per incident that has either."""
    q = select(
        Incident.priority, Incident.group_id,
        minutes_between(Incident.logged_at, Incident.acknowledged_at),
        minutes_between(Incident.logged_at, Incident.resolved_at),
    ).where(or_(Incident.acknowledged_at.is_not(None), Incident.resolved_at.is_not(None)))
    return [tuple(r) for r in session.execute(_scoped(q, s))]  # type: ignore[misc]


AGING_BUCKETS: tuple[tuple[str, float, float | None], ...] = (
    ("0-1 d", 0, 1), ("1-3 d", 1, 3), ("3-7 d", 3, 7), ("7-30 d", 7, 30), ("> 30 d", 30, None),
)


def _age_days(now: datetime) -> Any:
    return minutes_between(Incident.logged_at, at(now)) / 1440.0


def aging(session: Session, s: MetricScope, now: datetime) -> dict[str, int]:
    """Open incidents now (whatever their logging date) by age bucket; the dimension filters still apply."""
    age = _age_days(now)
    bucket = case(*((age < hi, label) for label, _lo, hi in AGING_BUCKETS if hi is not None),
                  else_=AGING_BUCKETS[-1][0])
    q = _dims(select(bucket, func.count(Incident.id)).where(Incident.status.in_(OPEN)).group_by(bucket), s)
    return {str(k): int(v) for k, v in session.execute(q)}


def held_minutes(session: Session, s: MetricScope, now: datetime) -> float:
    """Minutes spent on hold by incidents in scope, from held/resumed audit events.

    A hold ends at the incident's next held/resumed event, else when it was resolved or closed, else now.
    """
    ev = (
        select(
            AuditEvent.incident_id, AuditEvent.kind, AuditEvent.at,
            func.lead(AuditEvent.at).over(partition_by=AuditEvent.incident_id,
                                          order_by=(AuditEvent.at, AuditEvent.id)).label("next_at"),
        )
        .where(AuditEvent.kind.in_(("held", "resumed")))
        .subquery()
    )
    ends = func.coalesce(FINISHED_AT, at(now))
    until = func.coalesce(ev.c.next_at, ends)
    until = case((until < ends, until), else_=ends)
    q = _scoped(select(func.sum(minutes_between(ev.c.at, until))).select_from(ev)
                .join(Incident, Incident.id == ev.c.incident_id).where(ev.c.kind == "held"), s)
    return max(float(session.scalar(q) or 0.0), 0.0)


def update_timeliness(session: Session, s: MetricScope) -> tuple[int, int]:
    """(updates measured, on time): an outgoing update is on time if sent by the previous update's due time."""
    c = (
        select(
            Communication.incident_id, Communication.sent_at,
            func.lag(Communication.next_update_due_at).over(
                partition_by=Communication.incident_id, order_by=(Communication.sent_at, Communication.id)
            ).label("due"),
        )
        .where(Communication.direction == "out")
        .subquery()
    )
    q = _scoped(select(func.count(), func.sum(case((c.c.sent_at <= c.c.due, 1), else_=0))).select_from(c)
                .join(Incident, Incident.id == c.c.incident_id).where(c.c.due.is_not(None)), s)
    measured, on_time = session.execute(q).one()
    return int(measured or 0), int(on_time or 0)


def drilldown_ids(session: Session, s: MetricScope, now: datetime, dimension: str, key: Any,
                  unit: str = "week") -> list[int]:
    """Ids behind one bar of a chart, for filtering the queue to exactly those incidents."""
    q = select(Incident.id)
    if dimension == "aging":
        bounds = {label: (lo, hi) for label, lo, hi in AGING_BUCKETS}
        lo, hi = bounds[str(key)]
        age = _age_days(now)
        q = _dims(q.where(Incident.status.in_(OPEN), age >= lo), s)
        if hi is not None:
            q = q.where(age < hi)
        return list(session.scalars(q.order_by(Incident.id)))
    q = _scoped(q, s)
    if dimension == "period":
        q = q.where(period_start(Incident.logged_at, unit) == str(key))
    elif dimension == "priority":
        q = q.where(Incident.priority == int(key))
    elif dimension == "sla_breached":
        q = q.where(Incident.priority == int(key), Incident.status != Status.CANCELLED.value,
                    or_(Incident.response_breached, Incident.resolution_breached))
    elif dimension == "group_resolved":
        q = q.where(Incident.group_id.is_(None) if key is None else Incident.group_id == int(key),
                    Incident.resolved_at.is_not(None))
    elif dimension == "group":
        q = q.where(Incident.group_id.is_(None) if key is None else Incident.group_id == int(key))
    elif dimension == "source":
        q = q.where(Incident.source == str(key))
    else:
        raise KeyError(dimension)
    return list(session.scalars(q.order_by(Incident.id)))
