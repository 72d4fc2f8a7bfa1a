"""Queue, views, bulk actions, detail pane and live refresh, driven offscreen through the widgets' API."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from app.domain.enums import Status
from app.domain.queue_filter import QueueFilter
from app.services.bulk import BulkOp, BulkOutcome, BulkRequest
from app.ui.dialogs.bulk_action_dialog import BulkActionDialog
from app.ui.dialogs.bulk_result_dialog import BulkResultDialog
from app.ui.main_window import MainWindow
from app.ui.models.incident_columns import Column
from app.ui.models.incident_table_model import IncidentTableModel
from app.ui.panels.views_panel import ViewsPanel


def choose(qtbot, window, key: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        assert window.views.choose_key(key)


@pytest.fixture
def window(qtbot, services):  # type: ignore[no-untyped-def]
    QSettings().clear()
    services.demo.generate(150, seed=5)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    choose(qtbot, w, "all")
    yield w
    w.queue.watcher.stop()
    w.runner.wait_idle()


def test_every_model_passes_modeltester(qtmodeltester, qtbot, window) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    qtmodeltester.check(model)
    model.sort(Column.SLA, Qt.SortOrder.AscendingOrder)
    model.set_status_filter({"in_progress"})
    qtmodeltester.check(model)
    model.set_status_filter(None)
    window.queue.table.selectRow(0)
    timeline = window.detail.tab_widgets[1]
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0, timeout=10_000)
    qtmodeltester.check(timeline.model)
    qtmodeltester.check(IncidentTableModel())


def test_view_switching_loads_each_views_rows(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    counts = services.queue.builtin_counts()
    for key in ("on_hold", "unassigned", "all_open"):
        choose(qtbot, window, key)
        assert window.queue.model.rowCount() == counts[key]
    choose(qtbot, window, "on_hold")
    assert {window.queue.model.row_at(r).status for r in range(window.queue.model.rowCount())} <= {"on_hold"}


def test_counts_in_side_list(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    window.views.refresh_counts()
    expected = services.queue.builtin_counts()["all"]
    qtbot.waitUntil(lambda: f"({expected:,})" in window.views.list.item(
        [v.key for v in window.views.views()].index("all")).text(), timeout=10_000)


def test_search_narrows_in_model(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    total = model.rowCount()
    expected = services.queue.search_ids("printer")
    assert expected
    with qtbot.waitSignal(window.queue.queue_loaded, timeout=10_000):
        window.queue.search.setText("printer")
    assert 0 < model.rowCount() < total
    assert set(model.ids()) == set(expected)
    with qtbot.waitSignal(window.queue.queue_loaded, timeout=10_000):
        window.queue.search.clear()
    assert model.rowCount() == total


def test_search_finds_a_number_by_its_digits(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    target = model.row_at(5)
    digits = str(int(target.number[3:]))
    with qtbot.waitSignal(window.queue.queue_loaded, timeout=10_000):
        window.queue.search.setText(digits)
    assert target.id in model.ids()


def test_status_box_filters_and_keeps_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    r = next(i for i in range(model.rowCount()) if model.row_at(i).status == "in_progress")
    chosen = model.row_at(r).id
    window.queue.table.selectRow(r)
    window.queue.status_box.setCurrentIndex(window.queue.status_box.findData("in_progress"))
    assert {model.row_at(i).status for i in range(model.rowCount())} == {"in_progress"}
    assert window.queue.selected_ids() == [chosen]


def test_header_click_sorts_and_indicator_matches(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    header = window.queue.table.horizontalHeader()
    model = window.queue.model
    header.setSortIndicator(Column.PRIORITY, Qt.SortOrder.AscendingOrder)
    prios = [model.row_at(i).priority for i in range(model.rowCount())]
    assert prios == sorted(prios)
    assert model.sort_state == (Column.PRIORITY, Qt.SortOrder.AscendingOrder)
    header.setSortIndicator(Column.SLA, Qt.SortOrder.AscendingOrder)
    dues = [model.row_at(i).resolution_due for i in range(model.rowCount())]
    present = [d for d in dues if d is not None]
    assert present == sorted(present)
    assert dues[len(present):] == [None] * (len(dues) - len(present))  # no SLA sorts last
    header.setSortIndicator(Column.AGE, Qt.SortOrder.AscendingOrder)
    logged = [model.row_at(i).logged for i in range(model.rowCount())]
    assert logged == sorted(logged, reverse=True)  # youngest first


def test_layout_and_sort_are_kept_per_view(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    header = window.queue.table.horizontalHeader()
    window.queue.set_column_visible(Column.ASSIGNEE, False)
    header.setSortIndicator(Column.TITLE, Qt.SortOrder.AscendingOrder)
    choose(qtbot, window, "all_open")
    assert not header.isSectionHidden(Column.ASSIGNEE)
    assert window.queue.model.sort_state[0] == Column.NUMBER
    choose(qtbot, window, "all")
    assert header.isSectionHidden(Column.ASSIGNEE)
    assert window.queue.model.sort_state == (Column.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [window.queue.model.row_at(i).title.casefold() for i in range(window.queue.model.rowCount())]
    assert titles == sorted(titles)


def test_save_own_view_and_choose_it(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ViewsPanel, "ask_name", staticmethod(lambda parent, suggestion: "Held P-all"))
    window.queue.status_box.setCurrentIndex(window.queue.status_box.findData("on_hold"))
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.views.save_current_as(window.queue.effective_filter())
    saved = services.saved_views.list()
    assert [v.name for v in saved] == ["Held P-all"]
    assert window.views.current_view().key == saved[0].key
    window.queue.status_box.setCurrentIndex(0)
    assert {window.queue.model.row_at(i).status for i in range(window.queue.model.rowCount())} == {"on_hold"}


def test_bulk_assign_with_one_refusal(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    open_rows = [model.row_at(i) for i in range(model.rowCount()) if Status(model.row_at(i).status).is_open][:2]
    closed = next(model.row_at(i) for i in range(model.rowCount()) if model.row_at(i).status == "closed")
    group = next(g for g in services.directory.groups() if g.tier == 2)
    asked: list[int] = []

    def ask(parent, candidates, groups, members, op=None):  # type: ignore[no-untyped-def]
        asked.append(len(candidates))
        return BulkRequest(BulkOp.ASSIGN, group_id=group.id)

    shown: list[BulkOutcome] = []
    monkeypatch.setattr(BulkActionDialog, "ask", classmethod(lambda cls, *a, **k: ask(*a, **k)))
    monkeypatch.setattr(BulkResultDialog, "show_outcome", classmethod(lambda cls, parent, o: shown.append(o)))
    window.queue.select_ids([r.id for r in open_rows] + [closed.id])
    assert len(window.queue.selected_ids()) == 3
    with qtbot.waitSignal(window.bulk.finished, timeout=10_000):
        window.actions[__import__("app.ui.actions", fromlist=["ActionId"]).ActionId.BULK_ASSIGN].trigger()
    assert asked == [3]
    assert len(shown) == 1
    outcome = shown[0]
    assert set(outcome.done) == {r.id for r in open_rows}
    assert [r.number for r in outcome.refused] == [closed.number]
    assert "Closed" in outcome.refused[0].reason and "cannot be reassigned" in outcome.refused[0].reason
    qtbot.waitUntil(lambda: all(model.row_at(model.row_of(r.id)).group_id == group.id for r in open_rows),
                    timeout=10_000)
    assert services.incidents.get(closed.id).group != group.id


def test_bulk_dialog_predicts_refusals(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from app.services.bulk import Candidate

    dlg = BulkActionDialog([Candidate(1, "INC1", "in_progress"), Candidate(2, "INC2", "closed")], [], {},
                           BulkOp.RESUME)
    qtbot.addWidget(dlg)
    assert dlg.refusals.count() == 2  # neither is on hold
    ok = dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and ok.toolTip()
    dlg.action.setCurrentIndex(dlg.action.findData(BulkOp.HOLD.value))
    assert dlg.refusals.count() == 1 and "INC2" in dlg.refusals.item(0).text()
    assert ok.isEnabled()


def test_detail_pane_timeline_filters_by_kind(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    r = next(i for i in range(model.rowCount()) if model.row_at(i).status == "closed")
    row = model.row_at(r)
    window.queue.table.selectRow(r)
    assert window.detail.heading.text().startswith(row.number)
    timeline = window.detail.tab_widgets[1]
    qtbot.waitUntil(lambda: timeline.model.rowCount() >= 3, timeout=10_000)
    kinds = {timeline.model.index(i, 2).data() for i in range(timeline.model.rowCount())}
    assert "created" in kinds and "closed" in kinds
    timeline.kind.setCurrentIndex(timeline.kind.findData("closed"))
    assert timeline.model.rowCount() >= 1
    assert {timeline.model.index(i, 2).data() for i in range(timeline.model.rowCount())} == {"closed"}
    overview = window.detail.tab_widgets[0]
    qtbot.waitUntil(lambda: overview.labels["status"].text() == "Closed", timeout=10_000)


def test_live_refresh_from_a_second_process(qtbot, window, services, db_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from app.services.app import open_services

    model = window.queue.model
    target = model.row_at(3)
    window.queue.table.selectRow(3)
    other = open_services(db_path, db_path.parent / "backups2", clock=clock, login="someone-else", seed=False)
    try:
        other.incidents.update_fields(target.id, title="Changed by another instance")
        created = other.incidents.log(__import__("app.services.incidents", fromlist=["LogRequest"]).LogRequest(
            title="Logged elsewhere", source="phone"))
    finally:
        other.close()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    qtbot.waitUntil(lambda: model.row_of(created.value.id) is not None and
                    model.row_at(model.row_of(target.id)).title == "Changed by another instance", timeout=5_000)
    assert not resets  # rows changed in place, no full reload
    assert window.queue.selected_ids() == [target.id]
    qtbot.waitUntil(lambda: window.detail.heading.text().endswith("Changed by another instance"), timeout=5_000)


def test_local_change_updates_only_its_row(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    model = window.queue.model
    row = next(model.row_at(i) for i in range(model.rowCount()) if model.row_at(i).status == "in_progress")
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged, timeout=10_000):
        window.runner.mutate(lambda: services.incidents.update_fields(row.id, title="Renamed here"))
    assert model.row_at(model.row_of(row.id)).title == "Renamed here"
    assert not resets


def test_filter_of_view_applies_in_sql(services) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(40, seed=2)
    rows = services.queue.rows(QueueFilter(statuses=("on_hold",)))
    assert rows and all(r.status == "on_hold" and r.sla_paused is not None for r in rows)


def test_next_update_column_marks_overdue_updates(qtbot, services, clock) -> None:  # type: ignore[no-untyped-def]
    from app.domain.enums import Source
    from app.services.incidents import LogRequest
    from app.ui.models.incident_columns import Column
    from app.ui.models.incident_table_model import IncidentTableModel

    d = services.incidents.log(LogRequest(title="Printer down", source=Source.PHONE, impact=2, urgency=2)).value
    model = IncidentTableModel(now=clock.now)
    model.set_rows(services.queue.rows_by_id([d.id]))
    cell = model.index(0, Column.NEXT_UPDATE)
    assert not cell.data().startswith("overdue") and cell.data(0x0000 + 6) is None  # FontRole
    clock.advance(hours=5)  # impact 2 x urgency 2 is P3: updates are due every 4 hours
    assert cell.data() == "overdue 1h 0m"
    assert cell.data(6).bold()
