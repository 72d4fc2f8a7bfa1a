"""Monitoring inbox, the receiver switch and e-mail drops, driven through the main window's API."""

from __future__ import annotations

import json
from http.client import HTTPConnection
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from app.domain.alerts import AlertStatus, IncomingAlert
from app.services.changes import Changes
from app.ui.actions import ActionId
from app.ui.email_drop import EmailImporter
from app.ui.main_window import MainWindow
from app.ui.models.alert_table_model import AlertColumn, AlertTableModel
from app.ui.models.roles import Role
from app.ui.monitoring_receiver import KEY_ENABLED, KEY_PORT
from app.ui.panels.monitoring_inbox import MonitoringInboxPanel

FIXTURES = Path(__file__).parent.parent / "fixtures" / "email"
SHOTS = Path("/tmp/shots/inbox")


def alert(key: str, title: str, severity: str = "critical", status: AlertStatus = AlertStatus.FIRING,
          source: str = "alertmanager") -> IncomingAlert:
    return IncomingAlert(fingerprint=f"{source}:{key}", source=source, title=title, status=status,
                         severity=severity, raw={"labels": {"severity": severity}})


def seed_alerts(services) -> None:  # type: ignore[no-untyped-def]
    services.alerts.receive([
        alert("a", "HighErrorRate: 5xx rate above 5 % on payments-api"),
        alert("b", "DiskWillFillIn4Hours: /var on db-01", "warning"),
        alert("c", "Nightly backup failed", "high", source="cron"),
    ])
    services.alerts.receive([alert("a", "HighErrorRate: 5xx rate above 5 % on payments-api")] * 3)
    services.alerts.receive([alert("b", "DiskWillFillIn4Hours: /var on db-01", "warning", AlertStatus.RESOLVED)])
    services.alerts.receive([alert("zz", "Resolved without firing", "info", AlertStatus.RESOLVED, "nagios")])


@pytest.fixture
def window(qtbot, services):  # type: ignore[no-untyped-def]
    services.demo.generate(30, seed=5)
    w = MainWindow(services)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        w.show()
        w.start()
    yield w
    w.detection.shutdown()
    w.runner.wait_idle()


def open_inbox(qtbot, window) -> MonitoringInboxPanel:  # type: ignore[no-untyped-def]
    dock = window.detection.show_inbox()
    panel = dock.widget()
    assert isinstance(panel, MonitoringInboxPanel)
    qtbot.waitUntil(lambda: panel.count.text() != "", timeout=10_000)
    return panel


def test_alert_model_passes_modeltester(qtmodeltester, services) -> None:  # type: ignore[no-untyped-def]
    model = AlertTableModel()
    qtmodeltester.check(model)
    seed_alerts(services)
    model.set_rows(services.alerts.list_alerts())
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    model.sort(AlertColumn.COUNT, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, AlertColumn.COUNT).data() for r in range(4)] == ["4", "1", "1", "0"]
    assert model.index(0, AlertColumn.STATUS).data() == "Firing"
    assert model.index(0, AlertColumn.STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, AlertColumn.INCIDENT).data().startswith("INC")
    assert model.index(0, 0).data(Role.ROW).count == 4
    qtmodeltester.check(model)


def test_inbox_lists_alerts_and_refreshes_on_changes(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    panel = open_inbox(qtbot, window)
    assert panel.model.rowCount() == 0 and panel.count.text() == "0 alerts, 0 firing"
    assert "Receiver off" in panel.receiver_label.text()
    seed_alerts(services)
    with qtbot.waitSignal(panel.alerts_loaded, timeout=10_000):
        window.runner.announce(Changes(topics=frozenset({"alerts"})))
    assert panel.model.rowCount() == 4 and panel.count.text() == "4 alerts, 2 firing"
    with qtbot.waitSignal(panel.alerts_loaded, timeout=10_000):
        panel.status.setCurrentIndex(panel.status.findData(AlertStatus.FIRING.value))
    assert panel.model.rowCount() == 2
    with qtbot.waitSignal(panel.alerts_loaded, timeout=10_000):
        panel.status.setCurrentIndex(0)
    assert panel.model.rowCount() == 4
    unlinked = panel.model.row_of(next(r.id for r in services.alerts.list_alerts() if r.incident_id is None))
    panel.table.selectRow(unlinked)
    assert not panel.show_incident.isEnabled() and panel.show_incident.toolTip() == "This alert has no incident"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1400, 900)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "main_with_inbox.png"))
    panel.grab().save(str(SHOTS / "inbox_panel.png"))


def test_double_click_selects_the_incident_in_the_queue(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    seed_alerts(services)
    panel = open_inbox(qtbot, window)
    # The queue's view does not show the new incidents yet: the inbox narrows it to the one asked for.
    row = next(n for n in range(panel.model.rowCount()) if panel.model.row_at(n).incident_id is not None)
    wanted = panel.model.row_at(row).incident_id
    rect = panel.table.visualRect(panel.model.index(row, AlertColumn.ALERT))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.incident_requested, timeout=5_000) as sig:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [wanted]
    qtbot.waitUntil(lambda: window.queue.selected_ids() == [wanted], timeout=10_000)
    # Asking again when the incident is already listed just selects it.
    window.queue.table.clearSelection()
    window.detection.reveal_incident(wanted)
    assert window.queue.selected_ids() == [wanted]


