"""Import wizard driven through its pages with pytest-qt: preset, column and value mapping, preview,
dry run with line numbers, import with progress; the wizard's models pass qtmodeltester."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from app.ingest.csv_import.mapping import Mapping
from app.ingest.servicenow import PRESET
from app.ui.models.import_models import (
    ColumnMappingModel,
    IssueModel,
    MapColumn,
    PreviewModel,
    SampleRowsModel,
    ValueColumn,
    ValueMapModel,
)
from app.ui.runner import Runner
from app.ui.wizards.import_wizard import ImportWizard
from tests.integration.import_facts import FIX, SLICE, facts

SHOTS = os.environ.get("INCIDENT_DESK_SHOTS")  # folder: save a PNG of every page while driving


def _shot(wizard: ImportWizard, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def wizard(qtbot, services):  # type: ignore[no-untyped-def]
    runner = Runner()
    w = ImportWizard(services, runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.file_page.profile.count() > 1, timeout=5_000)
    yield w
    runner.wait_idle()


def _next(qtbot, w: ImportWizard, page_id: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: w.currentPage().isComplete(), timeout=20_000)
    w.next()
    assert w.currentId() == page_id


def test_servicenow_preset_through_every_page(qtbot, wizard, services, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w = wizard
    w.file_page.set_path(SLICE)
    w.file_page.choose_profile(PRESET.name)
    qtbot.waitUntil(lambda: w.sniffed is not None and w.mapping.name == PRESET.name, timeout=5_000)
    assert "utf-8" in w.file_page.detection.text() and "36 columns" in w.file_page.detection.text()
    _shot(w, "1-file")
    _next(qtbot, w, ImportWizard.PAGE_FORMAT)
    assert w.format_page.shape_log.isChecked() and w.format_page.sample_model.rowCount() > 0
    qtmodeltester.check(w.format_page.sample_model)
    _shot(w, "2-format")
    _next(qtbot, w, ImportWizard.PAGE_COLUMNS)
    cols = w.columns_page.model
    qtmodeltester.check(cols)
    assert cols.mapping() == PRESET.columns
    _shot(w, "3-columns")
    _next(qtbot, w, ImportWizard.PAGE_VALUES)
    qtmodeltester.check(w.values_page.model)
    w.values_page.choose("hold_reason")
    sources = {v.source: v.target for v in w.values_page.model.rows()}
    assert sources.get("Awaiting User Info") == "awaiting_caller"
    w.values_page.choose("status")
    _shot(w, "4-values")
    _next(qtbot, w, ImportWizard.PAGE_PREVIEW)
    qtbot.waitUntil(lambda: w.preview_page.loaded, timeout=10_000)
    qtmodeltester.check(w.preview_page.model)
    first = w.preview_page.model.row_at(0)
    assert first.external_ref == "INC0000045" and first.status == "closed"
    assert "created" in w.preview_page.history.toPlainText()
    _shot(w, "5-preview")
    _next(qtbot, w, ImportWizard.PAGE_DRY_RUN)
    qtbot.waitUntil(lambda: w.dry_run_page.report is not None, timeout=20_000)
    qtmodeltester.check(w.dry_run_page.model)
    expected = facts(SLICE)
    lines = [w.dry_run_page.model.row_at(r).line for r in range(w.dry_run_page.model.rowCount())]
    assert set(expected["bad_state_lines"]) <= set(lines)
    _shot(w, "6-dry-run")
    _next(qtbot, w, ImportWizard.PAGE_IMPORT)
    assert f"{expected['incidents']:,} incidents" in w.import_page.what.text()
    _shot(w, "7-import")
    with qtbot.waitSignal(w.import_finished, timeout=30_000) as blocker:
        w.accept()
    summary = blocker.args[0]
    assert summary.incidents == expected["incidents"] and not summary.cancelled
    assert services.imports.outcome_counts()["escalated"] == expected["escalated"]
    assert "incidents imported" in w.import_page.result.toPlainText()
    _shot(w, "8-done")


def test_new_mapping_built_by_hand_with_value_maps(qtbot, wizard, services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = wizard
    w.file_page.set_path(FIX / "other-tool.csv")
    qtbot.waitUntil(lambda: w.sniffed is not None, timeout=5_000)
    _next(qtbot, w, ImportWizard.PAGE_FORMAT)
    assert w.format_page.delimiter.currentData() == "auto" and w.sniffed.delimiter == ";"
    w.format_page.timezone.setText("Europe/Berlin")
    _next(qtbot, w, ImportWizard.PAGE_COLUMNS)
    page = w.columns_page
    assert not page.isComplete()  # no external number yet, and the page says why
    assert "External number" in page.problems.text()
    for key, col in (("external_ref", "Ticket"), ("title", "Summary"), ("status", "State"),
                     ("opened_at", "Opened"), ("closed_at", "Closed"), ("source", "Channel"), ("group", "Team")):
        assert page.model.set_column(key, col)
    assert not page.model.setData(page.model.index(0, MapColumn.SOURCE), "No such column")
    assert page.isComplete(), page.problems.text()
    page.export_to(tmp_path / "m.json")
    assert Mapping.load(tmp_path / "m.json").columns["external_ref"] == "Ticket"
    _next(qtbot, w, ImportWizard.PAGE_VALUES)
    vp = w.values_page
    vp.choose("status")
    model = vp.model
    for r in range(model.rowCount()):
        src = model.row_at(r).source
        target = {"Open": "in_progress", "Waiting": "on_hold", "Solved": "resolved", "Done": "closed"}[src]
        assert model.setData(model.index(r, ValueColumn.TARGET), target)
    assert not model.setData(model.index(0, ValueColumn.TARGET), "not-a-status")
    vp.choose("source")
    for r in range(vp.model.rowCount()):
        src = vp.model.row_at(r).source
        vp.model.setData(vp.model.index(r, ValueColumn.TARGET), {"Tel": "phone", "Mail": "email",
                                                                  "Portal": "self_service"}[src])
    assert w.mapping.values["status"]["Waiting"] == "on_hold"
    _next(qtbot, w, ImportWizard.PAGE_PREVIEW)
    qtbot.waitUntil(lambda: w.preview_page.loaded, timeout=10_000)
    assert w.preview_page.model.rowCount() == 5
    _next(qtbot, w, ImportWizard.PAGE_DRY_RUN)
    qtbot.waitUntil(lambda: w.dry_run_page.report is not None, timeout=10_000)
    assert w.dry_run_page.report.incidents == 5 and not w.dry_run_page.report.errors
    _next(qtbot, w, ImportWizard.PAGE_IMPORT)
    w.import_page.profile_name.setText("Other tool")
    with qtbot.waitSignal(w.import_finished, timeout=20_000):
        w.accept()
    assert "Other tool" in services.imports.profile_names()
    saved = services.imports.profile("Other tool")
    assert saved.timezone == "Europe/Berlin" and saved.values["source"]["Tel"] == "phone"
    assert w.button(QWizard.WizardButton.BackButton).isEnabled() is False


def test_malformed_file_dry_run_lists_lines(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    w = wizard
    w.file_page.set_path(FIX / "malformed.csv")
    w.file_page.load_mapping_file(FIX / "malformed-mapping.json")
    qtbot.waitUntil(lambda: w.sniffed is not None and w.mapping.name == "Malformed fixture", timeout=5_000)
    for page in (ImportWizard.PAGE_FORMAT, ImportWizard.PAGE_COLUMNS, ImportWizard.PAGE_VALUES,
                 ImportWizard.PAGE_PREVIEW):
        _next(qtbot, w, page)
    _next(qtbot, w, ImportWizard.PAGE_DRY_RUN)
    qtbot.waitUntil(lambda: w.dry_run_page.report is not None, timeout=10_000)
    m = w.dry_run_page.model
    rows = {m.row_at(r).line: m.data(m.index(r, 1)) for r in range(m.rowCount())}
    assert rows == {3: "Skipped", 4: "Skipped", 5: "Skipped", 6: "Skipped", 7: "Skipped", 8: "Skipped"}
    assert "6 rows would be skipped" in w.dry_run_page.summary.text()
    assert "2 incidents would be imported" in w.dry_run_page.summary.text()


def test_missing_file_is_explained(qtbot, wizard, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wizard.file_page.set_path(tmp_path / "nope.csv")
    assert not wizard.file_page.isComplete()
    assert "There is no file" in wizard.file_page.detection.text()


def test_empty_models_pass_modeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for model in (SampleRowsModel(), ColumnMappingModel(), ValueMapModel(), PreviewModel(), IssueModel()):
        qtmodeltester.check(model)


def test_main_window_file_menu_opens_the_wizard(qtbot, services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.actions import ActionId
    from app.ui.main_window import MainWindow

    calls: list[object] = []

    def fake_ask(cls, svc, runner, parent):  # type: ignore[no-untyped-def]
        calls.append(parent)
        return services.imports.run(SLICE, PRESET).value

    monkeypatch.setattr(ImportWizard, "ask", classmethod(fake_ask))
    w = MainWindow(services)
    qtbot.addWidget(w)
    w.show()
    action = w.actions[ActionId.IMPORT_CSV]
    file_menu = w.menuBar().actions()[0].menu()
    assert action in file_menu.actions() and not action.shortcut().isEmpty()
    with qtbot.waitSignal(w.queue_loaded, timeout=10_000):
        action.trigger()
    assert calls == [w]
    w.runner.wait_idle()
