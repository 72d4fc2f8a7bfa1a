"""CSV import into a real store: ServiceNow slice with history, idempotent re-import, generic mapping,
dry-run errors with line numbers, cancel keeping whole incidents, mapping profiles."""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime

import pytest

from app.domain.errors import ValidationError
from app.ingest.csv_import.mapping import Mapping
from app.ingest.csv_import.reader import Severity
from app.ingest.csv_import.service import ImportService
from app.ingest.servicenow import PRESET
from app.services.jobs import JobControl
from tests.integration.import_facts import FIX, SLICE, facts, full_file


@pytest.fixture
def imports(services):  # type: ignore[no-untyped-def]
    return ImportService(services.ctx)


def _incident_id(services, ref: str) -> int:  # type: ignore[no-untyped-def]
    with services.ctx.db.uow() as uow:
        inc = uow.incidents.by_external_ref(ref)
        assert inc is not None, ref
        return inc.id


def test_servicenow_slice_matches_independent_facts(imports, services) -> None:  # type: ignore[no-untyped-def]
    expected = facts(SLICE)
    summary = imports.run(SLICE, PRESET).value
    got = imports.outcome_counts()
    assert got["incidents"] == summary.incidents == expected["incidents"]
    assert got["closed"] == expected["closed"] == expected["incidents"]
    assert got["breached"] == summary.breached == expected["breached"]
    assert got["reopened"] == summary.reopened == expected["reopened"]
    assert got["escalated"] == summary.escalated == expected["escalated"]
    assert expected["escalated"] > 0 and expected["reopened"] > 0 and expected["breached"] > 0
    unknown = [i.line for i in summary.warnings if "unknown state '-100'" in i.message]
    assert unknown == expected["bad_state_lines"] and len(unknown) == 5
    assert not summary.errors
    assert services.integrity.check().ok


def test_history_has_original_times_actors_holds_and_escalations(imports, services) -> None:  # type: ignore[no-untyped-def]
    imports.run(SLICE, PRESET)
    iid = _incident_id(services, "INC0000047")
    events = services.incidents.events(iid)
    at = datetime(2016, 3, 1, 9, 14, tzinfo=UTC)
    held = [e for e in events if e.kind == "held"]
    assert held and held[0].at == at and held[0].new == "awaiting_caller" and held[0].actor == "Updated by 332"
    created = events[0]
    assert created.kind == "created" and created.at == datetime(2016, 2, 29, 4, 40, tzinfo=UTC)
    assert created.actor == "Opened by  397"
    escalations = services.incidents.escalations(iid)
    assert len(escalations) == 1
    e = escalations[0]
    assert (e.from_group, e.to_group, e.by) == ("Group 70", "Group 24", "Updated by 21")
    assert e.at == datetime(2016, 2, 29, 5, 30, tzinfo=UTC) and e.kind == "functional"
    detail = services.incidents.get(iid)
    assert detail.status == "closed" and detail.closed_at == datetime(2016, 3, 6, 10, 0, tzinfo=UTC)
    assert detail.resolved_at == datetime(2016, 3, 1, 9, 52, tzinfo=UTC)
    kinds = [e.kind for e in events]
    assert kinds.index("resumed") < kinds.index("resolved") < kinds.index("closed")
    assert kinds[-1] == "imported"
    # a reopened incident has a reopen event at the row where reopen_count went up
    reopened = services.incidents.events(_incident_id(services, "INC0000102"))
    assert any(e.kind == "reopened" and e.field == "reopen_count" for e in reopened)


def test_reimport_creates_no_duplicates(imports, services) -> None:  # type: ignore[no-untyped-def]
    first = imports.run(SLICE, PRESET).value
    with services.ctx.db.uow() as uow:
        before = (uow.incidents.count(), uow.events.count(), len(uow.people.contacts(limit=100_000)))
    second = imports.run(SLICE, PRESET).value
    assert second.incidents == 0 and second.already_present == first.incidents
    with services.ctx.db.uow() as uow:
        after = (uow.incidents.count(), uow.events.count(), len(uow.people.contacts(limit=100_000)))
    assert after == before


