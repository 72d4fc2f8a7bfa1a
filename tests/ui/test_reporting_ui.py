"""Dashboard and export dialog offscreen: loads, models pass the tester, a bar click filters the queue."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from app.domain.queue_filter import QueueFilter
from app.services.exports import ExportResult
from app.ui.dialogs.export_dialog import ExportDialog, queue_view_layout
from app.ui.main_window import MainWindow
from app.ui.models.metric_table_model import MetricTableModel
from app.ui.panels import dashboard_panel
from app.ui.panels.dashboard_panel import DashboardPanel
from app.ui.runner import Runner


@pytest.fixture
def panel(qtbot, services):  # type: ignore[no-untyped-def]
    services.demo.generate(300, seed=7, days=60)
    runner = Runner()
    p = DashboardPanel(services, runner)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.metrics_loaded, timeout=20_000):
        p.set_range(date(2026, 1, 1), date(2026, 3, 2))
    p.resize(1400, 1000)
    p.show()
    yield p
    runner.wait_idle()


def test_dashboard_loads_figures(panel, services, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    m = panel.metrics
    assert m is not None and m.total == 300
    assert panel.tiles["total"].value.text() == "300"
    assert panel.tiles["backlog"].value.text() == f"{m.backlog:,}"
    series = panel.aging_chart.chart.series()[0]
    assert [series.barSets()[0].at(i) for i in range(5)] == [c.count for c in m.aging]
    assert sum(panel.volume_chart.chart.series()[0].barSets()[0].at(i)
               for i in range(len(m.volume_by_period))) == 300
    for model in panel.table_models.values():
        qtmodeltester.check(model)
        assert model.rowCount() > 0
    qtmodeltester.check(MetricTableModel())


def test_bar_click_emits_queue_filter(qtbot, panel, services) -> None:  # type: ignore[no-untyped-def]
    m = panel.metrics
    bucket = max(range(5), key=lambda i: m.aging[i].count)
    barset = panel.aging_chart.chart.series()[0].barSets()[0]
    with qtbot.waitSignal(panel.queue_filter_requested, timeout=10_000) as sig:
        barset.clicked.emit(bucket)
    f = sig.args[0]
    assert isinstance(f, QueueFilter) and len(f.incident_ids) == m.aging[bucket].count > 0
    assert all(r.status in ("new", "assigned", "in_progress", "on_hold") for r in services.queue.rows(f))


def test_filters_and_exports(qtbot, panel, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.metrics_loaded, timeout=10_000) as sig:
        panel.priority.setCurrentIndex(panel.priority.findData(1))
    p1 = sig.args[0]
    assert p1.query.priorities == (1,) and p1.total == sum(c.count for c in panel.metrics.volume_by_priority) < 300
    answers = iter([tmp_path / "aging.csv", tmp_path / "dash.csv", tmp_path / "dash.pdf"])
    monkeypatch.setattr(dashboard_panel, "ask_save_path", lambda *a: next(answers))
    panel.aging_chart.csv_button.click()
    rows = list(csv.reader((tmp_path / "aging.csv").open(encoding="utf-8-sig", newline="")))
    assert rows[0] == ["Age", "Incidents"] and len(rows) == 6
    panel.csv_button.click()
    assert "Key figures" in (tmp_path / "dash.csv").read_text(encoding="utf-8-sig")
    panel.pdf_button.click()
    assert (tmp_path / "dash.pdf").read_bytes().startswith(b"%PDF")


def test_main_window_dashboard_and_export(qtbot, services, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(150, seed=8)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    w.show_dashboard()
    assert w.dashboard is not None and w.dashboard_dock.isVisible()
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.dashboard.queue_filter_requested.emit(QueueFilter(incident_ids=(1, 2, 3)))
    assert sorted(w.queue.model.ids()) == [1, 2, 3]
    names, sort_col, desc = queue_view_layout(w.queue)
    assert names[0] == "NUMBER" and sort_col == "NUMBER" and desc
    out = tmp_path / "view.csv"
    seen = {}

    def fake_ask(parent, name, f, cols, sort_col, desc, count, today, default_path=None):  # type: ignore[no-untyped-def]
        seen.update(name=name, filter=f, count=count)
        from app.services.exports import ExportRequest, columns_for_queue, sort_for_queue

        return ExportRequest(out, filter=f, columns=columns_for_queue(cols), sort=sort_for_queue(sort_col, desc))

    monkeypatch.setattr(ExportDialog, "ask", staticmethod(fake_ask))
    w.export_queue_view()
    with qtbot.waitSignal(w.export_job.finished, timeout=20_000) as sig:
        pass
    result = sig.args[0]
    assert isinstance(result, ExportResult) and result.rows == 3 == seen["count"]
    rows = list(csv.reader(out.open(encoding="utf-8-sig", newline="")))
    assert [r[0] for r in rows[1:]] == ["INC0000003", "INC0000002", "INC0000001"]
    w.runner.wait_idle()


def test_export_dialog_request(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dlg = ExportDialog("All open", 12, date(2026, 3, 2))
    qtbot.addWidget(dlg)
    f = QueueFilter(priorities=(1,))
    assert dlg.request(f, ("number",), ()) is None and dlg.error.text()
    dlg.path.setText(str(tmp_path / "out"))
    dlg.delimiter.setCurrentIndex(1)
    dlg.bom.setChecked(False)
    req = dlg.request(f, ("number", "title"), (("priority", False),))
    assert req is not None and req.path == Path(tmp_path / "out.csv") and req.filter == f
    assert req.options.delimiter == ";" and not req.options.bom and req.columns == ("number", "title")
    dlg.date_from.setDate(dlg.date_to.date().addDays(3))
    assert dlg.range_radio.isChecked() and dlg.request(f, ("number",), ()) is None
    dlg.date_from.setDate(dlg.date_to.date().addDays(-5))
    req = dlg.request(f, ("number",), ())
    assert req is not None and req.filter is None and (req.logged_to - req.logged_from).days == 6
    dlg.resize(640, dlg.sizeHint().height())
    dlg.show()
    Path("/tmp/shots/dashboard").mkdir(parents=True, exist_ok=True)
    dlg.grab().save("/tmp/shots/dashboard/export_dialog.png")
