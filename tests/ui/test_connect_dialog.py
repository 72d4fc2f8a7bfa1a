"""Connect to team server: address in settings, password only in the keyring, test connection, start-up URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.services.team_connection import PasswordVault, ServerAddress
from app.ui.dialogs.connect_dialog import ConnectDialog, ConnectRequest
from app.ui.runner import Runner
from app.ui.team_connect import TeamConnect, saved_address, team_store_url

SHOTS = Path("/tmp/shots/team")


class MemoryKeyring:
    """A keyring backend for tests (the real one may be absent on CI)."""

    priority = 1

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.items.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.items[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.items.pop((service, user), None)


class NoKeyring(PasswordVault):
    @property
    def available(self) -> bool:
        return False


def all_settings() -> dict[str, str]:
    s = QSettings()
    return {k: str(s.value(k)) for k in s.allKeys()}


def server_address(pg_server) -> ServerAddress:  # type: ignore[no-untyped-def]
    name = pg_server.fresh_store().rsplit("/", 1)[1]
    return ServerAddress("127.0.0.1", pg_server.port, name, "postgres")


def test_without_a_keyring_the_dialog_says_so_and_offers_no_remembering(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = ConnectDialog(NoKeyring(), ServerAddress("db.example.com", 5432, "incident_desk", "amorgan"))
    qtbot.addWidget(dlg)
    assert not dlg.remember.isEnabled() and not dlg.remember.isChecked()
    assert "ask for it each time" in dlg.keyring_note.text() and dlg.remember.toolTip()
    dlg.host.setText("")
    dlg.accept()
    assert dlg.result() == 0 and "host" in dlg.error.text()
    dlg.host.setText("db.example.com")
    dlg.show()
    qtbot.waitExposed(dlg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "connect_dialog_no_keyring.png"))


@pytest.mark.postgres
def test_connect_tests_the_server_and_keeps_the_password_out_of_settings(qtbot, pg_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    QSettings().clear()
    ring = MemoryKeyring()
    vault = PasswordVault(ring)
    address = server_address(pg_server)
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host)
    team = TeamConnect(runner, host, vault)
    shown: list[ConnectDialog] = []

    def fill(parent, vault_, addr, prober=None, password_only=False):  # type: ignore[no-untyped-def]
        dlg = ConnectDialog(vault_, addr, prober, parent)
        shown.append(dlg)
        dlg.host.setText(address.host)
        dlg.port.setValue(address.port)
        dlg.database.setText(address.database)
        dlg.user.setText(address.user)
        dlg.password.setText("s3cret:@/pass")
        dlg.test_connection()
        qtbot.waitUntil(lambda: dlg.test_result.text().startswith(("✔", "✘")), timeout=10_000)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.grab().save(str(SHOTS / "connect_dialog.png"))
        return ConnectRequest(dlg.address(), dlg.password.text(), dlg.remember.isChecked())

    monkeypatch.setattr(ConnectDialog, "ask", classmethod(lambda cls, *a, **k: fill(*a, **k)))
    monkeypatch.setattr(TeamConnect, "confirm_restart", lambda self, a: False)
    with qtbot.waitSignal(team.connected, timeout=10_000):
        team.ask()
    assert shown[0].test_result.text() == "✔ Connected. The team store is ready."  # trust auth on the test server
    assert saved_address() == address
    assert ring.items == {("Incident Desk team server", address.key): "s3cret:@/pass"}
    assert not any("s3cret" in v for v in all_settings().values())
    url = team_store_url(vault)
    assert url is not None and "s3cret" in url  # only in memory, escaped, for the engine
    from app.services.app import open_services

    svc = open_services(url, None, login="tester", seed=False)
    try:
        assert "s3cret" not in svc.location and address.database in svc.location
        assert svc.directory.current_user() is not None
    finally:
        svc.close()
    runner.wait_idle()


def test_start_up_asks_for_the_password_when_no_keyring_holds_it(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.team_connect import save_address

    QSettings().clear()
    assert team_store_url(NoKeyring()) is None  # team mode off: the local store opens
    address = ServerAddress("db.example.com", 5433, "desk", "amorgan")
    save_address(address)
    asked: list[bool] = []

    def ask(cls, parent, vault, addr, prober=None, password_only=False):  # type: ignore[no-untyped-def]
        asked.append(password_only)
        return ConnectRequest(addr, "pw", False)

    monkeypatch.setattr(ConnectDialog, "ask", classmethod(ask))
    url = team_store_url(NoKeyring())
    assert asked == [True] and url is not None
    assert url.startswith("postgresql+psycopg://amorgan:pw@db.example.com:5433/desk")
