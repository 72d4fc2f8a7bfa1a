"""A save that meets someone else's newer version: the conflict dialog, reload and re-apply, or drop."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.domain.clock import FixedClock
from app.domain.enums import Source
from app.services.incidents import LogRequest
from app.ui.dialogs.conflict_dialog import ConflictChoice, ConflictDialog
from app.ui.incident_flows import IncidentFlows
from app.ui.runner import Runner
from tests.conftest import PINNED

SHOTS = Path("/tmp/shots/team")


@pytest.fixture
def stale(services, db_path):  # type: ignore[no-untyped-def]
    """An incident as this user saw it, then changed by someone else a few minutes later."""
    from app.services.app import open_services

    inc = services.incidents.log(LogRequest(title="VPN drops every hour", source=Source.PHONE)).value
    seen = services.incidents.get(inc.id)
    other = open_services(db_path, db_path.parent / "b2", clock=FixedClock(PINNED + timedelta(minutes=5)),
                          login="amorgan", seed=False)
    try:
        other.incidents.update_fields(inc.id, title="VPN drops every hour (all of sales)",
                                      suspected_cause="Gateway certificate renewal")
        other.incidents.add_note(inc.id, "Called the vendor.")
    finally:
        other.close()
    return seen


@pytest.fixture
def flows(qtbot, services):  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    runner = Runner(host)
    f = IncidentFlows(services, runner, host)
    f.show_boxes = False
    yield f
    runner.wait_idle()


def save_symptoms(flows: IncidentFlows, seen) -> None:  # type: ignore[no-untyped-def]
    flows.do_versioned("save_diagnosis", "Save diagnosis", seen,
                       lambda v: flows.services.incidents.update_fields(seen.id, v, symptoms="Tunnel resets"))


def test_conflict_shows_their_changes_and_reapplies_mine(qtbot, flows, services, stale, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(
        lambda cls, parent, report, action: asked.append(report) or ConflictChoice.REAPPLY))
    with qtbot.waitSignal(flows.action_done, timeout=10_000) as done:
        save_symptoms(flows, stale)
    report = asked[0]
    assert {d.field for d in report.differences} == {"title", "suspected_cause"}
    assert report.actors == ("Alex Morgan",) and any("Called the vendor" in str(e.payload) or e.kind == "note_added"
                                                     for e in report.entries)
    final = services.incidents.get(stale.id)
    assert done.args[1].version == final.version
    assert final.symptoms == "Tunnel resets" and final.suspected_cause == "Gateway certificate renewal"
    assert final.title.endswith("(all of sales)")


def test_dropping_my_change_keeps_theirs_only(qtbot, flows, services, stale, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, report, action: ConflictChoice.DISCARD))
    with qtbot.waitSignal(flows.conflict_reported, timeout=10_000):
        save_symptoms(flows, stale)
    flows.runner.wait_idle()
    final = services.incidents.get(stale.id)
    assert final.symptoms is None and final.suspected_cause == "Gateway certificate renewal"


def test_conflict_dialog_models_and_look(qtbot, qtmodeltester, services, stale) -> None:  # type: ignore[no-untyped-def]
    report = services.conflicts.report(stale.id, stale)
    dlg = ConflictDialog(report, "Save diagnosis")
    qtbot.addWidget(dlg)
    qtmodeltester.check(dlg.differences)
    qtmodeltester.check(dlg.changes)
    assert dlg.differences.rowCount() == 2 and dlg.changes.rowCount() >= 2
    assert "Alex Morgan" in dlg.intro.text() and "nothing was overwritten" in dlg.intro.text()
    dlg.show()
    qtbot.waitExposed(dlg)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "conflict_dialog.png"))
    dlg.reapply_button.click()
    assert dlg.choice is ConflictChoice.REAPPLY
