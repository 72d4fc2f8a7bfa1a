"""The lifecycle from the main window and the escalation panel: dialogs driven for real, refusals explained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from app.domain.enums import EscalationKind, HoldReason, Source, Status
from app.services.changes import Changes
from app.services.incidents import LogRequest
from app.ui.actions import ActionId
from app.ui.dialogs.close_dialog import CloseDialog
from app.ui.dialogs.escalate_dialog import EscalateDialog
from app.ui.dialogs.hold_dialog import HoldDialog
from app.ui.dialogs.link_parent_dialog import LinkParentDialog
from app.ui.dialogs.reopen_dialog import ReopenDialog, ReopenMode
from app.ui.dialogs.resolve_dialog import ResolveDialog
from app.ui.dialogs.switch_user_dialog import SwitchUserDialog
from app.ui.main_window import MainWindow
from app.ui.panels.tabs.escalation_tab import EscalationTab
from app.ui.panels.tabs.notes_tab import NotesTab

TIMEOUT = 10_000


def log(services, **kw):  # type: ignore[no-untyped-def]
    base = dict(title="VPN drops", source=Source.PHONE, impact=2, urgency=2)
    base.update(kw)
    return services.incidents.log(LogRequest(**base)).value


def drive(monkeypatch: pytest.MonkeyPatch, dialog: type, fill: Callable[[Any], None],
          seen: list[Any] | None = None) -> None:
    """Replace `dialog.ask` by one that builds the real dialog, fills it, presses OK and returns its request."""
    def ask(cls: type, parent: Any, *args: Any) -> Any:
        dlg = cls(*args, parent)
        fill(dlg)
        dlg.accept()
        if seen is not None:
            seen.append(dlg)
        return dlg.request() if dlg.result() == QDialog.DialogCode.Accepted else None

    monkeypatch.setattr(dialog, "ask", classmethod(ask))


@pytest.fixture
def window(qtbot, services):  # type: ignore[no-untyped-def]
    w = MainWindow(services)
    w.lifecycle.flows.show_boxes = False
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=TIMEOUT):
        w.show()
        w.start()
    keys = [w.views.list.item(i).data(0x0100).key for i in range(w.views.list.count())]
    with qtbot.waitSignal(w.queue_loaded, timeout=TIMEOUT):
        w.views.choose(keys.index("all"))
    yield w
    w.lifecycle.scanner.stop()
    w.runner.wait_idle()


def tab(window: MainWindow, cls: type) -> Any:
    return next(t for t in window.detail.tab_widgets if isinstance(t, cls))


def select(qtbot, window: MainWindow, iid: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.queue.model.row_of(iid) is not None, timeout=TIMEOUT)
    window.queue.select_ids([iid])
    esc = tab(window, EscalationTab)
    qtbot.waitUntil(lambda: esc.data is not None and esc.data.detail.id == iid, timeout=TIMEOUT)


def queue_row(window: MainWindow, iid: int) -> Any:
    return window.queue.model.row_at(window.queue.model.row_of(iid))


def group_id(services, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(g.id for g in services.directory.groups() if g.name == name)


def test_escalate_functionally_and_hierarchically_from_the_panel(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = services.incidents.acknowledge(log(services).id).value
    with qtbot.waitSignal(window.queue.model.rowsInserted, timeout=TIMEOUT):
        window.runner.announce(Changes.incident(d.id, created=True))
    select(qtbot, window, d.id)
    esc = tab(window, EscalationTab)
    assert not esc.back.isEnabled() and "already with the service desk" in esc.back.toolTip()

    def functional(dlg: EscalateDialog) -> None:
        dlg.group.setCurrentIndex(dlg.group.findData(group_id(services, "Network")))
        dlg.reason.setPlainText("Switch port errors; needs the network team")

    drive(monkeypatch, EscalateDialog, functional)
    esc.functional.click()
    network = group_id(services, "Network")
    qtbot.waitUntil(lambda: esc.model.rowCount() == 1 and queue_row(window, d.id).group_id == network,
                    timeout=TIMEOUT)
    assert esc.labels["tier"].text() == "Tier 2 - Specialists"
    assert "Network" in esc.model.index(0, 2).data() and esc.model.index(0, 4).data() == "Person"

    def hierarchical(dlg: EscalateDialog) -> None:
        # Network is led by a team lead; hierarchical escalations go to managers: the next one up.
        assert dlg.person.currentText().startswith("Elena Petrova")
        dlg.make_major.setChecked(True)
        dlg.reason.setPlainText("Three departments cannot work")

    drive(monkeypatch, EscalateDialog, hierarchical)
    esc.hierarchical.click()
    qtbot.waitUntil(lambda: esc.model.rowCount() == 2 and queue_row(window, d.id).is_major, timeout=TIMEOUT)
    assert "Elena Petrova" in esc.model.index(1, 2).data()
    assert "Three departments" in esc.reason.text()

    drive(monkeypatch, EscalateDialog, lambda dlg: dlg.reason.setPlainText("Desk can finish it"))
    esc.back.click()
    desk = group_id(services, "Service Desk")
    qtbot.waitUntil(lambda: esc.model.rowCount() == 3 and queue_row(window, d.id).group_id == desk,
                    timeout=TIMEOUT)


def test_escalation_without_reason_is_refused_with_the_reason_shown(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    d = log(services)
    dlg = EscalateDialog(EscalationKind.FUNCTIONAL, services.incidents.get(d.id), services.workflow.targets())
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.error_box.isVisible() and "needs a reason" in dlg.error.text()


def test_hold_and_resume_from_the_menu(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = services.incidents.acknowledge(log(services).id).value
    window.runner.announce(Changes.incident(d.id, created=True))
    select(qtbot, window, d.id)
    a = window.actions
    assert not a[ActionId.RESUME].isEnabled() and "not on hold" in a[ActionId.RESUME].toolTip()

    def fill(dlg: HoldDialog) -> None:
        dlg.reason.setCurrentIndex(dlg.reason.findData(HoldReason.AWAITING_VENDOR))
        dlg.note.setPlainText("ISP ticket 4711")

    drive(monkeypatch, HoldDialog, fill)
    a[ActionId.HOLD].trigger()
    qtbot.waitUntil(lambda: queue_row(window, d.id).status == Status.ON_HOLD.value, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: a[ActionId.RESUME].isEnabled(), timeout=TIMEOUT)
    assert not a[ActionId.HOLD].isEnabled() and "already on hold" in a[ActionId.HOLD].toolTip()
    assert not a[ActionId.RESOLVE].isEnabled() and "resume it" in a[ActionId.RESOLVE].toolTip()
    esc = tab(window, EscalationTab)
    qtbot.waitUntil(lambda: esc.data is not None and esc.data.resolution.paused, timeout=TIMEOUT)
    assert "Paused" in esc.resolution.text.text()
    a[ActionId.RESUME].trigger()
    qtbot.waitUntil(lambda: queue_row(window, d.id).status == Status.IN_PROGRESS.value, timeout=TIMEOUT)
    assert any(n.body == "ISP ticket 4711" for n in services.incidents.notes(d.id))


def test_resolve_parent_offers_and_resolves_children(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    parent = s.acknowledge(log(services, title="Mail server down").id).value
    kids = [s.acknowledge(log(services, title=f"No mail {n}").id).value for n in range(2)]
    for k in kids:
        s.link_parent(k.id, parent.id)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    select(qtbot, window, parent.id)
    seen: list[ResolveDialog] = []

    def fill(dlg: ResolveDialog) -> None:
        assert dlg.children.count() == 2
        dlg.notes.setPlainText("Restarted the mail transport service")
        dlg.recovery.setChecked(True)

    drive(monkeypatch, ResolveDialog, fill, seen)
    window.actions[ActionId.RESOLVE].trigger()
    qtbot.waitUntil(lambda: all(queue_row(window, i).status == "resolved" for i in (parent.id, *[k.id for k in kids])),
                    timeout=TIMEOUT)
    assert seen[0].request().child_ids == tuple(k.id for k in kids)
    assert s.get(kids[1].id).resolution_notes == "Restarted the mail transport service"


def test_resolve_without_notes_is_refused_in_the_dialog(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    d = services.incidents.acknowledge(log(services).id).value
    dlg = ResolveDialog(services.workflow.resolve_info(d.id))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.accept()
    assert dlg.result() != QDialog.DialogCode.Accepted and "notes are required" in dlg.error.text()


def test_close_refused_with_reasons_then_allowed(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    major = s.acknowledge(log(services, title="Site down", impact=1, urgency=1, is_major=True,
                              major_justification="all users").id).value
    child = s.acknowledge(log(services, title="Shop down").id).value
    s.link_parent(child.id, major.id)
    s.resolve(major.id, "Solved remotely", "failover")
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    select(qtbot, window, major.id)
    qtbot.waitUntil(lambda: window.actions[ActionId.CLOSE].isEnabled(), timeout=TIMEOUT)
    seen: list[CloseDialog] = []
    drive(monkeypatch, CloseDialog, lambda dlg: None, seen)
    window.actions[ActionId.CLOSE].trigger()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=TIMEOUT)
    refused = seen[0]
    assert not refused.ok_button.isEnabled()
    assert child.number in refused.error.text() and "review" in refused.error.text()
    assert child.number in refused.ok_button.toolTip()
    assert s.get(major.id).status == "resolved"
    # Fix both reasons: resolve the child, write a (draft) review.
    s.resolve(child.id, "Solved remotely", "failover")
    from app.store.tables import Review

    with services.ctx.db.uow() as uow:
        now = services.ctx.clock.now()
        uow.add(Review(incident_id=major.id, revision=1, status="draft", created_at=now, updated_at=now))
        uow.commit()
    drive(monkeypatch, CloseDialog, lambda dlg: dlg.confirmed.setChecked(True), seen)
    window.actions[ActionId.CLOSE].trigger()
    qtbot.waitUntil(lambda: queue_row(window, major.id).status == "closed", timeout=TIMEOUT)
    assert seen[1].ok_button.isEnabled() and not seen[1].error_box.isVisible()
    assert s.get(major.id).caller_confirmation == "confirmed"
    qtbot.waitUntil(lambda: not window.actions[ActionId.CLOSE].isEnabled(), timeout=TIMEOUT)
    assert "already Closed" in window.actions[ActionId.CLOSE].toolTip()


def test_close_no_answer_waits_for_the_engine(qtbot, window, services, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    s.resolve(d.id, "Solved remotely", "fixed")
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    select(qtbot, window, d.id)
    drive(monkeypatch, CloseDialog, lambda dlg: dlg.no_answer_wait.setChecked(True))
    with qtbot.waitSignal(window.lifecycle.flows.action_done, timeout=TIMEOUT):
        window.actions[ActionId.CLOSE].trigger()
    assert s.get(d.id).status == "resolved" and s.get(d.id).caller_confirmation == "no_answer"
    clock.advance(days=services.ctx.settings().auto_close_days)
    with qtbot.waitSignal(window.lifecycle.scanner.scan_finished, timeout=TIMEOUT) as blocker:
        window.lifecycle.scanner.scan_now()
    assert blocker.args[0].auto_closed == (d.number,)
    qtbot.waitUntil(lambda: queue_row(window, d.id).status == "closed", timeout=TIMEOUT)


def test_reopen_within_window_and_follow_up_after(qtbot, window, services, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = s.acknowledge(log(services).id).value
    s.resolve(d.id, "Solved remotely", "fixed")
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    select(qtbot, window, d.id)
    clock.advance(days=2)
    modes: list[ReopenMode] = []

    def reopen(dlg: ReopenDialog) -> None:
        modes.append(dlg.mode)
        dlg.reason.setPlainText("The VPN drops again")

    drive(monkeypatch, ReopenDialog, reopen)
    window.actions[ActionId.REOPEN].trigger()
    qtbot.waitUntil(lambda: queue_row(window, d.id).status == "in_progress", timeout=TIMEOUT)
    assert modes == [ReopenMode.REOPEN] and s.get(d.id).reopen_count == 1
    s.resolve(d.id, "Solved remotely", "fixed again")
    window.runner.announce(Changes.incident(d.id))  # changed behind the window's back
    clock.advance(days=6)
    qtbot.waitUntil(lambda: queue_row(window, d.id).status == "resolved", timeout=TIMEOUT)
    before = window.queue.model.rowCount()
    window.actions[ActionId.REOPEN].trigger()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == before + 1, timeout=TIMEOUT)
    assert modes == [ReopenMode.REOPEN, ReopenMode.FOLLOW_UP]
    new_id = max(window.queue.model.ids())
    follow = s.get(new_id)
    assert follow.follow_up_of is not None and follow.follow_up_of.id == d.id
    assert follow.description == "The VPN drops again" and s.get(d.id).status == "resolved"


def test_refused_service_calls_and_disabled_actions_say_why(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    d = log(services)
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    window.queue.table.clearSelection()
    window.queue.table.setCurrentIndex(window.queue.model.index(-1, -1))
    window.lifecycle.update_state()
    for aid in (ActionId.ASSIGN, ActionId.RESOLVE, ActionId.CLOSE, ActionId.HOLD):
        assert not window.actions[aid].isEnabled() and window.actions[aid].toolTip() == "Select an incident first."
    select(qtbot, window, d.id)
    drive(monkeypatch, LinkParentDialog, lambda dlg: dlg.parent_number.setText("INC9999999"))
    with qtbot.waitSignal(window.lifecycle.flows.action_refused, timeout=TIMEOUT) as blocker:
        window.actions[ActionId.LINK_PARENT].trigger()
    assert blocker.args[1] == ["There is no incident INC9999999."]
    # A change by someone else meanwhile: the stale request is not saved; the conflict dialog says what changed.
    from app.ui.dialogs.conflict_dialog import ConflictChoice, ConflictDialog

    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, report, action: ConflictChoice.DISCARD))
    drive(monkeypatch, HoldDialog, lambda dlg: s.acknowledge(d.id))
    with qtbot.waitSignal(window.lifecycle.flows.conflict_reported, timeout=TIMEOUT) as blocker:
        window.actions[ActionId.HOLD].trigger()
    assert "acknowledged_at" in {diff.field for diff in blocker.args[0].differences}
    assert s.get(d.id).status != "on_hold"
    window.lifecycle.flows.show_boxes = True
    with qtbot.waitSignal(window.lifecycle.flows.action_refused, timeout=TIMEOUT):
        window.actions[ActionId.LINK_PARENT].trigger()
    from PySide6.QtWidgets import QMessageBox

    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "no incident" in boxes[-1].text()
    boxes[-1].close()


def test_notes_diagnosis_and_known_fixes(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    s = services.incidents
    old = s.acknowledge(log(services, title="Outlook cannot connect").id).value
    s.resolve(old.id, "Solved (work around)", "Recreate the Outlook profile.", workaround=True)
    d = log(services, title="Outlook cannot connect after update")
    with qtbot.waitSignal(window.queue_loaded, timeout=TIMEOUT):
        window.queue.reload()
    select(qtbot, window, d.id)
    notes = tab(window, NotesTab)
    qtbot.waitUntil(lambda: notes.detail is not None and notes.detail.id == d.id, timeout=TIMEOUT)
    assert not notes.add_note.isEnabled() and notes.add_note.toolTip() == "Type the note first."
    notes.new_note.setPlainText("Called the user; happens since Monday")
    notes.add_note.click()
    qtbot.waitUntil(lambda: notes.notes_model.rowCount() == 1, timeout=TIMEOUT)
    assert notes.new_note.toPlainText() == ""
    notes.symptoms.setPlainText("Disconnected status bar")
    notes.problem_ref.setText("PRB0000042")
    notes.save_diag.click()
    qtbot.waitUntil(lambda: s.get(d.id).problem_ref == "PRB0000042", timeout=TIMEOUT)
    assert s.get(d.id).symptoms == "Disconnected status bar"
    qtbot.waitUntil(lambda: notes.fixes_model.rowCount() == 1, timeout=TIMEOUT)
    assert "Select a known fix" in notes.apply_fix.toolTip()
    notes.fixes.selectRow(0)
    assert notes.apply_fix.isEnabled()
    notes.apply_fix.click()
    qtbot.waitUntil(lambda: notes.notes_model.rowCount() == 2, timeout=TIMEOUT)
    body = notes.notes_model.row_at(1).body
    assert old.number in body and "Recreate the Outlook profile" in body


def test_switch_user_is_remembered(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from app.ui.incident_flows import USER_KEY

    mei = next(p for p in services.directory.staff() if p.name == "Mei Chen")

    def fill(dlg: SwitchUserDialog) -> None:
        for i in range(dlg.people.count()):
            if dlg.people.item(i).text().startswith("Mei Chen"):
                dlg.people.setCurrentRow(i)

    drive(monkeypatch, SwitchUserDialog, fill)
    with qtbot.waitSignal(window.lifecycle.flows.user_switched, timeout=TIMEOUT):
        window.actions[ActionId.SWITCH_USER].trigger()
    assert services.ctx.user_id == mei.id and window.lifecycle.user_label.text() == "User: Mei Chen"
    assert int(QSettings().value(USER_KEY)) == mei.id
    services.ctx.user_id = None
    with qtbot.waitSignal(window.lifecycle.flows.user_switched, timeout=TIMEOUT):
        window.lifecycle.flows.restore_user()
    assert services.ctx.user_id == mei.id


def test_sla_scan_at_start_flags_breaches_in_the_queue(qtbot, services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services, impact=1, urgency=1)
    clock.advance(hours=5)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.lifecycle.scanner.scan_finished, timeout=TIMEOUT) as blocker:
        w.start()
    assert blocker.args[0].breaches == 2
    assert [e.is_system for e in services.incidents.escalations(d.id)] == [True, True]
    assert "breach" in w.statusBar().currentMessage()
    w.lifecycle.scanner.stop()
    w.runner.wait_idle()


def test_models_pass_modeltester(qtmodeltester, services) -> None:  # type: ignore[no-untyped-def]
    from app.ui.models.escalation_table_model import EscalationTableModel
    from app.ui.models.known_fix_table_model import KnownFixTableModel
    from app.ui.models.note_table_model import NoteTableModel

    s = services.incidents
    old = s.acknowledge(log(services, title="Printer jams").id).value
    s.resolve(old.id, "Solved remotely", "Cleaned rollers")
    d = s.acknowledge(log(services, title="Printer jams again").id).value
    s.escalate(d.id, EscalationKind.FUNCTIONAL, "hw", group_id=group_id(services, "Server"))
    s.escalate(d.id, EscalationKind.HIERARCHICAL, "boss")
    s.add_note(d.id, "first\nsecond line")
    for model, rows in ((EscalationTableModel(), s.escalations(d.id)), (NoteTableModel(), s.notes(d.id)),
                        (KnownFixTableModel(), services.workflow.known_fixes(d.id))):
        assert rows
        qtmodeltester.check(model)
        model.set_rows(rows)
        qtmodeltester.check(model)
        assert model.rowCount() == len(rows) and model.index(0, 0).data()


def test_escalation_tab_gauges_for_p1_at_risk(qtbot, services, clock) -> None:  # type: ignore[no-untyped-def]
    from app.domain.sla import SlaLevel
    from app.ui.runner import Runner

    d = log(services, impact=1, urgency=1)
    services.incidents.acknowledge(d.id)
    clock.advance(hours=3, minutes=30)
    runner = Runner()
    t = EscalationTab(services, runner)
    qtbot.addWidget(t)
    t.show_incident(d.id)
    qtbot.waitUntil(lambda: t.data is not None, timeout=TIMEOUT)
    assert t.data.resolution.level is SlaLevel.WARNING and t.resolution.bar.level is SlaLevel.WARNING
    assert "30m left" in t.resolution.text.text() and "at risk" in t.resolution.caption.text()
    assert t.data.response.level is SlaLevel.MET and t.data.resolution.remaining == timedelta(minutes=30)
    runner.wait_idle()


def test_escalation_panel_shows_an_overdue_stakeholder_update(qtbot, window, services, clock) -> None:  # type: ignore[no-untyped-def]
    d = log(services)  # P3: the next update is due after 4 hours
    select(qtbot, window, d.id)
    label = tab(window, EscalationTab).labels["next_update"]
    assert label.text().startswith("due ") and not label.font().bold()
    clock.advance(hours=5)
    tab(window, EscalationTab).reload()
    qtbot.waitUntil(lambda: label.text().startswith("overdue by 1h"), timeout=TIMEOUT)
    assert label.font().bold()
