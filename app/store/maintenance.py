"""Low-level store maintenance: integrity pragmas and schema version report."""

from __future__ import annotations

from sqlalchemy import text

from app.store.database import Database
from app.store.migrate import current_revision, head_revision


def database_check(db: Database) -> tuple[list[str], bool]:
    lines = [f"store: {db.location}"]
    ok = True
    rev, head = current_revision(db.engine), head_revision()
    lines.append(f"schema: {rev} (app expects {head})")
    if rev != head:
        ok = False
        lines.append("PROBLEM: schema is not at the app's version")
    if db.is_sqlite:
        with db.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
        if rows != ["ok"]:
            ok = False
            lines.append("PROBLEM: integrity_check: " + "; ".join(rows[:5]))
        else:
            lines.append("database pages: ok")
        if fk:
            ok = False
            lines.append(f"PROBLEM: {len(fk)} foreign key violations")
        else:
            lines.append("foreign keys: ok")
    return lines, ok
