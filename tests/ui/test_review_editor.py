"""Review editor and action-item overview offscreen: every section edited through widgets, read back from the store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from app.domain.review import ActionStatus
from app.services.review_dto import ActionItemInput
from app.ui.dialogs.review_editor import ReviewEditor
from app.ui.models.action_item_model import ActionItemModel, ItemColumn, overdue_colour
from app.ui.models.review_timeline_model import ReviewTimelineModel, TimelineColumn
from app.ui.panels.action_items_panel import ActionItemsPanel
from app.ui.runner import Runner
from tests.fixtures.review_story import scripted_major, written_review


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = Runner()
    yield r
    r.wait_idle()


def open_editor(qtbot, services, runner, incident_id, owned=True, **kw):  # type: ignore[no-untyped-def]
    ed = ReviewEditor(services, runner, incident_id, **kw)
    if owned:
        qtbot.addWidget(ed)
    with qtbot.waitSignal(ed.review_loaded, timeout=10_000):
        ed.load()
        ed.show()
    runner.wait_idle()
    qtbot.wait(10)
    return ed


def test_models_pass_modeltester(qtmodeltester, services, clock) -> None:  # type: ignore[no-untyped-def]
    row = written_review(services, clock)
    tm = ReviewTimelineModel()
    tm.set_entries(row.content.timeline, row.detected_at)
    qtmodeltester.check(tm)
    im = ActionItemModel(editable=True)
    im.set_rows(row.items)
    qtmodeltester.check(im)
    qtmodeltester.check(ReviewTimelineModel())
    qtmodeltester.check(ActionItemModel())


def test_edit_every_section_and_read_back_from_store(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    ed = open_editor(qtbot, services, runner, d.id, autosave_ms=60_000)
    assert ed.row is not None and ed.row.status == "draft"  # opening started a draft
    assert not ed.isWindowModified()
    assert "1h 30m" in ed.summary.facts["duration"].text() and ed.summary.facts["escalations"].text() == "1"
    ed.summary.summary.editor.setPlainText("Payments failed")
    assert ed.isWindowModified() and "[*]" in ed.windowTitle() and ed.state.text() == "Unsaved changes"
    ed.summary.impact.editor.setPlainText("- 4,200 declined payments")
    # timeline: reword, mark a key moment, add and remove entries
    tm = ed.timeline.model
    n = tm.rowCount()
    assert tm.setData(tm.index(1, TimelineColumn.ENTRY), "Monitoring raised INC", Qt.ItemDataRole.EditRole)
    assert tm.setData(tm.index(2, TimelineColumn.KEY), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    ed.timeline.add_entry("Vendor engineer joined the bridge", at=d.resolved_at - timedelta(minutes=5), key=True)
    last = tm.rowCount() - 1
    ed.timeline.table.selectRow(last)
    ed.timeline.remove.click()
    assert tm.rowCount() == n
    # analysis, reflection, participants
    ed.analysis.root_cause.editor.setPlainText("LB firmware bug")
    ed.analysis.factors.editor.setPlainText("No staging")
    ed.analysis.append_why("Nodes marked down")
    ed.analysis.append_why("Health checks timed out")
    for name, field in ed.reflection.fields.items():
        field.editor.setPlainText(f"text for {name}")
    ed.participants.name.setText("Vendor engineer")
    ed.participants.add.click()
    # action items: add, then edit owner, due date and status through the model as delegates do
    items = ed.items.model
    with qtbot.waitSignal(ed.items.items_changed, timeout=10_000):
        ed.items.add_item(ActionItemInput("Upgrade firmware"))
    owner = services.directory.staff()[1]
    for col, value in ((ItemColumn.OWNER, owner.id), (ItemColumn.DUE, QDate(2026, 4, 1)),
                       (ItemColumn.STATUS, ActionStatus.IN_PROGRESS.value), (ItemColumn.PROBLEM, "PRB7")):
        with qtbot.waitSignal(ed.items.items_changed, timeout=10_000):
            assert items.setData(items.index(0, col), value, Qt.ItemDataRole.EditRole)
    with qtbot.waitSignal(ed.draft_saved, timeout=10_000):
        ed.save_button.click()
    assert not ed.isWindowModified() and ed.state.text().startswith("All changes saved")

    stored = services.reviews.get(d.id)
    c = stored.content
    assert (c.summary, c.business_impact, c.root_cause, c.contributing_factors) == (
        "Payments failed", "- 4,200 declined payments", "LB firmware bug", "No staging")
    assert c.five_whys == ("Nodes marked down", "Health checks timed out")
    assert c.went_well == "text for went_well" and c.lessons == "text for lessons"
    assert c.got_lucky == "text for got_lucky" and c.went_badly == "text for went_badly"
    assert c.participants == ("tester", "Vendor engineer")
    assert c.timeline[1].text == "Monitoring raised INC" and c.timeline[2].key
    texts = [e.text for e in c.timeline]
    assert "Vendor engineer joined the bridge" in texts and "Resolved by tester" not in texts and len(texts) == n
    [item] = stored.items
    assert (item.description, item.owner, item.due_date.isoformat(), item.status, item.problem_ref) == (
        "Upgrade firmware", owner.name, "2026-04-01", "in_progress", "PRB7")
    # the audit trail is untouched by timeline edits
    assert not any("Monitoring raised" in (e.new or "") for e in services.incidents.events(d.id))


def test_autosave_recovers_after_window_destroyed_without_saving(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    ed = open_editor(qtbot, services, runner, d.id, owned=False, autosave_ms=50)
    with qtbot.waitSignal(ed.draft_saved, timeout=10_000):
        ed.analysis.root_cause.editor.setPlainText("typed, never saved by hand")
    ed.summary.summary.editor.setPlainText("typed just before the window died")
    qtbot.waitUntil(lambda: not ed.dirty, timeout=10_000)
    destroyed: list[bool] = []
    ed.destroyed.connect(lambda: destroyed.append(True))
    ed.deleteLater()  # no close event, no explicit save: as if the app went away
    qtbot.waitUntil(lambda: bool(destroyed), timeout=5000)
    again = open_editor(qtbot, services, runner, d.id)
    assert again.analysis.root_cause.text() == "typed, never saved by hand"
    assert again.summary.summary.text() == "typed just before the window died"


def test_close_saves_pending_edits(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    ed = open_editor(qtbot, services, runner, d.id, autosave_ms=60_000)
    ed.reflection.fields["lessons"].editor.setPlainText("rehearse failover")
    assert ed.dirty
    ed.close()
    runner.wait_idle()
    assert services.reviews.get(d.id).content.lessons == "rehearse failover"


def test_undo_redo_and_discard_asks(qtbot, services, clock, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    ed = open_editor(qtbot, services, runner, d.id, autosave_ms=60_000)
    box = ed.summary.summary.editor
    qtbot.keyClicks(box, "abc")
    assert box.toPlainText() == "abc"
    box.undo()
    assert box.toPlainText() == ""
    box.redo()
    assert box.toPlainText() == "abc"
    questions: list[str] = []
    monkeypatch.setattr(ReviewEditor, "ask", classmethod(lambda cls, parent, q: questions.append(q) or False))
    ed.revert_button.click()
    assert questions and ed.dirty and box.toPlainText() == "abc"
    monkeypatch.setattr(ReviewEditor, "ask", classmethod(lambda cls, parent, q: True))
    with qtbot.waitSignal(ed.review_loaded, timeout=10_000):
        ed.revert_button.click()
    assert box.toPlainText() == "" and not ed.dirty and not ed.revert_button.isEnabled()


def test_publish_makes_editor_read_only(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    row = written_review(services, clock)
    staff = services.directory.staff()
    for i in row.items:  # every open item needs an owner and a due date
        services.reviews.update_item(i.id, i.as_input().__class__(i.description, i.kind, i.owner_id or staff[0].id,
                                                                  i.due_date, i.status, i.problem_ref))
    ed = open_editor(qtbot, services, runner, row.incident_id)
    assert ed.submit_button.isVisible() and ed.submit_button.isEnabled()
    with qtbot.waitSignal(ed.review_moved, timeout=10_000):
        ed.submit_button.click()
    assert ed.row.status == "in_review" and ed.publish_button.isEnabled()
    with qtbot.waitSignal(ed.review_moved, timeout=10_000):
        ed.publish_button.click()
    assert ed.row.status == "published" and services.reviews.get(row.incident_id).status == "published"
    assert ed.summary.summary.editor.isReadOnly() and ed.analysis.root_cause.editor.isReadOnly()
    assert not ed.save_button.isEnabled() and "read-only" in ed.save_button.toolTip()
    assert not ed.timeline.add.isEnabled() and ed.timeline.add.toolTip()
    tm, im = ed.timeline.model, ed.items.model
    assert not tm.flags(tm.index(0, TimelineColumn.ENTRY)) & Qt.ItemFlag.ItemIsEditable
    assert not im.flags(im.index(0, ItemColumn.DESCRIPTION)) & Qt.ItemFlag.ItemIsEditable
    assert im.flags(im.index(0, ItemColumn.STATUS)) & Qt.ItemFlag.ItemIsEditable  # tracking goes on
    assert not ed.items.add.isEnabled() and "published" in ed.items.add.toolTip()
    assert ed.banner.isVisible() and ed.revision_button.isVisible()
    ed.summary.summary.editor.setPlainText("cannot happen")  # programmatic edits are ignored too
    assert not ed.dirty
    with qtbot.waitSignal(ed.review_moved, timeout=10_000):
        ed.revision_button.click()
    assert ed.row.revision == 2 and ed.row.editable and not ed.summary.summary.editor.isReadOnly()


def test_refused_status_change_explains_why(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    d = scripted_major(services, clock)
    ed = open_editor(qtbot, services, runner, d.id)
    assert not ed.submit_button.isEnabled()
    assert "summary" in ed.submit_button.toolTip() and "root cause" in ed.submit_button.toolTip()
    ed.summary.summary.editor.setPlainText("x")
    ed.analysis.root_cause.editor.setPlainText("y")
    assert ed.submit_button.isEnabled()


def test_action_items_overview_filters_highlights_and_marks_done(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    row = written_review(services, clock)
    panel = ActionItemsPanel(services, runner)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.items_loaded, timeout=10_000):
        panel.start()
        panel.show()
    runner.wait_idle()
    qtbot.wait(10)
    m = panel.model
    assert m.rowCount() == 2  # open or in progress by default; the done item is hidden
    with qtbot.waitSignal(panel.items_loaded, timeout=10_000):
        panel.overdue.setChecked(True)
    assert m.rowCount() == 1 and m.row_at(0).description == "Alert on health-check flapping"
    idx = m.index(0, ItemColumn.DUE)
    assert "overdue" in idx.data() and idx.data(Qt.ItemDataRole.ForegroundRole) == overdue_colour(panel.palette())
    assert m.index(0, ItemColumn.INCIDENT).data() == row.incident_number
    assert not panel.done.isEnabled() and panel.done.toolTip()
    panel.table.selectRow(0)
    assert panel.done.isEnabled()
    with qtbot.waitSignal(panel.items_loaded, timeout=10_000):
        panel.done.click()
    assert m.rowCount() == 0 and "0 items" in panel.count.text()
    with qtbot.waitSignal(panel.items_loaded, timeout=10_000):
        panel.set_filters(None, (), False)
    assert m.rowCount() == 3 and not any(r.overdue for r in m.rows())
    owner = row.items[0].owner_id
    with qtbot.waitSignal(panel.items_loaded, timeout=10_000):
        panel.set_filters(owner, (), False)
    assert [r.owner_id for r in m.rows()] == [owner]
    with qtbot.waitSignal(panel.review_requested, timeout=1000) as sig:
        panel.table.selectRow(0)
        panel.open.click()
    assert sig.args == [row.incident_id]


def test_main_window_opens_review_and_action_items(qtbot, services, clock) -> None:  # type: ignore[no-untyped-def]
    from app.ui.actions import ActionId
    from app.ui.main_window import MainWindow

    row = written_review(services, clock)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    assert w.actions[ActionId.REVIEW].shortcut().toString() == "Ctrl+R"
    keys = [w.views.list.item(i).data(0x0100).key for i in range(w.views.list.count())]
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.views.choose(keys.index("all"))
    r = w.queue.model.row_of(row.incident_id)
    w.queue.table.selectRow(r)
    w.actions[ActionId.REVIEW].trigger()
    editor = w.findChild(ReviewEditor)
    assert editor is not None and editor.incident_id == row.incident_id
    qtbot.waitUntil(lambda: editor.row is not None, timeout=10_000)
    assert editor.summary.summary.text() == row.content.summary
    w.actions[ActionId.ACTION_ITEMS].trigger()
    panel = w.findChild(ActionItemsPanel)
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    editor.close()
    w.runner.wait_idle()


def test_review_tab_shows_status(qtbot, services, clock, runner) -> None:  # type: ignore[no-untyped-def]
    from app.ui.panels.tabs.review_tab import ReviewTab

    d = scripted_major(services, clock)
    tab = ReviewTab(services, runner)
    qtbot.addWidget(tab)
    tab.show_incident(d.id)
    qtbot.waitUntil(lambda: "needs one" in tab.status.text(), timeout=10_000)
    services.reviews.start(d.id)
    tab.show_incident(d.id)
    qtbot.waitUntil(lambda: "Revision 1, draft" in tab.status.text(), timeout=10_000)
