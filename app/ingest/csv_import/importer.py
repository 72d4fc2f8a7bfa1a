"""The one importer: read -> group -> rebuild history -> write whole incidents in batches (or just report)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.ingest.csv_import.mapping import Mapping
from app.ingest.csv_import.reader import Issue, Severity, read, resolve
from app.ingest.csv_import.rebuild import Rebuilder, Rebuilt, group_rows
from app.ingest.csv_import.values import pretty_format
from app.ingest.csv_import.writer import BatchWriter, WriteCounts
from app.services.context import ServiceContext
from app.services.jobs import NO_CONTROL, Cancelled, JobControl

BATCH = 2_000


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    file: str
    profile: str
    dry_run: bool
    rows: int
    incidents: int
    already_present: int
    events: int
    escalations: int
    statuses: dict[str, int]
    breached: int
    reopened: int
    escalated: int
    created: dict[str, int]
    issues: tuple[Issue, ...]
    cancelled: bool = False
    rolled_back: bool = False
    seconds: float = 0.0
    encoding: str = ""
    delimiter: str = ""
    date_format: str = ""

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def lines(self, max_issues: int = 100) -> list[str]:
        verb = "Dry run of" if self.dry_run else "Imported"
        out = [f"{verb} {self.file} with profile '{self.profile}' in {self.seconds:.1f} s "
               f"(encoding {self.encoding}, delimiter {self.delimiter!r}, dates {self.date_format})"]
        if self.cancelled:
            out.append("  CANCELLED: " + ("everything was rolled back" if self.rolled_back else
                                          "the whole incidents written before the cancel were kept"))
        would = "incidents would be imported" if self.dry_run else "incidents imported"

        def add(label: str, value: str) -> None:
            out.append(f"  {label + ':':<29}{value}")

        add("rows read", f"{self.rows:,}")
        add(would, f"{self.incidents:,} (already present, skipped: {self.already_present:,})")
        add("audit events", f"{self.events:,}")
        add("functional escalations", f"{self.escalations:,} on {self.escalated:,} incidents")
        add("final status", ", ".join(f"{k} {v:,}" for k, v in sorted(self.statuses.items())) or "-")
        add("SLA breached", f"{self.breached:,}")
        add("reopened", f"{self.reopened:,}")
        if any(self.created.values()):
            add("created", ", ".join(f"{k} {v:,}" for k, v in self.created.items() if v))
        add("skipped rows (errors)", f"{len(self.errors):,}")
        add("warnings", f"{len(self.warnings):,}")
        shown = sorted(self.issues, key=lambda i: (i.severity is not Severity.ERROR, i.line))[:max_issues]
        for issue in shown:
            out.append(f"    {issue.severity.value}: {issue}")
        if len(self.issues) > len(shown):
            out.append(f"    … and {len(self.issues) - len(shown):,} more")
        return out


class Importer:
    """Runs one mapping over one file. Cancel keeps only whole incidents: batches commit whole incidents, or
    with `all_or_nothing` the single transaction rolls back."""

    def __init__(self, ctx: ServiceContext, mapping: Mapping, path: Path | str, batch_size: int = BATCH,
                 all_or_nothing: bool = False) -> None:
        self.ctx = ctx
        self.mapping = mapping
        self.path = Path(path)
        self.batch_size = max(1, batch_size)
        self.all_or_nothing = all_or_nothing

    def dry_run(self, control: JobControl = NO_CONTROL) -> ImportSummary:
        return self.run(control, dry_run=True)

    def run(self, control: JobControl = NO_CONTROL, dry_run: bool = False) -> ImportSummary:
        started = time.perf_counter()
        settings = resolve(self.path, self.mapping)
        control.report(0, 0, "Reading rows…")
        result = read(self.path, self.mapping, settings,
                      progress=lambda n: control.report(0, 0, f"Reading rows… {n:,}"))
        issues = result.issues
        with self.ctx.db.uow() as uow:
            existing = uow.imports.existing_refs()
        rebuilder = Rebuilder(self.mapping, self.ctx.settings().matrix, issues)
        groups = [g for g in group_rows(result.snapshots, self.mapping, issues)]
        fresh = [g for g in groups if g[0].ref not in existing]
        already = len(groups) - len(fresh)
        del result
        counts = WriteCounts()
        cancelled = False
        rolled_back = False
        total = len(fresh)
        if dry_run:
            self._dry(fresh, rebuilder, counts, control, total)
        else:
            try:
                counts = self._write(fresh, rebuilder, control, total)
            except _CancelledWith as stop:
                counts, cancelled, rolled_back = stop.counts, True, self.all_or_nothing
                if rolled_back:
                    counts = WriteCounts()
        return ImportSummary(
            file=self.path.name, profile=self.mapping.name or "(unsaved mapping)", dry_run=dry_run,
            rows=sum(len(g) for g in groups) + len([i for i in issues if i.severity is Severity.ERROR]),
            incidents=counts.incidents, already_present=already, events=counts.events,
            escalations=counts.escalations, statuses=dict(counts.statuses), breached=counts.breached,
            reopened=counts.reopened, escalated=counts.escalated, created=dict(counts.created),
            issues=tuple(sorted(issues, key=lambda i: i.line)), cancelled=cancelled, rolled_back=rolled_back,
            seconds=time.perf_counter() - started, encoding=settings.encoding, delimiter=settings.delimiter,
            date_format=pretty_format(settings.date_format) if settings.date_format else "?",
        )

    def _dry(self, groups: list[list[Any]], rebuilder: Rebuilder, counts: WriteCounts, control: JobControl,
             total: int) -> None:
        for n, rows in enumerate(groups, 1):
            r = rebuilder.rebuild(rows)
            if r is not None:
                counts.incidents += 1
                counts.events += len(r.events) + 1
                counts.escalations += len(r.reassignments)
                counts.escalated += bool(r.reassignments)
                st = r.fields["status"]
                counts.statuses[st] = counts.statuses.get(st, 0) + 1
                counts.reopened += r.fields["reopen_count"] > 0
                counts.breached += r.fields["sla_met"] is False
            if n % self.batch_size == 0:
                control.report(n, total, f"Checking incidents… {n:,} of {total:,}")

    def _write(self, groups: list[list[Any]], rebuilder: Rebuilder, control: JobControl, total: int) -> WriteCounts:
        now = self.ctx.clock.now()
        payload = {"file": self.path.name, "profile": self.mapping.name}
        with self.ctx.db.uow() as uow:
            me = uow.people.get(self.ctx.user_id) if self.ctx.user_id is not None else None
            actor = (me.id if me else None, me.name if me else "System")
            writer = BatchWriter(uow, self.ctx.settings(), now, actor, payload)
        done = 0
        uow = self.ctx.db.uow().__enter__() if self.all_or_nothing else None
        try:
            for start in range(0, total, self.batch_size):
                batch: list[Rebuilt] = []
                for rows in groups[start:start + self.batch_size]:
                    r = rebuilder.rebuild(rows)
                    if r is not None:
                        batch.append(r)
                try:
                    if uow is None:
                        with self.ctx.db.uow() as batch_uow:
                            writer.write(batch_uow, batch)
                            batch_uow.commit()
                    else:
                        writer.write(uow, batch)
                    done = min(total, start + self.batch_size)
                    control.report(done, total, f"Importing incidents… {done:,} of {total:,}")
                except Cancelled:
                    raise _CancelledWith(writer.counts) from None
            if uow is not None:
                uow.commit()
        finally:
            if uow is not None:
                uow.__exit__(None, None, None)
        return writer.counts


class _CancelledWith(Exception):
    def __init__(self, counts: WriteCounts) -> None:
        super().__init__("cancelled")
        self.counts = counts


@dataclass(frozen=True)
class PreviewRow:
    """One incident as it will be stored (first rows of the file), for the wizard's preview page."""

    line: int
    external_ref: str
    title: str
    status: str
    hold_reason: str | None
    priority: int
    impact: int
    urgency: int
    source: str
    category: str
    group: str | None
    assignee: str | None
    reporter: str | None
    logged_at: str
    resolved_at: str
    closed_at: str
    events: int
    escalations: int
    sla_met: bool | None
    rows: int = 1
    history: tuple[str, ...] = field(default=())


