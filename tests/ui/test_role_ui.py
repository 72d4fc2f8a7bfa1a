"""The UI explains or hides what a role may not do: an agent's dashboard and a refused reassignment."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.enums import Source
from app.services.incidents import LogRequest
from app.ui.dialogs.assign_dialog import AssignDialog, AssignRequest
from app.ui.incident_flows import IncidentFlows
from app.ui.panels.dashboard_panel import DashboardPanel
from app.ui.runner import Runner


def act_as(services, login: str) -> None:  # type: ignore[no-untyped-def]
    services.ctx.user_id = next(p.id for p in services.directory.staff() if p.login == login)


def test_agent_dashboard_offers_only_own_group_and_says_why(qtbot, services) -> None:  # type: ignore[no-untyped-def]
    act_as(services, "amorgan")
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host)
    panel = DashboardPanel(services, runner, host)
    qtbot.waitUntil(lambda: panel.group.count() == 1 and panel.group.currentText() == "Service Desk", timeout=10_000)
    assert "Only managers and administrators" in panel.group.toolTip()
    qtbot.waitUntil(lambda: "incidents" in panel.status.text(), timeout=10_000)  # computed, not refused
    runner.wait_idle()


def test_refused_reassignment_is_explained(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    d = services.incidents.log(LogRequest(title="Printer jam", source=Source.WALK_IN)).value
    network = next(g.id for g in services.directory.groups() if g.name == "Network")
    act_as(services, "amorgan")
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host)
    flows = IncidentFlows(services, runner, host)
    flows.show_boxes = False
    monkeypatch.setattr(AssignDialog, "ask", classmethod(lambda cls, *a, **k: AssignRequest(network, None)))
    with qtbot.waitSignal(flows.action_refused, timeout=10_000) as refused:
        flows.assign(d.id)
    assert "Only team leads, managers and administrators may move incidents" in refused.args[1][0]
    assert services.incidents.get(d.id).group.name == "Service Desk"
    runner.wait_idle()
