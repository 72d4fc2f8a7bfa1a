"""Read a CSV file through a mapping: rows with their line numbers, converted to typed snapshots, and issues."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from app.domain.enums import Source, Status
from app.ingest.csv_import.detect import open_binary, sniff
from app.ingest.csv_import.mapping import FIELD_BY_KEY, LEVEL_RANGE, Kind, Mapping
from app.ingest.csv_import.values import BadValue, DateParser, boolean, leading_int

# Bytes the codec could not decode come back as lone surrogates (errors="surrogateescape").
_UNDECODABLE = re.compile("[\udc80-\udcff]")
csv.field_size_limit(16 * 1024 * 1024)


class Severity(str, Enum):
    ERROR = "error"  # the row is skipped
    WARNING = "warning"  # the row is imported, one value is ignored


@dataclass(frozen=True, slots=True)
class Issue:
    line: int
    severity: Severity
    message: str
    external_ref: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        ref = f" ({self.external_ref})" if self.external_ref else ""
        return f"{where}{ref}: {self.message}"


@dataclass(slots=True)
class Snapshot:
    """One row after conversion: field key -> typed value (missing key or None = empty)."""

    line: int
    ref: str
    values: dict[str, Any]
    raw_status: str | None


@dataclass(frozen=True)
class FileSettings:
    """The mapping's file settings with every 'auto' resolved against the file."""

    encoding: str
    encoding_note: str
    delimiter: str
    date_format: str | None
    header: tuple[str, ...]


def resolve(path: Path, mapping: Mapping) -> FileSettings:
    s = sniff(path, None if mapping.encoding == "auto" else mapping.encoding,
              None if mapping.delimiter == "auto" else mapping.delimiter)
    fmt = s.date_format if mapping.date_format == "auto" else mapping.date_format
    return FileSettings(s.encoding, s.encoding_note, s.delimiter, fmt, s.header)