def preview(ctx: ServiceContext, mapping: Mapping, path: Path | str, max_rows: int = 400,
            max_incidents: int = 50) -> tuple[list[PreviewRow], list[Issue]]:
    """Rebuild the incidents of the first `max_rows` rows without writing (the last one may be partial)."""
    result = read(Path(path), mapping, limit=max_rows)
    issues = result.issues
    rebuilder = Rebuilder(mapping, ctx.settings().matrix, issues)
    out: list[PreviewRow] = []
    for rows in group_rows(result.snapshots, mapping, issues):
        r = rebuilder.rebuild(rows)
        if r is None:
            continue
        f = r.fields
        out.append(PreviewRow(
            line=r.first_line, external_ref=r.ref, title=f["title"], status=f["status"],
            hold_reason=f["hold_reason"], priority=f["priority"], impact=f["impact"], urgency=f["urgency"],
            source=f["source"], category=" / ".join(x for x in (f["category"], f["subcategory"]) if x),
            group=f["group"], assignee=f["assignee"], reporter=f["reporter"], logged_at=_iso(f["logged_at"]),
            resolved_at=_iso(f["resolved_at"]), closed_at=_iso(f["closed_at"]), events=len(r.events) + 1,
            escalations=len(r.reassignments), sla_met=f["sla_met"], rows=r.rows,
            history=tuple(f"{_iso(e.at)}  {e.actor}: {e.kind}"
                          + (f" {e.field} {e.old or '-'} -> {e.new or '-'}" if e.field else "") for e in r.events),
        ))
        if len(out) >= max_incidents:
            break
    return out, sorted(issues, key=lambda i: i.line)


def _iso(value: Any) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M")
