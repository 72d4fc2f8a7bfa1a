"""Sniff a CSV file: compression, encoding (byte-order mark first), delimiter, header and date format."""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
SAMPLE_BYTES = 256 * 1024
SAMPLE_ROWS = 200
DELIMITERS = ",;\t|"
# Order matters: with an ambiguous sample (every day <= 12) the first format that fits wins, and
# day-first is what most exports outside the US use.
DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DATEISH = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$")


@dataclass(frozen=True)
class FileSniff:
    """What the file looks like; every guess can be overridden by the mapping."""

    path: Path
    compressed: bool
    encoding: str
    encoding_note: str
    delimiter: str
    header: tuple[str, ...]
    sample_rows: tuple[tuple[str, ...], ...]
    date_format: str | None
    date_columns: tuple[str, ...]


def open_binary(path: Path) -> BinaryIO:
    """The file's bytes, transparently gunzipped when it starts with the gzip magic number."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == GZIP_MAGIC:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def is_compressed(path: Path) -> bool:
    with open(path, "rb") as probe:
        return probe.read(2) == GZIP_MAGIC


def detect_encoding(sample: bytes) -> tuple[str, str]:
    """(codec name, note for the user). A BOM decides; else UTF-8 if it decodes, else Windows-1252."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name, f"{name} (byte-order mark)"
    try:
        # An incremental decoder tolerates a multi-byte character cut at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252", "not valid UTF-8; guessed Windows-1252"
    return "utf-8", "utf-8"


def detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = lines[0]
        return max(DELIMITERS, key=header.count)


def _fits(fmt: str, value: str) -> bool:
    try:
        datetime.strptime(value.strip(), fmt)
    except ValueError:
        return False
    return True


def detect_date_format(values: Iterable[str]) -> str | None:
    """The first known format that parses every date-like value of the sample."""
    sample = [v for v in values if _DATEISH.match(v)][:500]
    if not sample:
        return None
    for fmt in DATE_FORMATS:
        if all(_fits(fmt, v) for v in sample):
            return fmt
    return None


def date_columns(header: Iterable[str], rows: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    header = list(header)
    rows = list(rows)
    found = []
    for i, name in enumerate(header):
        values = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if values and sum(bool(_DATEISH.match(v)) for v in values) >= max(1, len(values) * 0.8):
            found.append(name)
    return tuple(found)


def read_sample(path: Path, encoding: str | None = None) -> tuple[str, str, str]:
    """(decoded sample text, encoding, note)."""
    with open_binary(path) as fh:
        raw = fh.read(SAMPLE_BYTES)
    if encoding is None or encoding == "auto":
        encoding, note = detect_encoding(raw)
    else:
        note = encoding
    text = raw.decode(encoding, errors="replace")
    if len(raw) == SAMPLE_BYTES and "\n" in text:
        text = text[: text.rfind("\n") + 1]  # drop the cut-off last line
    return text, encoding, note


def sniff(path: Path | str, encoding: str | None = None, delimiter: str | None = None) -> FileSniff:
    path = Path(path)
    text, encoding, note = read_sample(path, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter is None or delimiter == "auto":
        delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: tuple[str, ...] = ()
    rows: list[tuple[str, ...]] = []
    for row in reader:
        if not header:
            header = tuple(c.strip() for c in row)
            continue
        rows.append(tuple(row))
        if len(rows) >= SAMPLE_ROWS:
            break
    dcols = date_columns(header, rows)
    idx = [header.index(c) for c in dcols]
    fmt = detect_date_format(r[i] for r in rows for i in idx if i < len(r))
    return FileSniff(path, is_compressed(path), encoding, note, delimiter, header, tuple(rows), fmt, dcols)
