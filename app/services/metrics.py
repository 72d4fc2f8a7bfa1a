"""Service-desk metrics for the dashboard and reports: volume, speed, SLA compliance, backlog, hold, updates."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.enums import Source
from app.domain.errors import PermissionDenied, ValidationError
from app.domain.queue_filter import QueueFilter
from app.domain.roles import Permission, reason
from app.services import access
from app.services.context import ServiceContext
from app.store import report_queries
from app.store.report_queries import AGING_BUCKETS, MetricScope

TOP_N = 10


@dataclass(frozen=True)
class MetricsQuery:
    """Incidents logged in [start, end); empty tuples mean 'all'."""

    start: datetime
    end: datetime
    priorities: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()

    def validate(self) -> None:
        if self.start >= self.end:
            raise ValidationError("The start of the date range must be before its end.", "start")

    @property
    def period_unit(self) -> str:
        """Days for up to ~6 weeks, weeks up to ~7 months, months beyond: a trend of 7-40 bars."""
        days = (self.end - self.start).total_seconds() / 86400
        return "day" if days <= 45 else "week" if days <= 210 else "month"

    def scope(self) -> MetricScope:
        return MetricScope(self.start, self.end, self.priorities, self.group_ids, self.category_ids,
                           self.service_ids, self.sources)


@dataclass(frozen=True)
class Count:
    key: Any  # what a drill-down needs (a period start, a priority, a group id, ...)
    label: str
    count: int


@dataclass(frozen=True)
class Rate:
    part: float
    whole: float

    @property
    def pct(self) -> float | None:
        return None if not self.whole else 100.0 * self.part / self.whole


@dataclass(frozen=True)
class DurationStat:
    key: Any
    label: str
    count: int
    mean_minutes: float | None
    median_minutes: float | None


@dataclass(frozen=True)
class SlaStat:
    priority: int
    response: Rate
    resolution: Rate

    @property
    def label(self) -> str:
        return f"P{self.priority}"


@dataclass(frozen=True)
class MetricTable:
    """A figure as a plain table: what the dashboard's tables, CSV exports and reports all show."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class DashboardMetrics:
    query: MetricsQuery
    computed_at: datetime
    period_unit: str
    total: int
    volume_by_period: tuple[Count, ...]
    volume_by_category: tuple[Count, ...]
    volume_by_service: tuple[Count, ...]
    volume_by_priority: tuple[Count, ...]
    volume_by_group: tuple[Count, ...]
    volume_by_source: tuple[Count, ...]
    top_categories: tuple[Count, ...]
    top_services: tuple[Count, ...]
    mtta: DurationStat
    mttr: DurationStat
    mtta_by_priority: tuple[DurationStat, ...]
    mttr_by_priority: tuple[DurationStat, ...]
    mtta_by_group: tuple[DurationStat, ...]
    mttr_by_group: tuple[DurationStat, ...]
    sla_by_priority: tuple[SlaStat, ...]
    sla_response: Rate
    sla_resolution: Rate
    reopen_rate: Rate
    fcr_rate: Rate
    escalation_rate: Rate
    hold_share: Rate
    updates_on_time: Rate
    aging: tuple[Count, ...]
    backlog: int = field(default=0)

    def tables(self) -> list[MetricTable]:
        def counts(key: str, title: str, what: str, items: Iterable[Count]) -> MetricTable:
            return MetricTable(key, title, (what, "Incidents"), tuple((c.label, c.count) for c in items))

        def durs(key: str, title: str, what: str, items: Iterable[DurationStat]) -> MetricTable:
            return MetricTable(key, title, (what, "Incidents", "Mean (minutes)", "Median (minutes)"),
                               tuple((d.label, d.count, _round(d.mean_minutes), _round(d.median_minutes))
                                     for d in items))

        return [
            MetricTable("kpis", "Key figures", ("Measure", "Value", "Of"), tuple(self.kpi_rows())),
            counts("volume_by_period", f"Volume by {self.period_unit}", f"{self.period_unit.capitalize()} starting",
                   self.volume_by_period),
            counts("volume_by_priority", "Volume by priority", "Priority", self.volume_by_priority),
            counts("volume_by_category", "Volume by category", "Category", self.volume_by_category),
            counts("volume_by_service", "Volume by service", "Service", self.volume_by_service),
            counts("volume_by_group", "Volume by assignment group", "Group", self.volume_by_group),
            counts("volume_by_source", "Volume by source", "Source", self.volume_by_source),
            counts("top_categories", f"Top {TOP_N} categories", "Category", self.top_categories),
            counts("top_services", f"Top {TOP_N} services", "Service", self.top_services),
            durs("mtta_by_priority", "Time to acknowledge by priority", "Priority", self.mtta_by_priority),
            durs("mttr_by_priority", "Time to resolve by priority", "Priority", self.mttr_by_priority),
            durs("mtta_by_group", "Time to acknowledge by group", "Group", self.mtta_by_group),
            durs("mttr_by_group", "Time to resolve by group", "Group", self.mttr_by_group),
            MetricTable("sla_by_priority", "SLA compliance by priority",
                        ("Priority", "Response measured", "Response met", "Response %", "Resolution measured",
                         "Resolution met", "Resolution %"),
                        tuple((s.label, int(s.response.whole), int(s.response.part), _round(s.response.pct),
                               int(s.resolution.whole), int(s.resolution.part), _round(s.resolution.pct))
                              for s in self.sla_by_priority)),
            counts("aging", "Open backlog by age", "Age", self.aging),
        ]

    def kpi_rows(self) -> list[tuple[str, Any, Any]]:
        def pct(r: Rate) -> tuple[Any, Any]:
            return _round(r.pct), int(r.whole)

        return [
            ("Incidents logged", self.total, None),
            ("Open backlog now", self.backlog, None),
            ("MTTA mean (minutes)", _round(self.mtta.mean_minutes), self.mtta.count),
            ("MTTA median (minutes)", _round(self.mtta.median_minutes), self.mtta.count),
            ("MTTR mean (minutes)", _round(self.mttr.mean_minutes), self.mttr.count),
            ("MTTR median (minutes)", _round(self.mttr.median_minutes), self.mttr.count),
            ("Response SLA met %", *pct(self.sla_response)),
            ("Resolution SLA met %", *pct(self.sla_resolution)),
            ("Reopen rate %", *pct(self.reopen_rate)),
            ("First-contact resolution %", *pct(self.fcr_rate)),
            ("Escalation rate %", *pct(self.escalation_rate)),
            ("Hold time share %", _round(self.hold_share.pct), None),
            ("Updates on time %", *pct(self.updates_on_time)),
        ]


