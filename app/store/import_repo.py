"""Queries of the CSV importer: mapping profiles, and name -> id look-ups of the reference data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select

from app.store.repositories import Repository
from app.store.sequences import advance_identity
from app.store.tables import Category, Escalation, Group, ImportProfile, Incident, Person, Service


class ImportRepository(Repository):
    # -- mapping profiles -------------------------------------------------------------------------

    def profile_names(self) -> list[str]:
        return list(self.session.scalars(select(ImportProfile.name).order_by(ImportProfile.name)))

    def profile(self, name: str) -> dict | None:
        row = self.session.scalar(select(ImportProfile).where(ImportProfile.name == name))
        return None if row is None else dict(row.mapping)

    def put_profile(self, name: str, mapping: dict) -> bool:
        """Insert or replace; returns whether a profile of that name existed."""
        row = self.session.scalar(select(ImportProfile).where(ImportProfile.name == name))
        if row is None:
            self.session.add(ImportProfile(name=name, mapping=mapping))
            return False
        row.mapping = mapping
        return True

    def delete_profile(self, name: str) -> bool:
        return bool(self.session.execute(delete(ImportProfile).where(ImportProfile.name == name)).rowcount)

    # -- fast path ------------------------------------------------------------------------------

    def insert_rows(self, table: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        """executemany of whole rows (every dict has the same keys), a few times faster than Core on SQLite.

        Bind processors run once per column with a cache: imported histories repeat timestamps and names a
        lot. `None` stays SQL NULL (also for JSON columns). Other drivers take the ordinary Core path.
        """
        if not rows:
            return
        conn = self.session.connection()
        dialect = conn.dialect
        if dialect.paramstyle != "qmark":
            conn.execute(insert(table.__table__), list(rows))
            if "id" in rows[0]:
                advance_identity(conn, [table])
            return
        cols = table.__table__.columns
        names = list(rows[0].keys())
        columns: list[list[Any]] = []
        for name in names:
            values = [r[name] for r in rows]
            proc = cols[name].type.bind_processor(dialect)
            if proc is not None:
                cache: dict[Any, Any] = {}
                out: list[Any] = []
                for v in values:
                    if v is None:
                        out.append(None)
                        continue
                    try:
                        hit = cache[v]
                    except KeyError:
                        hit = cache[v] = proc(v)
                    except TypeError:  # unhashable (JSON payloads)
                        hit = proc(v)
                    out.append(hit)
                values = out
            columns.append(values)
        quote = dialect.identifier_preparer.quote
        sql = (f"INSERT INTO {quote(table.__tablename__)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES ({', '.join('?' for _ in names)})")
        conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))

    # -- look-ups for matching and creating reference rows ---------------------------------------

    def existing_refs(self) -> set[str]:
        return set(self.session.scalars(select(Incident.external_ref).where(Incident.external_ref.is_not(None))))

    def groups(self) -> dict[str, tuple[int, int]]:
        """name -> (id, tier)."""
        return {n: (i, t) for i, n, t in self.session.execute(select(Group.id, Group.name, Group.tier))}

    def people(self, kind: str) -> dict[str, int]:
        rows = self.session.execute(select(Person.name, func.min(Person.id)).where(Person.kind == kind)
                                    .group_by(Person.name))
        return {n: i for n, i in rows}

    def categories(self) -> dict[tuple[int | None, str], int]:
        return {(p, n): i for i, n, p in self.session.execute(select(Category.id, Category.name, Category.parent_id))}

    def services(self) -> dict[str, int]:
        return {n: i for i, n in self.session.execute(select(Service.id, Service.name))}

    def outcome_counts(self) -> dict[str, int]:
        """Totals over imported incidents (those with an external number), for summaries and checks."""
        imported = Incident.external_ref.is_not(None)
        one = self.session.execute(select(
            func.count(Incident.id),
            func.count(Incident.id).filter(Incident.status == "closed"),
            func.count(Incident.id).filter(Incident.resolution_breached),
            func.count(Incident.id).filter(Incident.reopen_count > 0),
        ).where(imported)).one()
        escalated = self.session.scalar(
            select(func.count(func.distinct(Escalation.incident_id)))
            .join(Incident, Incident.id == Escalation.incident_id)
            .where(imported, Escalation.kind == "functional")
        )
        return {"incidents": one[0], "closed": one[1], "breached": one[2], "reopened": one[3],
                "escalated": int(escalated or 0)}