def raw_rows(path: Path, encoding: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number of the record, cells), header included as line 1."""
    with open_binary(path) as fh:
        text = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        prev = 0
        for row in reader:
            start = prev + 1
            prev = reader.line_num
            yield start, row


class RowConverter:
    """Turns cells into a Snapshot; conversion problems become Issues instead of exceptions."""

    def __init__(self, mapping: Mapping, settings: FileSettings, issues: list[Issue]) -> None:
        self.mapping = mapping
        self.issues = issues
        self.width = len(settings.header)
        self.empty = frozenset(mapping.empty_values) | {""}
        index = {name: i for i, name in enumerate(settings.header)}
        self.ref_index = index.get(mapping.column("external_ref") or "", -1)
        self.prefix = mapping.external_prefix
        self.encoding = settings.encoding
        date = DateParser(settings.date_format or "%Y-%m-%d %H:%M:%S", mapping.timezone)
        self.status_map = mapping.values.get("status", {})
        self.status_index = index.get(mapping.column("status") or "", -1)
        self.plan: list[tuple[str, int, Callable[[str], Any], bool]] = []
        for key, col in mapping.columns.items():
            if key == "external_ref" or col not in index:
                continue
            spec = FIELD_BY_KEY[key]
            conv, fatal = self._converter(key, spec.kind, date)
            self.plan.append((key, index[col], conv, fatal))
        self.title_template = mapping.title_template
        self.template_cols = [c for c in re.findall(r"\{([^{}]+)\}", mapping.title_template) if c in index]
        self.template_index = {c: index[c] for c in self.template_cols}

    def _converter(self, key: str, kind: Kind, date: DateParser) -> tuple[Callable[[str], Any], bool]:
        table = self.mapping.values.get(key, {})
        if kind is Kind.DATE:
            return date, True
        if kind is Kind.INT:
            def to_int(text: str) -> int:
                try:
                    return int(text)
                except ValueError:
                    return leading_int(text)
            return to_int, True
        if kind is Kind.BOOL:
            def to_bool(text: str) -> bool:
                return boolean(table.get(text, text))
            return to_bool, False
        if kind is Kind.STATUS:
            return self._status, False
        if kind is Kind.LEVEL:
            lo, hi = LEVEL_RANGE[key]
            known = {k: int(v) for k, v in table.items() if v.isdigit()}

            def level(text: str) -> int:
                hit = known.get(text)
                if hit is not None:
                    return hit
                value = leading_int(table.get(text, text))
                if not lo <= value <= hi:
                    raise BadValue(f"'{text}' is outside {lo}-{hi}")
                return value
            return level, False
        if kind is Kind.SOURCE:
            def source(text: str) -> str:
                target = table.get(text) or text.strip().lower().replace(" ", "_").replace("-", "_")
                try:
                    return Source(target).value
                except ValueError:
                    raise BadValue(f"unknown source '{text}' (add it to the source value map)") from None
            return source, False
        if kind is Kind.CODE:
            return (lambda text: table.get(text, text.strip())), False
        return _text, False

    def _status(self, text: str) -> str:
        target = self.status_map.get(text)
        if target is None:
            guess = text.strip().lower().replace(" ", "_")
            if guess in Status._value2member_map_:
                return guess
            raise BadValue(f"unknown state '{text}' (kept the previous state)")
        return target

    def convert(self, line: int, cells: list[str]) -> Snapshot | None:
        if len(cells) != self.width and any(cells[self.width:]) or len(cells) < self.width:
            self.issues.append(Issue(line, Severity.ERROR, f"ragged row: {len(cells)} fields where the header "
                                                           f"has {self.width}"))
            return None
        if _UNDECODABLE.search("\x00".join(cells)):
            self.issues.append(Issue(line, Severity.ERROR, f"bytes that are not valid {self.encoding} "
                                                           "(wrong encoding?)"))
            return None
        ref = cells[self.ref_index].strip() if self.ref_index >= 0 else ""
        if not ref or ref in self.empty:
            self.issues.append(Issue(line, Severity.ERROR, "no external number"))
            return None
        ref = self.prefix + ref
        values: dict[str, Any] = {}
        empty = self.empty
        raw_status = cells[self.status_index] if self.status_index >= 0 else None
        for key, i, conv, fatal in self.plan:
            text = cells[i]
            # A snapshot is complete: an empty cell means the field is empty at that moment.
            if text in empty or (text[:1].isspace() and not text.strip()):
                values[key] = None
                continue
            try:
                values[key] = conv(text)
            except BadValue as exc:
                label = FIELD_BY_KEY[key].label
                if fatal:
                    self.issues.append(Issue(line, Severity.ERROR, f"{label}: {exc}", ref))
                    return None
                self.issues.append(Issue(line, Severity.WARNING, f"{label}: {exc}", ref))
        if self.title_template and "title" not in values:
            parts = {}
            for col, i in self.template_index.items():
                text = cells[i]
                parts[col] = "" if text in empty else text.strip()
            try:
                values["title"] = " ".join(self.title_template.format_map(_Blank(parts)).split())
            except (ValueError, IndexError):
                pass
        return Snapshot(line, ref, values, raw_status)


def _text(text: str) -> str | None:
    return text.strip() or None


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class ReadResult:
    settings: FileSettings
    snapshots: list[Snapshot]
    issues: list[Issue]
    rows: int


def read(path: Path, mapping: Mapping, settings: FileSettings | None = None,
         progress: Callable[[int], None] | None = None, limit: int | None = None) -> ReadResult:
    """Read and convert every row (or the first `limit`); file-level problems are issues on line 1."""
    settings = settings or resolve(path, mapping)
    issues: list[Issue] = []
    problems = mapping.problems(settings.header)
    if problems:
        return ReadResult(settings, [], [Issue(1, Severity.ERROR, p) for p in problems], 0)
    if settings.date_format is None and any(FIELD_BY_KEY[k].kind is Kind.DATE for k in mapping.columns):
        issues.append(Issue(1, Severity.ERROR, "could not detect the date format; set it in the mapping"))
        return ReadResult(settings, [], issues, 0)
    conv = RowConverter(mapping, settings, issues)
    snaps: list[Snapshot] = []
    rows = 0
    for line, cells in raw_rows(path, settings.encoding, settings.delimiter):
        if line == 1 or not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        rows += 1
        snap = conv.convert(line, cells)
        if snap is not None:
            snaps.append(snap)
        if progress is not None and rows % 10_000 == 0:
            progress(rows)
        if limit is not None and rows >= limit:
            break
    return ReadResult(settings, snaps, issues, rows)
