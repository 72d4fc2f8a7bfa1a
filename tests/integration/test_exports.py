"""CSV export round-trips through the csv module: awkward text, formula neutralising, options, cancel, views."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from app.domain.enums import Source
from app.domain.errors import ValidationError
from app.domain.queue_filter import BUILTIN_VIEWS
from app.export.csv_safe import CsvOptions
from app.services.exports import ALL_KEYS, BY_KEY, ExportRequest, columns_for_queue, sort_for_queue
from app.services.incidents import LogRequest
from app.services.jobs import Cancelled, JobControl
from app.store.report_queries import export_columns

NASTY = [
    'Comma, and "quotes"',
    "Line one\nline two\r\nline three",
    "Emoji 🔥🚒 in the title",
    "עברית: השרת לא עונה",  # right-to-left text
    "=HYPERLINK(\"http://evil\",\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
]


def read(path: Path, delimiter: str = ",") -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return raw, list(csv.reader(fh, delimiter=delimiter))


def log_nasty(services: Any) -> list[int]:
    ids = []
    for title in NASTY:
        r = services.incidents.log(LogRequest(title=title.replace("\n", " ").replace("\r", " "),
                                              description=title, source=Source.PHONE, impact=2, urgency=2))
        ids.append(r.value.id)
    return ids


def test_round_trip_neutralises_text_not_numbers(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_nasty(services)
    # The title field is one line, so put the multi-line and leading-tab text where free text lives.
    with services.ctx.db.uow() as uow:
        inc = uow.incidents.get(2)
        inc.resolution_code = "Line one\nline two\r\nline three"
        inc.hold_reason = "\tleading tab"
        uow.commit()
    out = tmp_path / "all.csv"
    res = services.exports.export_incidents(ExportRequest(out, columns=ALL_KEYS))
    raw, rows = read(out)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert res.rows == len(NASTY) == len(rows) - 1
    header = rows[0]
    assert header[:3] == ["Number", "Title", "Status"]
    col = {h: i for i, h in enumerate(header)}
    titles = [r[col["Title"]] for r in rows[1:]]
    assert titles[0] == 'Comma, and "quotes"'
    assert titles[2] == "Emoji 🔥🚒 in the title" and titles[3] == NASTY[3]
    assert titles[4] == "'" + NASTY[4] and titles[5] == "'+1+1" and titles[6] == "'-2+3"
    assert titles[7] == "'@SUM(A1:A2)"
    assert rows[2][col["Resolution code"]] == "Line one\nline two\r\nline three"
    assert rows[2][col["Hold reason"]] == "'\tleading tab"
    # Numbers stay numbers: no apostrophe, parseable, even when negative.
    assert {r[col["Priority"]] for r in rows[1:]} == {"3"} and {r[col["Impact"]] for r in rows[1:]} == {"2"}
    assert float(rows[1][col["SLA remaining (minutes)"]]) > 0
    assert rows[1][col["Age (minutes)"]] == "0.0"
    assert rows[1][col["Logged (UTC)"]] == "2026-03-02T09:00:00Z"
    assert rows[1][col["Major incident"]] == "false"


def test_negative_numbers_are_not_neutralised(services, clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_nasty(services)
    clock.advance(days=30)  # far past the resolution target: remaining minutes are negative
    out = tmp_path / "late.csv"
    services.exports.export_incidents(ExportRequest(out, columns=("number", "sla_remaining_minutes")))
    _, rows = read(out)
    assert rows[1][1].startswith("-") and float(rows[1][1]) < 0


def test_semicolon_no_bom_and_local_time(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log_nasty(services)
    out = tmp_path / "semi.csv"
    tz = timezone(timedelta(hours=2))
    services.exports.export_incidents(ExportRequest(
        out, columns=("number", "title", "logged_at", "priority"), options=CsvOptions(";", bom=False),
        local_time=True, timezone=tz))
    raw, rows = read(out, ";")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["Number", "Title", "Logged (UTC)", "Logged (local)", "Priority"]
    assert rows[1][:4] == ["INC0000001", 'Comma, and "quotes"', "2026-03-02T09:00:00Z", "2026-03-02 11:00:00"]
    assert all(len(r) == 5 for r in rows)


def test_cancel_leaves_no_file_and_keeps_old_one(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(300, seed=2)
    services.exports.CHUNK = 50
    out = tmp_path / "exports" / "cancel.csv"
    out.parent.mkdir()
    seen: list[int] = []
    control = JobControl()

    def progress(done: int, total: int, _msg: str) -> None:
        seen.append(done)
        if done >= 100:
            control.cancel()

    control._on_progress = progress  # type: ignore[attr-defined]
    with pytest.raises(Cancelled):
        services.exports.export_incidents(ExportRequest(out), control)
    assert not out.exists() and list(out.parent.iterdir()) == []
    assert 100 in seen and max(seen) < 300
    out.write_text("previous export")
    control2 = JobControl(lambda d, t, m: control2.cancel() if d else None)
    with pytest.raises(Cancelled):
        services.exports.export_incidents(ExportRequest(out), control2)
    assert out.read_text() == "previous export"


def test_queue_view_filter_columns_and_sort(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(200, seed=5)
    view = next(v for v in BUILTIN_VIEWS if v.key == "all_open")
    cols = columns_for_queue(["PRIORITY", "NUMBER", "TITLE", "SLA"])
    assert cols == ("number", "priority", "title", "resolution_due_at", "sla_remaining_minutes")
    out = tmp_path / "open.csv"
    res = services.exports.export_incidents(ExportRequest(out, filter=view.filter, columns=cols,
                                                          sort=sort_for_queue("PRIORITY", False)))
    _, rows = read(out)
    assert res.rows == services.queue.count(view.filter) == len(rows) - 1 > 0
    prios = [int(r[1]) for r in rows[1:]]
    assert prios == sorted(prios)
    numbers = {r.number for r in services.queue.rows(view.filter)}
    assert {r[0] for r in rows[1:]} == numbers


def test_date_range_and_streaming(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    services.demo.generate(400, seed=6, days=40)
    services.exports.CHUNK = 37  # many chunks, so the streaming path is exercised
    start = datetime(2026, 2, 1, tzinfo=UTC)
    end = datetime(2026, 2, 15, tzinfo=UTC)
    out = tmp_path / "range.csv"
    progress: list[tuple[int, int]] = []
    res = services.exports.export_incidents(
        ExportRequest(out, logged_from=start, logged_to=end, columns=("number", "logged_at")),
        JobControl(lambda d, t, m: progress.append((d, t))))
    _, rows = read(out)
    logged = [datetime.fromisoformat(r[1]) for r in rows[1:]]
    assert logged and all(start <= t < end for t in logged)
    assert res.rows == len(logged) == progress[-1][0] == progress[-1][1]
    assert len(progress) > 3


def test_bad_requests_are_refused(services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.exports.export_incidents(ExportRequest(tmp_path / "x.csv", columns=("nope",)))
    with pytest.raises(ValidationError):
        services.exports.export_incidents(ExportRequest(
            tmp_path / "x.csv", logged_from=datetime(2026, 2, 2, tzinfo=UTC),
            logged_to=datetime(2026, 2, 1, tzinfo=UTC)))
    with pytest.raises(ValidationError):
        services.exports.export_incidents(ExportRequest(tmp_path))
    assert not (tmp_path / "x.csv").exists()


def test_column_catalogue_matches_store() -> None:
    sql = export_columns(datetime(2026, 1, 1, tzinfo=UTC))
    assert set(sql) == set(BY_KEY)
    assert all(sql[k].kind == BY_KEY[k].kind for k in sql)
