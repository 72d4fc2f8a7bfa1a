"""Shared export pieces: formula-safe CSV cells, atomic output, job cancellation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.export.csv_safe import CsvOptions, SafeCsvWriter, neutralise
from app.export.files import atomic_output
from app.services.jobs import Cancelled, JobControl


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\x00x"])
def test_formula_prefixes_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_csv_round_trip_keeps_numbers_and_text() -> None:
    buf = io.StringIO(newline="")
    w = SafeCsvWriter(buf, CsvOptions(delimiter=";", bom=True))
    w.header(["a", "b", "c"])
    w.row(["x, \"y\"\nz", -5, "=1+1"])
    data = buf.getvalue()
    assert data.startswith("\ufeff") and "\r\n" in data
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert rows == [["a", "b", "c"], ["x, \"y\"\nz", "-5", "'=1+1"]]


def test_atomic_output_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(Cancelled):
        with atomic_output(target) as fh:
            fh.write("half")
            raise Cancelled("stop")
    assert list(tmp_path.iterdir()) == []
    with atomic_output(target) as fh:
        fh.write("whole")
    assert target.read_text() == "whole"


def test_job_control_cancels_at_next_report() -> None:
    seen: list[int] = []
    control = JobControl(lambda d, t, m: seen.append(d))
    control.report(1, 10)
    control.cancel()
    with pytest.raises(Cancelled):
        control.report(2, 10)
    assert seen == [1, 2]
