"""Copy a whole store into another (a local SQLite file onto a team server): every table in foreign-key order,
ids kept, in one target transaction, counts verified, identity sequences advanced."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, update

from app.domain.errors import ValidationError
from app.store.database import Database
from app.store.sequences import advance_identity
from app.store.tables import Base, Incident

CHUNK = 5_000
# The counts the command reports and the issue promises to verify (all tables are compared all the same).
HEADLINE = ("incidents", "audit_events", "notes", "communications", "reviews")


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def equal(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class CopyReport:
    counts: tuple[TableCount, ...]

    @property
    def ok(self) -> bool:
        return all(c.equal for c in self.counts)

    def count(self, table: str) -> TableCount:
        return next(c for c in self.counts if c.table == table)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _self_refs(table: Table) -> list[str]:
    """Columns pointing at the same table (a manager, a parent): inserted empty, filled in afterwards,
    because a row may name one that comes later in id order."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _count(db: Database, table: Table) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def copy_store(source: Database, target: Database, progress: Callable[[str, int], None] | None = None
               ) -> CopyReport:
    """`target` must hold no incidents; whatever reference data it has (seed data from init-server) is
    replaced by the source's, so ids and history stay exactly as they were."""
    tables = _tables()
    with target.engine.connect() as conn:
        if conn.execute(select(func.count(Incident.id))).scalar():
            raise ValidationError(f"{target.location} already holds incidents; copy into an empty store.", "to")
    with source.engine.connect() as src, target.engine.begin() as dst:
        for table in reversed(tables):
            dst.execute(delete(table))
        for table in tables:
            refs = _self_refs(table)
            pk = list(table.primary_key.columns)
            result = src.execute(select(table).order_by(*pk), execution_options={"yield_per": CHUNK})
            later: list[dict[str, Any]] = []
            done = 0
            for part in result.partitions(CHUNK):
                rows = [dict(r._mapping) for r in part]
                if refs:
                    later.extend({"_id": r["id"], **{f"_{c}": r[c] for c in refs}} for r in rows
                                 if any(r[c] is not None for c in refs))
                    rows = [{**r, **dict.fromkeys(refs)} for r in rows]
                dst.execute(insert(table), rows)
                done += len(rows)
                if progress is not None:
                    progress(table.name, done)
            if later:
                stmt = update(table).where(table.c.id == bindparam("_id")).values(
                    {c: bindparam(f"_{c}") for c in refs})
                for i in range(0, len(later), CHUNK):
                    dst.execute(stmt, later[i:i + CHUNK])
        advance_identity(dst, tables)
    counts = tuple(TableCount(t.name, _count(source, t), _count(target, t)) for t in tables)
    return CopyReport(counts)
