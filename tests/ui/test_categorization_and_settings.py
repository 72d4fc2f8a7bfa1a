"""Categorization wizard on an existing incident, the settings dialog, and the main-window wiring."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import EventKind, Priority, Source
from app.domain.errors import ValidationError
from app.services.incidents import LogRequest
from app.ui.dialogs.settings.calendar_page import CalendarPage
from app.ui.dialogs.settings.categories_page import CategoriesPage
from app.ui.dialogs.settings.groups_page import GroupsPage
from app.ui.dialogs.settings.matrix_page import MatrixPage
from app.ui.dialogs.settings.settings_dialog import SettingsDialog
from app.ui.dialogs.settings.sla_page import SlaPage
from app.ui.runner import Runner
from app.ui.wizards.categorization_wizard import CategorizationWizard
from tests.conftest import PINNED


@pytest.fixture(autouse=True)
def _never_block(monkeypatch):  # type: ignore[no-untyped-def]
    from app.ui.wizards.confirming_wizard import ConfirmingWizard

    monkeypatch.setattr(ConfirmingWizard, "ask", classmethod(lambda cls, parent, question: True))
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, parent, question: True))


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = Runner()
    yield r
    r.wait_idle()


def idle(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


def test_recategorize_requires_reason_when_priority_changes(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    snap = services.settings.snapshot()
    net = next(c.id for c in snap.categories if c.name == "Connectivity")
    d = services.incidents.log(LogRequest(title="Share slow", source=Source.PHONE, impact=2, urgency=2,
                                          category_id=net)).value
    w = CategorizationWizard(services, runner, snap, d)
    qtbot.addWidget(w)
    w.show()
    page = w.page_
    assert page.category_path() == "Network / Connectivity"
    assert not page.reason.isEnabled()  # same priority: no reason needed
    page.set_levels(1, 1)
    assert page.reason.isEnabled() and "(was P3)" in page.priority_label.text()
    assert not w.validateCurrentPage()
    assert "P3 to P1" in page.errors()["reason"]
    page.reason.setPlainText("Whole finance floor affected")
    assert w.validateCurrentPage()
    with qtbot.waitSignal(w.incident_categorized, timeout=10_000):
        w.accept()
    after = services.incidents.get(d.id)
    assert after.priority == 1 and after.response_due_at == PINNED + timedelta(minutes=15)
    ev = next(e for e in services.incidents.events(d.id) if e.kind == EventKind.PRIORITY_CHANGED.value)
    assert (ev.old, ev.new, ev.payload["reason"]) == ("P3", "P1", "Whole finance floor affected")


def test_recategorize_stale_version_refused_with_message(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    d = services.incidents.log(LogRequest(title="Share slow", source=Source.PHONE, impact=2, urgency=2)).value
    w = CategorizationWizard(services, runner, services.settings.snapshot(), d)
    qtbot.addWidget(w)
    w.show()
    services.incidents.acknowledge(d.id)  # someone else changes it meanwhile
    w.page_.set_category(next(c.id for c in w.page_.snapshot.categories if c.name == "VPN"))
    w.page_.major.setChecked(True)
    w.page_.justification.setPlainText("Board members affected")
    w.accept()
    qtbot.waitUntil(lambda: w.error.isVisibleTo(w), timeout=10_000)
    assert "someone else" in w.error.label.text() and w.isVisible()
    assert not services.incidents.get(d.id).is_major


def open_dialog(qtbot, services, runner):  # type: ignore[no-untyped-def]
    dlg = SettingsDialog(services, runner, services.settings.snapshot())
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_settings_dialog_saves_matrix_sla_calendar_audited_and_used(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    dlg = open_dialog(qtbot, services, runner)
    dlg.page(MatrixPage).set_cell(3, 3, Priority.P4)
    dlg.page(SlaPage).set_targets(Priority.P4, 30, 600)
    assert dlg.has_changes()
    with qtbot.waitSignal(dlg.settings_saved, timeout=10_000):
        dlg.apply(close=True)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=10_000)
    saved = services.settings.load()
    assert saved.matrix.priority(3, 3) is Priority.P4
    assert saved.sla.for_priority(Priority.P4).resolution == timedelta(minutes=600)
    d = services.incidents.log(LogRequest(title="Mouse", source=Source.PHONE, impact=3, urgency=3)).value
    assert d.priority == 4 and d.resolution_due_at == PINNED + timedelta(hours=10)


def test_settings_dialog_refuses_bad_sla_and_calendar(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    dlg = open_dialog(qtbot, services, runner)
    before = services.settings.load().to_json()
    sla = dlg.page(SlaPage)
    sla.set_targets(Priority.P2, 900, 60)
    dlg.apply(close=False)
    assert dlg.stack.currentWidget() is sla and "longer than its resolution" in sla.message.label.text()
    sla.set_targets(Priority.P2, 60, 480)
    cal = dlg.page(CalendarPage)
    cal.always.setChecked(False)
    cal.tz.setCurrentText("Mars/Olympus")
    dlg.apply(close=False)
    assert "not a known time zone" in cal.message.label.text()
    cal.tz.setCurrentText("Europe/Berlin")
    cal.end.setTime(cal.start.time())
    dlg.apply(close=False)
    assert "end after they start" in cal.message.label.text()
    idle(qtbot, runner)
    assert services.settings.load().to_json() == before


def test_settings_dialog_catalogue_edit_saves_at_once(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    dlg = open_dialog(qtbot, services, runner)
    page = dlg.page(CategoriesPage)
    page.name.setText("Facilities")
    with qtbot.waitSignal(dlg.snapshot_loaded, timeout=10_000):
        page.add_top.click()
    assert any(c.name == "Facilities" for c in services.settings.snapshot().categories)
    assert "Facilities" in [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    page.name.setText("Hardware")
    page.add_top.click()
    qtbot.waitUntil(lambda: page.message.isVisibleTo(page), timeout=10_000)
    assert "already" in page.message.label.text()
    groups = dlg.page(GroupsPage)
    desk = next(g for g in services.settings.snapshot().groups if g.is_service_desk)
    groups.select(desk.id)
    assert not groups.toggle.isEnabled() and "stays active" in groups.toggle.toolTip()


def test_settings_read_only_for_agents(qtbot, services, runner) -> None:  # type: ignore[no-untyped-def]
    services.ctx.user_id = next(p.id for p in services.directory.staff() if p.role == "agent")
    dlg = open_dialog(qtbot, services, runner)
    assert "administrator" in dlg.banner.label.text()
    assert not dlg.pages[0].isEnabled()
    from PySide6.QtWidgets import QDialogButtonBox

    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "administrator" in ok.toolTip()


def test_main_window_actions_open_wizard_and_select_new_incident(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    from app.ui.actions import ActionId
    from app.ui.main_window import MainWindow
    from app.ui.wizards.logging_wizard import LoggingWizard

    services.demo.generate(30, seed=5)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    assert w.actions[ActionId.NEW_INCIDENT].shortcut().toString() == "Ctrl+N"
    assert w.actions[ActionId.SETTINGS].shortcut().toString() == "Ctrl+,"
    w.actions[ActionId.NEW_INCIDENT].trigger()
    qtbot.waitUntil(lambda: w.findChild(LoggingWizard) is not None, timeout=10_000)
    wiz = w.findChild(LoggingWizard)
    wiz.next()
    wiz.description.title_edit.setText("Brand new problem with the badge reader")
    wiz.next()
    wiz.next()
    wiz.categorize.set_category(next(c.id for c in wiz.snapshot.categories if c.name == "Peripheral"))
    wiz.next()
    assert wiz.currentId() == 5
    wiz.accept()
    qtbot.waitUntil(lambda: bool(w.queue.selected_ids()) and services.incidents.get(w.queue.selected_ids()[0]).title
                    == "Brand new problem with the badge reader", timeout=10_000)
    w.actions[ActionId.CATEGORIZE].trigger()
    qtbot.waitUntil(lambda: w.findChild(CategorizationWizard) is not None, timeout=10_000)
    assert w.findChild(CategorizationWizard).incident.id == w.queue.selected_ids()[0]
    w.findChild(CategorizationWizard).reject()
    w.actions[ActionId.SETTINGS].trigger()
    qtbot.waitUntil(lambda: w.findChild(SettingsDialog) is not None, timeout=10_000)
    w.findChild(SettingsDialog).reject()
    w.runner.wait_idle()


def test_settings_dialog_cancel_asks_when_changed(qtbot, services, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dlg = open_dialog(qtbot, services, runner)
    asked: list[str] = []
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, p, q: asked.append(q) or False))
    dlg.reject()
    assert not asked and not dlg.isVisible()  # nothing changed: no question
    dlg = open_dialog(qtbot, services, runner)
    dlg.page(MatrixPage).set_cell(1, 1, Priority.P2)
    dlg.reject()
    assert asked and dlg.isVisible()


def test_wizard_validation_matches_service(services) -> None:  # type: ignore[no-untyped-def]
    """The wizard reuses the domain validators; the service refuses the same inputs."""
    for title in ("", "x" * 161, "bad\x1b"):
        with pytest.raises(ValidationError):
            services.incidents.log(LogRequest(title=title, source=Source.PHONE))
