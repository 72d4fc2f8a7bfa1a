"""Review figures on the big store: Reviews-due count, the action-item overview, open/save of a review."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from tests.benchmarks.run import emit, median_of


def bench_reviews(db_path: Path, folder: Path) -> None:
    from app.domain.queue_filter import BUILTIN_VIEWS
    from app.domain.review import ActionKind
    from app.services.app import open_services
    from app.services.review_dto import ActionItemInput

    copy = folder / "reviews.sqlite3"
    shutil.copy(db_path, copy)  # the shared store stays as other benches expect it
    services = open_services(copy, folder / "backups-reviews", login="bench")
    try:
        due = next(v for v in BUILTIN_VIEWS if v.key == "reviews_due").filter
        emit("reviews_due_count", median_of(lambda: services.queue.count(due)) * 1000, "ms")
        rows = services.queue.rows(due, limit=300)
        staff = services.directory.staff()
        today = services.ctx.clock.now().date()
        for n, row in enumerate(rows):
            r = services.reviews.start(row.id).value
            for k in range(3):
                services.reviews.add_item(r.id, ActionItemInput(
                    f"Item {k}", list(ActionKind)[k], staff[(n + k) % len(staff)].id, today + timedelta(days=k - 1)))
        emit("reviews_due_count_after_300_reviews", median_of(lambda: services.queue.count(due)) * 1000, "ms")
        emit("action_items_overview_900", median_of(services.reviews.action_items) * 1000, "ms")
        emit("action_items_overdue_900", median_of(lambda: services.reviews.action_items(overdue_only=True)) * 1000,
             "ms")
        if rows:
            iid = rows[0].id
            emit("review_open", median_of(lambda: services.reviews.get(iid)) * 1000, "ms")
            current = services.reviews.get(iid)
            assert current is not None
            state = {"row": current, "n": 0}

            def save() -> None:
                state["n"] += 1  # type: ignore[operator]
                row = state["row"]
                state["row"] = services.reviews.save_draft(
                    row.id, replace(row.content, summary=f"draft {state['n']}"), row.version).value  # type: ignore[union-attr]

            emit("review_autosave_changed", median_of(save) * 1000, "ms")
            row = state["row"]
            emit("review_autosave_unchanged",
                 median_of(lambda: services.reviews.save_draft(row.id, row.content, row.version)) * 1000, "ms")  # type: ignore[union-attr]
    finally:
        services.close()
