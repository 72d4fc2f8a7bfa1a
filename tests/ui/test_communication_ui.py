"""Communication UI offscreen: compose from a template into the tab, suggestions, dialogs, models, export job."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QDate

from app.domain.communication import CommQuery, Direction, LifecycleChange
from app.domain.enums import HoldReason, Source
from app.export.communications import ExportFormat
from app.services.communications import CommunicationRow, MessageDraft, TemplateRow
from app.services.incidents import LogRequest
from app.ui.actions import ActionId
from app.ui.dialogs.compose_dialog import ComposeDialog, email_addresses, mailto_url
from app.ui.dialogs.export_communications_dialog import ExportCommunicationsDialog, ExportRequest, start_export
from app.ui.dialogs.templates_page import TemplateListModel, TemplatesPage
from app.ui.main_window import MainWindow
from app.ui.models.communication_table_model import CommColumn, CommunicationTableModel


@pytest.fixture
def incident(services):  # type: ignore[no-untyped-def]
    inc = services.incidents.log(LogRequest(title="VPN drops for Zürich", source=Source.PHONE, impact=1,
                                            urgency=1)).value
    services.communications.add_stakeholder(inc.id, "reporter", name="Jürgen Müller", email="jm@example.com")
    return inc


@pytest.fixture
def window(qtbot, services, incident):  # type: ignore[no-untyped-def]
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    tab = w.communication_menu.tab()
    with qtbot.waitSignal(tab.log_loaded, timeout=10_000):
        w.detail.show_row(services.queue.rows_by_id([incident.id])[0])
    yield w
    w.runner.wait_idle()


def _fake_ask(calls: list[dict], choose: str | None = None, recipients: str = "Ann <ann@example.com>",
              answer: bool = True):  # type: ignore[no-untyped-def]
    def ask(parent, ctx, direction=Direction.OUT, corrects=None, template=None, previous=None,  # type: ignore[no-untyped-def]
            error=""):
        dlg = ComposeDialog(ctx, direction, corrects, parent)
        if choose:
            assert dlg.choose_template(choose)
        dlg.recipients.setText(recipients)
        calls.append({"ctx": ctx, "dialog": dlg, "error": error, "corrects": corrects, "direction": direction,
                      "template": dlg.template.currentText()})
        draft = dlg.draft() if answer and (len(calls) == 1 or not error) else None
        dlg.deleteLater()
        return draft
    return ask


def test_compose_from_template_shows_entry_in_tab(qtbot, window, incident, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = window.communication_menu.tab()
    calls: list[dict] = []
    monkeypatch.setattr(ComposeDialog, "ask", staticmethod(_fake_ask(calls, "Initial acknowledgement")))
    assert tab.model.rowCount() == 0
    with qtbot.waitSignal(tab.entry_recorded, timeout=10_000) as rec:
        tab.compose_button.click()
    row: CommunicationRow = rec.args[0]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    shown = tab.model.row_at(0)
    assert shown.id == row.id and shown.template_name == "Initial acknowledgement"
    assert shown.subject == f"[{incident.number}] We are working on: {incident.title}"
    assert "{" not in shown.body and "P1 - Critical" in shown.body
    assert tab.model.index(0, CommColumn.SUBJECT).data() == shown.subject
    qtbot.waitUntil(lambda: tab.current_id() == row.id, timeout=5_000)
    assert "We have logged your report" in tab.message.toPlainText()
    assert "Next update due" in tab.next_update.text()


def test_refused_draft_reopens_with_the_reason(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = window.communication_menu.tab()
    calls: list[dict] = []
    monkeypatch.setattr(ComposeDialog, "ask", staticmethod(_fake_ask(calls, "Status update", recipients="")))
    tab.compose()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=10_000)
    assert "recipient" in calls[1]["error"]
    window.runner.wait_idle()
    assert tab.model.rowCount() == 0


def test_hold_offers_an_update_with_suggested_template(qtbot, window, incident, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = window.communication_menu.tab()
    assert tab.banner.isHidden()
    with qtbot.waitSignal(tab.update_suggested, timeout=10_000) as sig:
        window.runner.mutate(lambda: services.incidents.hold(incident.id, HoldReason.AWAITING_VENDOR))
    assert sig.args[0] is LifecycleChange.HOLD and tab.banner.isVisibleTo(tab)
    assert "Ctrl+Shift+U" in window.statusBar().currentMessage()
    assert "put on hold" in tab.banner_text.text()
    calls: list[dict] = []
    monkeypatch.setattr(ComposeDialog, "ask", staticmethod(_fake_ask(calls)))
    with qtbot.waitSignal(tab.entry_recorded, timeout=10_000):
        tab.banner_compose.click()
    assert calls[0]["template"] == "Status update" and calls[0]["ctx"].suggested_template == "Status update"
    assert tab.banner.isHidden()


def test_filters_and_correction(qtbot, window, incident, services, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tab = window.communication_menu.tab()
    svc = services.communications
    first = svc.record(MessageDraft(incident.id, "A", "ETA 30", recipients="x@y.org")).value
    clock.advance(minutes=1)
    svc.record(MessageDraft(incident.id, "B", "hi", audience="management", channel="meeting"))
    with qtbot.waitSignal(tab.log_loaded, timeout=10_000):
        tab.reload()
    assert tab.model.rowCount() == 2
    tab.audience.setCurrentIndex(tab.audience.findData("management"))
    assert [tab.model.row_at(i).subject for i in range(tab.model.rowCount())] == ["B"]
    tab.channel.setCurrentIndex(tab.channel.findData("email"))
    assert tab.model.rowCount() == 0 and tab.message.toPlainText() == ""
    tab.audience.setCurrentIndex(0)
    tab.channel.setCurrentIndex(0)
    tab.table.selectRow(tab.model.row_of(first.id))
    assert tab.correct_button.isEnabled()
    calls: list[dict] = []
    monkeypatch.setattr(ComposeDialog, "ask", staticmethod(_fake_ask(calls, recipients="x@y.org")))
    with qtbot.waitSignal(tab.entry_recorded, timeout=10_000) as rec:
        tab.correct_button.click()
    assert calls[0]["corrects"].id == first.id and rec.args[0].corrects_id == first.id
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=10_000)
    assert tab.model.corrected_by(first.id) == rec.args[0].id
    tab.table.selectRow(tab.model.row_of(first.id))
    assert not tab.correct_button.isEnabled() and "Already corrected" in tab.correct_button.toolTip()


def test_menu_actions_need_a_selection(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(services)
    qtbot.addWidget(w)
    act = w.actions[ActionId.COMPOSE_UPDATE]
    assert not act.isEnabled() and "Select an incident" in act.toolTip()
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("&Communication") == len(titles) - 2  # just before Help
    w.runner.wait_idle()


def test_compose_dialog_behaviour(qtbot, services, incident) -> None:  # type: ignore[no-untyped-def]
    ctx = services.communications.compose_context(incident.id)
    dlg = ComposeDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.audience.setCurrentIndex(dlg.audience.findData("reporter"))
    dlg.audience.setCurrentIndex(dlg.audience.findData("affected_users"))
    assert "Jürgen Müller <jm@example.com>" in dlg.recipients.text()
    broken = TemplateRow(99, "Broken", None, "[{number}] {titel}", "Hi {reporter_name}")
    dlg.template.addItem(broken.name, broken)
    dlg.template.setCurrentIndex(dlg.template.count() - 1)
    assert dlg.unknown == ("titel", "reporter_name") and dlg.warning.isVisibleTo(dlg)
    assert dlg.subject.text() == f"[{incident.number}] {{titel}}"
    dlg.subject.clear()
    dlg.accept()
    assert dlg.result() == 0 and "subject" in dlg.warning.text()
    # Choosing another "next update" re-renders an unedited message.
    dlg.choose_template("Status update")
    before = dlg.body.toPlainText()
    dlg.next_none.setChecked(True)
    assert "no further updates planned" in dlg.body.toPlainText() and dlg.body.toPlainText() != before
    assert dlg.draft().next_update.value == "none"
    reply = ComposeDialog(ctx, Direction.IN)
    qtbot.addWidget(reply)
    assert reply.template.isHidden() and reply.subject.text().startswith("Re: ")
    assert reply.draft().direction == "in"


def test_mailto_url_is_encoded() -> None:
    recipients = "Jürgen <jm@example.com>; Ann O'Neil <ann.o'neil@example.com>; just a name"
    assert email_addresses(recipients) == ["jm@example.com", "ann.o'neil@example.com"]
    url = mailto_url(recipients, "A & B?", "Line 1\nLine 2 = 100%")
    assert url.startswith("mailto:jm@example.com,ann.o%27neil@example.com?subject=")
    assert " " not in url and "&body=" in url
    assert unquote(url.split("&body=")[1]) == "Line 1\r\nLine 2 = 100%"
    assert unquote(url.split("subject=")[1].split("&body=")[0]) == "A & B?"


def test_models_pass_modeltester(qtmodeltester, services, incident, clock) -> None:  # type: ignore[no-untyped-def]
    empty = CommunicationTableModel()
    qtmodeltester.check(empty)
    svc = services.communications
    a = svc.record(MessageDraft(incident.id, "A", "x", recipients="a@b.org")).value
    clock.advance(minutes=1)
    svc.record(MessageDraft(incident.id, "B", "y", recipients="a@b.org", corrects_id=a.id))
    svc.record(MessageDraft(incident.id, "C", "z", direction="in", recipients="Ann", channel="phone"))
    model = CommunicationTableModel()
    model.set_rows(svc.log(incident.id))
    qtmodeltester.check(model)
    model.set_filter("reporter", "phone")
    qtmodeltester.check(model)
    templates = TemplateListModel()
    qtmodeltester.check(templates)
    templates.set_rows(svc.templates())
    qtmodeltester.check(templates)
    assert templates.rowCount() == 6


def test_templates_page_checks_and_saves(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    from app.ui.runner import Runner

    runner = Runner()
    with qtbot.assertNotEmitted(runner.error_raised):
        page = TemplatesPage(services, runner)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10_000)
    page.new_template()
    page.name.setText("Vendor chase")
    page.body.setPlainText("Hello {vendr}")
    assert not page.save_button.isEnabled() and "{vendr}" in page.save_button.toolTip()
    page.body.setPlainText("Hello, any news on {number}?")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.template_saved, timeout=10_000):
        page.save_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 7, timeout=10_000)
    assert "Vendor chase" in [t.name for t in services.communications.templates()]
    runner.wait_idle()


def test_export_dialog_and_long_job(qtbot, services, incident, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services.communications.record(MessageDraft(incident.id, "A", "x", recipients="a@b.org"))
    dlg = ExportCommunicationsDialog((incident.id, incident.number))
    qtbot.addWidget(dlg)
    dlg.format.setCurrentIndex(dlg.format.findData("html"))
    assert dlg.path.text().endswith(f"communications-{incident.number}.html")
    req = dlg.request()
    assert req.query.incident_ids == (incident.id,) and req.format.value == "html"
    dlg.scope_range.setChecked(True)
    dlg.date_from.setDate(QDate(2026, 3, 5))
    dlg.date_to.setDate(QDate(2026, 3, 1))
    with pytest.raises(ValueError, match="before the start"):
        dlg.request()
    dlg.date_to.setDate(QDate(2026, 3, 5))
    ranged = dlg.request().query
    assert ranged.incident_ids == () and ranged.sent_to - ranged.sent_from == timedelta(days=1)
    out = tmp_path / "log.csv"
    parent = ExportCommunicationsDialog()
    qtbot.addWidget(parent)
    job = start_export(parent, services, ExportRequest(CommQuery(), ExportFormat.CSV, out), show_dialog=False)
    with qtbot.waitSignal(job.finished, timeout=20_000) as done:
        pass
    assert done.args[0].rows == 1 and out.exists()


def test_stakeholders_dialog_adds_and_explains_removal(qtbot, services, incident) -> None:  # type: ignore[no-untyped-def]
    from app.ui.dialogs.stakeholders_dialog import StakeholdersDialog
    from app.ui.runner import Runner

    runner = Runner()
    dlg = StakeholdersDialog(services, runner, incident.id, incident.number)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.list.count() == 2, timeout=10_000)  # Jürgen (reporter role) + desk manager
    assert not dlg.add_button.isEnabled() and "name" in dlg.add_button.toolTip()
    dlg.name.setText("Ana O'Neil")
    dlg.email.setText("ana@example.com")
    dlg.role.setCurrentIndex(dlg.role.findData("manager"))
    with qtbot.waitSignal(dlg.stakeholders_changed, timeout=10_000) as sig:
        dlg.add_button.click()
    assert any(s.name == "Ana O'Neil" and s.role == "manager" for s in sig.args[0])
    implicit = next(i for i in range(dlg.list.count()) if "from the incident" in dlg.list.item(i).text())
    dlg.list.setCurrentRow(implicit)
    assert not dlg.remove_button.isEnabled() and "follow from the incident" in dlg.remove_button.toolTip()
    ana = next(i for i in range(dlg.list.count()) if "Ana" in dlg.list.item(i).text())
    dlg.list.setCurrentRow(ana)
    with qtbot.waitSignal(dlg.stakeholders_changed, timeout=10_000) as sig:
        dlg.remove_button.click()
    assert not any(s.name == "Ana O'Neil" for s in sig.args[0])
    runner.wait_idle()
