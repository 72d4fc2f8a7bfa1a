"""Main window offscreen: queue loads through the runner, views switch, detail shows the timeline."""

from __future__ import annotations

import pytest

from app.domain.enums import Source
from app.services.incidents import LogRequest
from app.ui.main_window import MainWindow
from app.ui.models.event_table_model import EventTableModel
from app.ui.models.incident_table_model import IncidentTableModel


@pytest.fixture
def window(qtbot, services):  # type: ignore[no-untyped-def]
    services.demo.generate(120, seed=3)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    yield w
    w.runner.wait_idle()


def test_models_pass_modeltester(qtmodeltester, window) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.queue.model)
    m = EventTableModel()
    qtmodeltester.check(m)


def test_empty_incident_model_passes_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(IncidentTableModel())


def test_view_switch_changes_rows(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    counts = services.queue.builtin_counts()
    keys = [window.views.list.item(i).data(0x0100).key for i in range(window.views.list.count())]
    row = keys.index("all")
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.views.choose(row)
    assert window.queue.model.rowCount() == counts["all"] == 120
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.views.choose(keys.index("on_hold"))
    assert window.queue.model.rowCount() == counts["on_hold"]
    assert all(window.queue.model.row_at(r).status == "on_hold" for r in range(window.queue.model.rowCount()))


def test_new_incident_appears_without_reload_and_detail_timeline(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    keys = [window.views.list.item(i).data(0x0100).key for i in range(window.views.list.count())]
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.views.choose(keys.index("all"))
    before = window.queue.model.rowCount()
    with qtbot.waitSignal(window.queue.model.rowsInserted, timeout=10_000):
        window.runner.mutate(lambda: services.incidents.log(LogRequest(title="Live row", source=Source.EMAIL)))
    assert window.queue.model.rowCount() == before + 1
    r = window.queue.model.row_of(max(window.queue.model.ids()))
    assert window.queue.model.row_at(r).title == "Live row"
    window.queue.table.selectRow(r)
    timeline = window.detail.tab_widgets[1]
    qtbot.waitUntil(lambda: timeline.model.rowCount() >= 2, timeout=10_000)
    kinds = {timeline.model.index(i, 2).data() for i in range(timeline.model.rowCount())}
    assert "created" in kinds


def test_sort_in_model_keeps_selection(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from app.ui.models.incident_columns import Column

    keys = [window.views.list.item(i).data(0x0100).key for i in range(window.views.list.count())]
    with qtbot.waitSignal(window.queue_loaded, timeout=10_000):
        window.views.choose(keys.index("all"))
    model = window.queue.model
    window.queue.table.selectRow(0)
    chosen = model.row_at(0).id
    model.sort(Column.PRIORITY, Qt.SortOrder.AscendingOrder)
    prios = [model.row_at(i).priority for i in range(model.rowCount())]
    assert prios == sorted(prios)
    assert window.queue.selected_ids() == [chosen]