def _round(v: float | None, digits: int = 1) -> float | None:
    return None if v is None else round(v, digits)


def _stat(key: Any, label: str, values: list[float]) -> DurationStat:
    if not values:
        return DurationStat(key, label, 0, None, None)
    return DurationStat(key, label, len(values), statistics.fmean(values), statistics.median(values))


def _priority_label(value: int) -> str:
    return f"P{value}"


def _source_label(value: str) -> str:
    try:
        return Source(value).label
    except ValueError:
        return value


def period_starts(start: datetime, end: datetime, unit: str) -> list[date]:
    """Every period start from the one containing `start` up to `end` (UTC), so empty periods show as 0."""
    day = start.date()
    if unit == "week":
        day -= timedelta(days=day.weekday())
    elif unit == "month":
        day = day.replace(day=1)
    out = []
    last = (end - timedelta(microseconds=1)).date()
    while day <= last:
        out.append(day)
        if unit == "day":
            day += timedelta(days=1)
        elif unit == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


class MetricsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def check_scope(self, q: MetricsQuery) -> None:
        """Agents and team leads see the dashboard of their own groups; managers and admins see every group's."""
        own = self.own_groups()
        if own is not None and (not q.group_ids or not set(q.group_ids) <= set(own)):
            raise PermissionDenied(reason(Permission.SEE_ALL_DASHBOARDS) + " Choose your own group in the filter.")

    def own_groups(self) -> tuple[int, ...] | None:
        """The groups this user's dashboard is limited to; None when they see every group."""
        with self.ctx.db.uow() as uow:
            if access.may(uow, self.ctx, Permission.SEE_ALL_DASHBOARDS):
                return None
            return tuple(uow.people.group_ids_of(self.ctx.user_id)) if self.ctx.user_id is not None else ()

    def dashboard(self, q: MetricsQuery) -> DashboardMetrics:
        q.validate()
        self.check_scope(q)
        now = self.ctx.clock.now()
        s = q.scope()
        unit = q.period_unit
        with self.ctx.db.uow() as uow:
            db = uow.session
            by_period = dict(report_queries.volume_by(db, s, "period", unit))
            dims = {d: report_queries.volume_by(db, s, d)
                    for d in ("priority", "source", "group", "service", "category")}
            rates = report_queries.rates_by_priority(db, s, now)
            durations = report_queries.durations(db, s)
            names = report_queries.names(db)
            aging = report_queries.aging(db, s, now)
            held = report_queries.held_minutes(db, s, now)
            measured, on_time = report_queries.update_timeliness(db, s)
        groups = names.groups

        def ranked(counts: dict[Any, int], label: Any) -> tuple[Count, ...]:
            return tuple(sorted((Count(k, label(k), n) for k, n in counts.items()), key=lambda c: (-c.count, c.label)))

        def category_path(cid: int | None) -> str:
            name, parent = names.categories.get(cid, ("", None)) if cid is not None else ("", None)
            if parent is not None and parent in names.categories:
                return f"{names.categories[parent][0]} / {name}"
            return name or "(uncategorised)"

        top_level: dict[Any, int] = defaultdict(int)
        for cid, n in dims["category"]:
            parent = names.categories.get(cid, ("", None))[1] if cid is not None else None
            top_level[parent if parent is not None else cid] += n

        volume_by_period = tuple(
            Count(d.isoformat(), d.isoformat(), by_period.get(d.isoformat(), 0))
            for d in period_starts(q.start, q.end, unit)
        )
        by_priority = tuple(Count(int(k), _priority_label(int(k)), n) for k, n in sorted(dims["priority"]))
        by_source = ranked(dict(dims["source"]), lambda k: _source_label(k) if k else "(none)")
        by_group = ranked(dict(dims["group"]), lambda k: groups.get(k, "(no group)"))
        by_service = ranked(dict(dims["service"]), lambda k: names.services.get(k, "(no service)"))
        by_category = ranked(top_level, lambda k: names.categories.get(k, ("(uncategorised)",))[0])
        # The top lists name real categories and services; the unclassified rest is in the volume tables.
        top_categories = ranked({k: n for k, n in dims["category"] if k is not None}, category_path)[:TOP_N]

        ack_p: dict[int, list[float]] = defaultdict(list)
        res_p: dict[int, list[float]] = defaultdict(list)
        ack_g: dict[int | None, list[float]] = defaultdict(list)
        res_g: dict[int | None, list[float]] = defaultdict(list)
        ack_all: list[float] = []
        res_all: list[float] = []
        for prio, gid, ack, res in durations:
            if ack is not None:
                ack_p[prio].append(ack)
                ack_g[gid].append(ack)
                ack_all.append(ack)
            if res is not None:
                res_p[prio].append(res)
                res_g[gid].append(res)
                res_all.append(res)

        def by_prio(d: dict[int, list[float]]) -> tuple[DurationStat, ...]:
            return tuple(_stat(p, _priority_label(p), d[p]) for p in sorted(d))

        def by_grp(d: dict[int | None, list[float]]) -> tuple[DurationStat, ...]:
            stats = [_stat(g, groups.get(g, "(no group)") if g is not None else "(no group)", v) for g, v in d.items()]
            return tuple(sorted(stats, key=lambda x: x.label))

        totals = [sum(r[i] for r in rates) for i in range(1, 12)]
        (n_all, resp_m, resp_ok, res_m, res_ok, resolved, reopened, fcr, live, escalated, life) = totals
        sla = tuple(SlaStat(int(r[0]), Rate(r[3], r[2]), Rate(r[5], r[4])) for r in sorted(rates))
        aging_counts = tuple(Count(label, label, aging.get(label, 0)) for label, _lo, _hi in AGING_BUCKETS)
        return DashboardMetrics(
            query=q, computed_at=now, period_unit=unit, total=n_all,
            volume_by_period=volume_by_period, volume_by_category=by_category, volume_by_service=by_service,
            volume_by_priority=by_priority, volume_by_group=by_group, volume_by_source=by_source,
            top_categories=top_categories, top_services=tuple(c for c in by_service if c.key is not None)[:TOP_N],
            mtta=_stat(None, "All", ack_all), mttr=_stat(None, "All", res_all),
            mtta_by_priority=by_prio(ack_p), mttr_by_priority=by_prio(res_p),
            mtta_by_group=by_grp(ack_g), mttr_by_group=by_grp(res_g),
            sla_by_priority=sla, sla_response=Rate(resp_ok, resp_m), sla_resolution=Rate(res_ok, res_m),
            reopen_rate=Rate(reopened, resolved), fcr_rate=Rate(fcr, resolved), escalation_rate=Rate(escalated, live),
            hold_share=Rate(held, life), updates_on_time=Rate(on_time, measured),
            aging=aging_counts, backlog=sum(c.count for c in aging_counts),
        )

    def drilldown(self, q: MetricsQuery, dimension: str, key: Any) -> QueueFilter:
        """The queue filter for one bar: exactly the incidents counted in it."""
        with self.ctx.db.uow() as uow:
            ids = report_queries.drilldown_ids(uow.session, q.scope(), self.ctx.clock.now(), dimension, key,
                                               q.period_unit)
        return QueueFilter(incident_ids=tuple(ids))