def test_gzip_file_imports_the_same(imports, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gz = tmp_path / "slice.csv.gz"
    with open(SLICE, "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    summary = imports.run(gz, PRESET).value
    assert summary.incidents == facts(SLICE)["incidents"]


def test_generic_mapping_one_row_per_incident(imports, services) -> None:  # type: ignore[no-untyped-def]
    mapping = Mapping.load(FIX / "generic-mapping.json")
    summary = imports.run(FIX / "other-tool.csv", mapping).value
    assert summary.incidents == 5 and not summary.issues, summary.lines()
    assert (summary.encoding, summary.delimiter) == ("utf-8-sig", ";")
    one = services.incidents.get(_incident_id(services, "OT:OT-1001"))
    assert one.status == "closed" and one.title == "Mail server down" and one.source == "phone"
    # 08:15 in Berlin in winter is 07:15 UTC
    assert one.logged_at == datetime(2024, 1, 3, 7, 15, tzinfo=UTC)
    assert one.closed_at == datetime(2024, 1, 4, 8, 0, tzinfo=UTC)
    assert one.closure_code == "Confirmed by caller"
    held = services.incidents.get(_incident_id(services, "OT:OT-1003"))
    assert held.status == "on_hold" and held.hold_reason == "awaiting_vendor" and held.source == "email"
    multi = services.incidents.get(_incident_id(services, "OT:OT-1005"))
    assert multi.title == "Report; export fails" and multi.description == "Line one\nline two"
    kinds = [e.kind for e in services.incidents.events(one.id)]
    assert kinds[:2] == ["created", "assigned"] and "resolved" in kinds and "closed" in kinds


def test_dry_run_reports_every_bad_row_with_its_line(imports, services) -> None:  # type: ignore[no-untyped-def]
    mapping = Mapping.load(FIX / "malformed-mapping.json")
    report = imports.dry_run(FIX / "malformed.csv", mapping)
    errors = {i.line: i.message for i in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "not a date" in errors[3] and "not a date" in errors[5]
    assert "ragged" in errors[4] and "ragged" in errors[7]
    assert "utf-8" in errors[6] and "encoding" in errors[6]
    assert "external number" in errors[8]
    assert report.incidents == 2 and report.dry_run
    with services.ctx.db.uow() as uow:
        assert uow.incidents.count() == 0  # a dry run writes nothing
    real = imports.run(FIX / "malformed.csv", mapping).value
    assert real.incidents == 2 and len(real.errors) == 6


def test_missing_columns_are_reported_on_line_one(imports) -> None:  # type: ignore[no-untyped-def]
    mapping = Mapping.load(FIX / "malformed-mapping.json")
    report = imports.dry_run(FIX / "missing-columns.csv", mapping)
    assert report.incidents == 0
    assert all(i.line == 1 and i.severity is Severity.ERROR for i in report.issues)
    text = " ".join(i.message for i in report.issues)
    assert "'state'" in text and "'closed'" in text


def _cancel_after_first_batch() -> JobControl:
    control = JobControl()

    def progress(done: int, total: int, message: str) -> None:
        if done > 0:
            control.cancel()

    control._on_progress = progress  # type: ignore[attr-defined]
    return control


def test_cancel_keeps_whole_incidents_only(imports, services) -> None:  # type: ignore[no-untyped-def]
    summary = imports.run(SLICE, PRESET, _cancel_after_first_batch(), batch_size=10).value
    assert summary.cancelled and not summary.rolled_back and summary.incidents == 10
    with services.ctx.db.uow() as uow:
        assert uow.incidents.count() == 10
    # each kept incident is complete: a fresh import of the rest adds exactly the others
    rest = imports.run(SLICE, PRESET).value
    assert rest.already_present == 10 and rest.incidents == facts(SLICE)["incidents"] - 10
    assert imports.outcome_counts()["escalated"] == facts(SLICE)["escalated"]


def test_cancel_all_or_nothing_rolls_back(imports, services) -> None:  # type: ignore[no-untyped-def]
    with services.ctx.db.uow() as uow:
        people_before = len(uow.people.contacts(limit=100_000))
    summary = imports.run(SLICE, PRESET, _cancel_after_first_batch(), all_or_nothing=True, batch_size=10).value
    assert summary.cancelled and summary.rolled_back and summary.incidents == 0
    with services.ctx.db.uow() as uow:
        assert uow.incidents.count() == 0 and uow.events.count() == 0
        assert len(uow.people.contacts(limit=100_000)) == people_before


def test_profiles_saved_by_name_and_presets_protected(imports, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mapping = Mapping.load(FIX / "generic-mapping.json")
    imports.save_profile(mapping, "Other tool")
    assert imports.profile_names()[0] == PRESET.name and "Other tool" in imports.profile_names()
    back = imports.profile("Other tool")
    assert back.columns == mapping.columns and back.values == mapping.values and back.name == "Other tool"
    with pytest.raises(ValidationError, match="built-in"):
        imports.save_profile(mapping, PRESET.name)
    with pytest.raises(ValidationError, match="name"):
        imports.save_profile(mapping, "  ")
    assert imports.delete_profile("Other tool").value is True
    assert "Other tool" not in imports.profile_names()


@pytest.mark.slow
def test_full_servicenow_file_acceptance(imports) -> None:  # type: ignore[no-untyped-def]
    """The whole real export (~10-20 s); skipped where ../shared/data is absent (the slice test covers it)."""
    path = full_file()
    if path is None:
        pytest.skip("../shared/data/servicenow-incident-event-log.csv.gz is not present")
    summary = imports.run(path, PRESET).value
    got = imports.outcome_counts()
    assert summary.rows == 141_712
    assert got == {"incidents": 24_918, "closed": 24_918, "breached": 9_115, "reopened": 275,
                   "escalated": 11_369}
    unknown = [i for i in summary.warnings if "unknown state '-100'" in i.message]
    assert len(unknown) == 5 and not summary.errors