def test_receiver_toggle_serves_and_updates_inbox(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    QSettings().setValue(KEY_PORT, 0)
    panel = open_inbox(qtbot, window)
    action = window.actions[ActionId.RECEIVE_ALERTS]
    action.setChecked(True)
    assert window.detection.receiver.running and action.isChecked()
    url = window.detection.receiver.url
    assert url.startswith("http://127.0.0.1:") and url in panel.receiver_label.text()
    assert window.detection.url_label.isVisible() and url in window.detection.url_label.text()
    assert QSettings().value(KEY_ENABLED, type=bool) is True
    port = window.detection.receiver._receiver.port  # type: ignore[union-attr]
    with qtbot.waitSignal(panel.alerts_loaded, timeout=10_000):
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/alerts", body=json.dumps({"title": "Queue depth high", "severity": "critical"}))
        assert conn.getresponse().status == 200
    assert panel.model.rowCount() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1400, 900)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "receiving.png"))
    action.setChecked(False)
    assert not window.detection.receiver.running and not window.detection.url_label.isVisible()
    assert "Receiver off" in panel.receiver_label.text()
    assert QSettings().value(KEY_ENABLED, type=bool) is False


def test_receiver_port_in_use_is_reported(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    from PySide6.QtWidgets import QMessageBox

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    QSettings().setValue(KEY_PORT, busy.getsockname()[1])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    try:
        window.actions[ActionId.RECEIVE_ALERTS].setChecked(True)
    finally:
        busy.close()
    assert shown and "Cannot receive alerts on 127.0.0.1" in shown[0]
    assert not window.actions[ActionId.RECEIVE_ALERTS].isChecked()


def test_auto_resolve_toggle_saves_the_setting(qtbot, window, services) -> None:  # type: ignore[no-untyped-def]
    action = window.actions[ActionId.ALERTS_AUTO_RESOLVE]
    assert not action.isChecked()
    action.setChecked(True)
    qtbot.waitUntil(lambda: services.alerts.settings().auto_resolve, timeout=10_000)


def mime_for(*names: str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(FIXTURES / n)) for n in names])
    return mime


def test_drop_eml_files_on_the_window(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reports: list[list] = []
    monkeypatch.setattr(EmailImporter, "present", classmethod(lambda cls, parent, results: reports.append(results)))
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile("/tmp/picture.png"), QUrl("https://example.com/a.eml")])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()
    mime = mime_for("plain.eml", "html_only.eml", "not_an_email.eml")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    before = services.queue.builtin_counts()["all"]
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.detection.emails.import_finished, timeout=20_000) as sig:
        window.dropEvent(drop)
    results = sig.args[0]
    assert [r.ok for r in results] == [True, True, False]
    assert reports == [results]
    assert services.queue.builtin_counts()["all"] == before + 2
    created = results[0].outcome.incident_id
    qtbot.waitUntil(lambda: window.queue.selected_ids() == [created], timeout=10_000)


def test_file_menu_import_email(qtbot, window, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.email_drop import report_text

    services.email_intake  # noqa: B018 - created before the import thread uses it
    monkeypatch.setattr(EmailImporter, "ask_files", classmethod(
        lambda cls, parent: [FIXTURES / "html_only.eml", FIXTURES / "reply_by_in_reply_to.eml"]))
    reports: list[list] = []
    monkeypatch.setattr(EmailImporter, "present", classmethod(lambda cls, parent, results: reports.append(results)))
    with qtbot.waitSignal(window.detection.emails.import_finished, timeout=20_000):
        window.actions[ActionId.IMPORT_EMAIL].trigger()
    title, summary, details = report_text(window, reports[0])
    number = reports[0][0].outcome.incident_number
    assert summary == f"1 new incident(s): {number}.\n1 reply(ies) added to {number}."
    assert "html_only.eml: Logged" in details and title == "E-mail import"


def test_receiver_dialog_needs_a_secret_for_the_network(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ingest.webhook import ReceiverConfig
    from app.ui.dialogs.alert_receiver_dialog import ALL_INTERFACES, AlertReceiverDialog

    dlg = AlertReceiverDialog(ReceiverConfig(port=9200))
    qtbot.addWidget(dlg)
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and "http://127.0.0.1:9200/alerts" in dlg.hint.text()
    dlg.host.setCurrentIndex(dlg.host.findData(ALL_INTERFACES))
    assert not ok.isEnabled() and "needs a shared secret" in ok.toolTip()
    dlg.generate.click()
    assert ok.isEnabled() and len(dlg.secret.text()) >= 24
    value = dlg.value()
    assert (value.host, value.port, value.secret) == (ALL_INTERFACES, 9200, dlg.secret.text())
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.show()
    qtbot.wait(20)
    dlg.grab().save(str(SHOTS / "receiver_dialog.png"))


def test_receiver_settings_restart_a_running_receiver(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ingest.webhook import ReceiverConfig
    from app.ui.dialogs.alert_receiver_dialog import AlertReceiverDialog

    QSettings().setValue(KEY_PORT, 0)
    window.actions[ActionId.RECEIVE_ALERTS].setChecked(True)
    monkeypatch.setattr(AlertReceiverDialog, "ask", classmethod(
        lambda cls, parent, config: ReceiverConfig(port=0, secret="new-secret")))
    window.actions[ActionId.RECEIVER_SETTINGS].trigger()
    receiver = window.detection.receiver._receiver
    assert receiver is not None and receiver.config.secret == "new-secret"
    conn = HTTPConnection("127.0.0.1", receiver.port, timeout=30)
    conn.request("POST", "/alerts", body=json.dumps({"title": "x"}))
    assert conn.getresponse().status == 401
