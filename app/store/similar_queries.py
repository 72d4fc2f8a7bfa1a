"""Duplicate suggestions: full-text matches among open and recently resolved incidents, best first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from app.store.queue_queries import PG_TS_CONFIG, IncidentSearch, SearchIndex
from app.store.tables import Incident

SIMILAR_COLUMNS = (
    Incident.id, Incident.number, Incident.title, Incident.status, Incident.priority, Incident.impact,
    Incident.urgency, Incident.category_id, Incident.service_id, Incident.resolution_code,
    Incident.resolution_notes, Incident.resolved_at, Incident.logged_at,
)
_FTS = table("incident_fts", column("rowid"))
# Column weights of incident_fts(number, title, description, reporter): agents type the title first.
_WEIGHTS = (1.0, 6.0, 1.5, 0.5)
# A match on an open incident counts this much more: that is the one a new report most likely duplicates.
OPEN_BOOST = 2.0
# Words that match nearly every incident only cost time and add noise to the ranking.
STOP_WORDS = frozenset(
    "a an and are as at be but by can for from has have i in is it its me my no not of on or our so that the "
    "their there this to was we were when with".split()
)


def suggestion_terms(text_: str) -> str:
    """FTS terms joined by OR, stop words dropped unless nothing else is left."""
    words = SearchIndex.fts_query(text_.replace('"', " ")).split(" ")
    kept = [w for w in words if w and w.strip('"*').casefold() not in STOP_WORDS]
    return " OR ".join(kept or [w for w in words if w])


def _wanted(open_statuses: Sequence[str], resolved_since: datetime) -> Any:
    return or_(Incident.status.in_(list(open_statuses)),
               and_(Incident.status.in_(["resolved", "closed"]), Incident.resolved_at >= resolved_since))


def similar_rows(session: Session, text_: str, open_statuses: Sequence[str], resolved_since: datetime,
                 limit: int = 10) -> list[tuple[Any, ...]]:
    """Rows of SIMILAR_COLUMNS plus a rank (lower is better); any typed word may match."""
    q = suggestion_terms(text_)
    if not q:
        return []
    if session.bind.dialect.name == "sqlite":  # type: ignore[union-attr]
        # The status filter runs inside the ranked scan so closed history never crowds out the
        # open incidents that a new report most likely duplicates.
        is_open = Incident.status.in_(list(open_statuses))
        bm25 = func.bm25(literal_column("incident_fts"), *_WEIGHTS)
        rank = (bm25 * case((is_open, OPEN_BOOST), else_=1.0)).label("rank")
        stmt = (
            select(*SIMILAR_COLUMNS, rank)
            .select_from(_FTS)
            .join(Incident, Incident.id == _FTS.c.rowid)
            .where(text("incident_fts MATCH :q").bindparams(q=q))
            .where(_wanted(open_statuses, resolved_since))
            .order_by(rank, Incident.id.desc())
            .limit(limit)
        )
        return [tuple(r) for r in session.execute(stmt)]
    if session.bind.dialect.name == "postgresql":  # type: ignore[union-attr]
        words = "".join(c if c.isalnum() else " " for c in text_).split()
        kept = [w for w in words if w.casefold() not in STOP_WORDS] or words
        query = func.to_tsquery(PG_TS_CONFIG, SearchIndex.ts_query(" ".join(kept), "|"))
        is_open = Incident.status.in_(list(open_statuses))
        # ts_rank is higher-is-better; negate it so callers sort the same way as with bm25.
        rank = (-func.ts_rank(IncidentSearch.c.doc, query) * case((is_open, OPEN_BOOST), else_=1.0)).label("rank")
        stmt = (
            select(*SIMILAR_COLUMNS, rank)
            .select_from(IncidentSearch)
            .join(Incident, Incident.id == IncidentSearch.c.incident_id)
            .where(IncidentSearch.c.doc.op("@@")(query))
            .where(_wanted(open_statuses, resolved_since))
            .order_by(rank, Incident.id.desc())
            .limit(limit)
        )
        return [tuple(r) for r in session.execute(stmt)]
    sub = SearchIndex(session).matching_ids(text_)
    if sub is None:
        return []
    stmt = (
        select(*SIMILAR_COLUMNS)
        .where(Incident.id.in_(sub), _wanted(open_statuses, resolved_since))
        .order_by(Incident.id.desc())
        .limit(limit)
    )
    return [(*tuple(r), 0.0) for r in session.execute(stmt)]
