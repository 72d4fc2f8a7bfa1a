"""Fast converters from CSV text to typed values: dates in a known format, leading integers, booleans."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

_DIRECTIVES = {"%d": r"(?P<d>\d{1,2})", "%m": r"(?P<m>\d{1,2})", "%Y": r"(?P<Y>\d{4})", "%H": r"(?P<H>\d{1,2})",
               "%M": r"(?P<M>\d{2})", "%S": r"(?P<S>\d{2})"}
_LEADING_INT = re.compile(r"\s*(-?\d+)")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f", ""})


class BadValue(ValueError):
    """A cell that cannot be converted; the message says what was expected."""


class DateParser:
    """Parses one date format to aware UTC datetimes, with a cache (exports repeat timestamps a lot).

    Formats made only of %d %m %Y %H %M %S compile to a regex, ~5x faster than strptime.
    """

    def __init__(self, fmt: str, timezone: str = "UTC") -> None:
        self.fmt = fmt
        self.zone = None if timezone.upper() == "UTC" else ZoneInfo(timezone)
        self._cache: dict[str, datetime] = {}
        self._regex = _compile(fmt)

    def __call__(self, text: str) -> datetime:
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        value = self._parse(text.strip())
        self._cache[text] = value
        return value

    def _parse(self, text: str) -> datetime:
        try:
            if self._regex is not None:
                m = self._regex.fullmatch(text)
                if m is None:
                    raise ValueError(text)
                g = m.groupdict()
                naive = datetime(int(g["Y"]), int(g.get("m") or 1), int(g.get("d") or 1), int(g.get("H") or 0),
                                 int(g.get("M") or 0), int(g.get("S") or 0))
            else:
                naive = datetime.strptime(text, self.fmt)
        except ValueError:
            raise BadValue(f"'{text}' is not a date in the format {pretty_format(self.fmt)}") from None
        if naive.tzinfo is not None:
            return naive.astimezone(UTC)
        if self.zone is None:
            return naive.replace(tzinfo=UTC)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)


def _compile(fmt: str) -> re.Pattern[str] | None:
    out = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            part = _DIRECTIVES.get(fmt[i:i + 2])
            if part is None:
                return None
            out.append(part)
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return re.compile("".join(out)) if "(?P<Y>" in "".join(out) else None


def pretty_format(fmt: str) -> str:
    """'%d/%m/%Y %H:%M' -> 'd/m/yyyy HH:MM', the way people write it."""
    for a, b in (("%d", "d"), ("%m", "m"), ("%Y", "yyyy"), ("%H", "HH"), ("%M", "MM"), ("%S", "SS")):
        fmt = fmt.replace(a, b)
    return fmt


def leading_int(text: str) -> int:
    """'2 - Medium' -> 2; '3' -> 3."""
    m = _LEADING_INT.match(text)
    if m is None:
        raise BadValue(f"'{text}' does not start with a number")
    return int(m.group(1))


def boolean(text: str, true_words: frozenset[str] = TRUE_WORDS, false_words: frozenset[str] = FALSE_WORDS) -> bool:
    t = text.strip().lower()
    if t in true_words:
        return True
    if t in false_words:
        return False
    raise BadValue(f"'{text}' is neither true nor false")
