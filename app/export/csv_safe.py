"""Excel-safe CSV: RFC 4180 via the csv module, UTF-8 BOM, CRLF, formula injection neutralised (OWASP)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")


@dataclass(frozen=True)
class CsvOptions:
    delimiter: str = ","
    bom: bool = True

    def __post_init__(self) -> None:
        if self.delimiter not in (",", ";", "\t"):
            raise ValueError("The delimiter must be a comma, a semicolon or a tab.")


def neutralise(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).

    defusedcsv was considered: it leaves tab, CR and NUL prefixes alone and lets through text such as
    "-1+1" that only looks numeric, so the OWASP rule is applied here in full instead.
    """
    if value and value[0] in FORMULA_PREFIXES:
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """Numbers stay numbers (so sums work in Excel); every text cell is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


class SafeCsvWriter:
    def __init__(self, fh: IO[str], options: CsvOptions = CsvOptions()) -> None:
        if options.bom:
            fh.write("\ufeff")
        self._writer = csv.writer(fh, delimiter=options.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def header(self, names: Sequence[str]) -> None:
        self._writer.writerow([neutralise(n) for n in names])

    def row(self, values: Sequence[Any]) -> None:
        self._writer.writerow([cell(v) for v in values])

    def rows(self, rows: Iterable[Sequence[Any]]) -> None:
        for r in rows:
            self.row(r)

    def typed_rows(self, rows: Iterable[Sequence[Any]], text_columns: Sequence[int]) -> int:
        """Fast path for typed rows (exports): only the listed text columns are neutralised, everything else
        (numbers, None, ISO times and flags already formatted by the caller) is written as it comes."""
        prefixes = frozenset(FORMULA_PREFIXES)
        count = 0
        write = self._writer.writerow
        if not text_columns:
            for r in rows:
                write(r)
                count += 1
            return count
        for r in rows:
            fixed = None  # copied only when a cell needs the apostrophe, which is rare
            for i in text_columns:
                v = r[i]
                if v and type(v) is str and v[0] in prefixes:
                    if fixed is None:
                        fixed = list(r)
                    fixed[i] = "'" + v
            write(r if fixed is None else fixed)
            count += 1
        return count
