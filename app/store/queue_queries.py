"""Read side of the queue: one SQL query per view, filtered, searched and counted in the database."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import repeat
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    String,
    cast,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session

from app.domain.queue_filter import QueueFilter, SlaFilter
from app.store.tables import Category, Group, GroupMember, Incident, Person, Review, Service

# Names are not joined in: the queue resolves category/service/group/person ids through small lookup
# tables, which keeps 100k rows from carrying 400k duplicate name strings.
QUEUE_FIELDS = (
    "id", "number", "priority", "title", "status", "category_id", "service_id", "group_id", "assignee_id",
    "resolution_due_at", "resolution_warn_at", "sla_paused_at", "resolution_breached", "next_update_due_at",
    "logged_at", "updated_at", "is_major", "version",
)
STAMP_FIELDS = frozenset({"resolution_due_at", "resolution_warn_at", "sla_paused_at", "next_update_due_at",
                          "logged_at", "updated_at"})


def _dialect(session: Session) -> str:
    return session.bind.dialect.name  # type: ignore[union-attr]


def stamp(col: Any, dialect: str) -> ColumnElement[Any]:
    """UTC time as sortable ISO text: SQLite already stores it so; a server casts it.

    Rows stay text until a cell is painted, so loading 100k rows parses no dates at all.
    """
    if dialect == "sqlite":
        return type_coerce(col, String)
    if dialect == "postgresql":
        # The same fixed shape as SQLite's stored text (microseconds always present), so stamps compare as text.
        return type_coerce(func.to_char(col, "YYYY-MM-DD HH24:MI:SS.US"), String)
    return cast(col, String)


def queue_select(dialect: str) -> Select[Any]:
    cols = [stamp(getattr(Incident, f), dialect) if f in STAMP_FIELDS else getattr(Incident, f)
            for f in QUEUE_FIELDS]
    return select(*cols)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building 100k row tuples triggers dozens of useless cyclic-GC passes; none can be garbage."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def fetch_raw(session: Session, stmt: Select[Any], row_type: type[tuple] | None = None) -> list[Any]:  # type: ignore[type-arg]
    """Plain DB-API tuples straight from the cursor (SQLAlchemy binds the parameters, then steps aside).

    `row_type` (a tuple subclass such as a NamedTuple) is built directly from the cursor's tuples in C,
    so no second list of 100k rows exists even for a moment. Only columns without result processing
    may be selected here (text stamps, ints, strings).
    """
    result = session.connection().execute(stmt)
    try:
        with _gc_paused():
            if row_type is None:
                return result.cursor.fetchall()  # type: ignore[no-any-return]
            return list(map(tuple.__new__, repeat(row_type), result.cursor))
    finally:
        result.close()


# PostgreSQL's search table (migration 0003_pg_search keeps it in step by trigger); not an ORM model because
# SQLite has no such table.
IncidentSearch = table("incident_search", column("incident_id", Integer), column("doc"))
PG_TS_CONFIG = literal_column("'simple'::regconfig")  # no stemming or stop words, like FTS5's unicode61


class SearchIndex:
    """Full-text search behind one interface: FTS5 on SQLite, tsvector + GIN on PostgreSQL, LIKE elsewhere."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def fts_query(text_: str) -> str:
        """Words become prefix terms, quoted so user input cannot inject FTS syntax."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in text_).split() if w]
        return " ".join(f'"{w}"*' for w in words)

    @staticmethod
    def ts_query(text_: str, joiner: str) -> str:
        """PostgreSQL's form of fts_query: prefix terms ('word:*') joined by & or |; only letters and
        digits survive, so user input cannot inject tsquery syntax."""
        words = [w for w in "".join(c if c.isalnum() else " " for c in text_).split() if w]
        return f" {joiner} ".join(f"{w.lower()}:*" for w in words)

    @staticmethod
    def number_fragment(text_: str) -> str | None:
        """'1234', 'inc1234' or 'INC0001234' also find incidents by the digits of their number."""
        t = text_.strip().upper()
        digits = t[3:] if t.startswith("INC") else t
        return digits if digits.isdigit() else None

    def matching_ids(self, text_: str) -> Select[Any] | None:
        q = self.fts_query(text_)
        if not q:
            return None
        digits = self.number_fragment(text_)
        if _dialect(self.session) == "sqlite":
            fts = select(literal_column("rowid")).select_from(text("incident_fts")).where(
                text("incident_fts MATCH :q").bindparams(q=q)
            )
            if digits:
                return fts.union(select(Incident.id).where(Incident.number.like(f"%{digits}")))
            return fts
        if _dialect(self.session) == "postgresql":
            ts = select(IncidentSearch.c.incident_id).where(
                IncidentSearch.c.doc.op("@@")(func.to_tsquery(PG_TS_CONFIG, self.ts_query(text_, "&"))))
            if digits:
                return ts.union(select(Incident.id).where(Incident.number.like(f"%{digits}")))
            return ts
        like = f"%{text_.strip()}%"
        return select(Incident.id).outerjoin(Person, Person.id == Incident.reporter_id).where(
            or_(Incident.number.ilike(like), Incident.title.ilike(like), Incident.description.ilike(like),
                Person.name.ilike(like))
        )

    def ids(self, text_: str) -> frozenset[int] | None:
        """Every matching incident id (None for a blank search); only ints cross, so it is cheap."""
        sub = self.matching_ids(text_)
        if sub is None:
            return None
        return frozenset(r[0] for r in fetch_raw(self.session, sub))

    def ranked(self, text_: str, limit: int = 20) -> list[tuple[int, float]]:
        """Best matches first (bm25 on SQLite)."""
        q = self.fts_query(text_.replace('"', " "))
        if not q:
            return []
        if _dialect(self.session) == "sqlite":
            # Any word may match for suggestions; bm25 ranks the ones matching more words first.
            q_any = " OR ".join(q.split(" "))
            rows = self.session.execute(
                text("SELECT rowid, bm25(incident_fts, 2.0, 4.0, 1.0, 1.0) AS r FROM incident_fts "
                     "WHERE incident_fts MATCH :q ORDER BY r LIMIT :n"), {"q": q_any, "n": limit}
            ).all()
            return [(int(r[0]), float(r[1])) for r in rows]
        if _dialect(self.session) == "postgresql":
            # Any word may match; ts_rank (higher is better) is negated to sort like bm25 (lower is better).
            query = func.to_tsquery(PG_TS_CONFIG, self.ts_query(text_, "|"))
            rank = func.ts_rank(IncidentSearch.c.doc, query)
            rows = self.session.execute(
                select(IncidentSearch.c.incident_id, rank).where(IncidentSearch.c.doc.op("@@")(query))
                .order_by(rank.desc(), IncidentSearch.c.incident_id.desc()).limit(limit)
            ).all()
            return [(int(r[0]), -float(r[1])) for r in rows]
        sub = self.matching_ids(text_)
        assert sub is not None
        return [(int(i), 0.0) for i in self.session.scalars(sub.limit(limit))]


def apply_filter(q: Select[Any], f: QueueFilter, session: Session, now: datetime, user_id: int | None) -> Select[Any]:
    if f.statuses:
        q = q.where(Incident.status.in_(f.statuses))
    if f.priorities:
        q = q.where(Incident.priority.in_(f.priorities))
    if f.group_ids:
        q = q.where(Incident.group_id.in_(f.group_ids))
    if f.category_ids:
        q = q.where(Incident.category_id.in_(f.category_ids))
    if f.service_ids:
        q = q.where(Incident.service_id.in_(f.service_ids))
    if f.assignee_id is not None:
        q = q.where(Incident.assignee_id == f.assignee_id)
    if f.unassigned:
        q = q.where(Incident.assignee_id.is_(None))
    if f.major_only:
        q = q.where(Incident.is_major)
    if f.mine:
        q = q.where(Incident.assignee_id == (user_id if user_id is not None else -1))
    if f.my_groups:
        q = q.where(Incident.group_id.in_(select(GroupMember.group_id).where(GroupMember.person_id == user_id)))
    if f.sla is SlaFilter.BREACHED:
        q = q.where(or_(Incident.resolution_breached, Incident.resolution_due_at <= now))
    elif f.sla is SlaFilter.AT_RISK:
        q = q.where(Incident.resolution_warn_at <= now, Incident.resolution_due_at > now,
                    Incident.sla_paused_at.is_(None))
    if f.closed_within_days is not None:
        q = q.where(Incident.closed_at >= now - timedelta(days=f.closed_within_days))
    if f.update_overdue:
        q = q.where(Incident.next_update_due_at <= now)
    if f.review_due:
        # A cancelled incident (false alarm, duplicate) never needs a review.
        q = q.where(or_(Incident.is_major, Incident.priority == 1), Incident.status != "cancelled",
                    ~select(Review.id).where(Review.incident_id == Incident.id).exists())
    if f.incident_ids is not None:
        q = q.where(Incident.id.in_(f.incident_ids))
    if f.search:
        sub = SearchIndex(session).matching_ids(f.search)
        if sub is not None:
            q = q.where(Incident.id.in_(sub))
    return q


def queue_rows(session: Session, f: QueueFilter, now: datetime, user_id: int | None,
               limit: int | None = None, row_type: type[tuple] | None = None) -> list[Any]:  # type: ignore[type-arg]
    """Rows in QUEUE_FIELDS order, newest first (the queue's default sort, so the model need not sort)."""
    q = apply_filter(queue_select(_dialect(session)), f, session, now, user_id).order_by(Incident.id.desc())
    if limit is not None:
        q = q.limit(limit)
    return fetch_raw(session, q, row_type)


def queue_count(session: Session, f: QueueFilter, now: datetime, user_id: int | None) -> int:
    q = apply_filter(select(func.count(Incident.id)), f, session, now, user_id)
    return int(session.scalar(q) or 0)


def name_tables(session: Session) -> dict[str, dict[int, str]]:
    """Display names by id for the queue's lookup columns (categories as 'Parent / Child')."""
    cats = {c.id: (c.name, c.parent_id) for c in session.execute(select(Category.id, Category.name,
                                                                         Category.parent_id))}

    def path(cid: int) -> str:
        parts, seen, cur = [], set(), cid
        while cur is not None and cur in cats and cur not in seen:
            seen.add(cur)
            parts.append(cats[cur][0])
            cur = cats[cur][1]
        return " / ".join(reversed(parts))

    return {
        "category": {cid: path(cid) for cid in cats},
        "service": {k: v for k, v in session.execute(select(Service.id, Service.name))},
        "group": {k: v for k, v in session.execute(select(Group.id, Group.name))},
        "person": {k: v for k, v in session.execute(select(Person.id, Person.name).where(Person.kind == "staff"))},
    }


class DataVersionProbe:
    """SQLite's `PRAGMA data_version` on a connection of its own: it moves whenever another connection
    (another process included) commits, and costs nothing to ask. Other backends answer None."""

    def __init__(self, engine: Engine) -> None:
        self._conn = engine.raw_connection() if engine.dialect.name == "sqlite" else None

    def value(self) -> int | None:
        if self._conn is None:
            return None
        cur = self._conn.cursor()
        try:
            cur.execute("PRAGMA data_version")
            return int(cur.fetchone()[0])
        finally:
            cur.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def change_marker(session: Session) -> tuple[str | None, int]:
    """(newest updated_at, row count): two index lookups, cheap enough to poll every few seconds."""
    q = select(stamp(func.max(Incident.updated_at), _dialect(session)), func.count(Incident.id))
    row = fetch_raw(session, q)[0]
    return row[0], int(row[1])


def versions_updated_since(session: Session, since: str) -> list[tuple[int, int, str]]:
    """(id, version, updated_at) of incidents touched at or after `since` (an updated_at stamp)."""
    d = _dialect(session)
    if d == "sqlite":
        newer = stamp(Incident.updated_at, d) >= since
    else:  # compare as timestamps, so the server uses the index on updated_at
        newer = Incident.updated_at >= (datetime.fromisoformat(since) if since else datetime.min)
    q = select(Incident.id, Incident.version, stamp(Incident.updated_at, d)).where(newer)
    return [(int(a), int(b), str(c)) for a, b, c in fetch_raw(session, q)]
