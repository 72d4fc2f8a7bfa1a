"""Field validation shared by services and wizards: lengths, control characters, dates."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.domain.clock import ensure_utc
from app.domain.errors import ValidationError

TITLE_MAX = 160
TEXT_MAX = 20_000
NAME_MAX = 200
# Tab and newlines are fine in long text; other C0/C1 control characters are not.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ALLOWED_FUTURE_SKEW = timedelta(minutes=2)


def clean_line(value: str | None, field: str, label: str, *, required: bool = False, max_len: int = NAME_MAX) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"{label} is required.", field)
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long ({len(text)} characters; at most {max_len}).", field)
    if _CONTROL_LINE.search(text):
        raise ValidationError(f"{label} contains control characters.", field)
    return text


def clean_text(value: str | None, field: str, label: str, *, required: bool = False, max_len: int = TEXT_MAX) -> str:
    text = (value or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError(f"{label} is required.", field)
    if len(text) > max_len:
        raise ValidationError(f"{label} is too long ({len(text)} characters; at most {max_len}).", field)
    if _CONTROL.search(text):
        raise ValidationError(f"{label} contains control characters.", field)
    return text


def not_in_future(value: datetime, now: datetime, field: str, label: str) -> datetime:
    value = ensure_utc(value)
    if value > ensure_utc(now) + ALLOWED_FUTURE_SKEW:
        raise ValidationError(f"{label} cannot be in the future.", field)
    return value


def format_number(seq: int) -> str:
    return f"INC{seq:07d}"


def parse_number(text: str) -> int | None:
    m = re.fullmatch(r"\s*INC0*(\d+)\s*", text, re.IGNORECASE)
    return int(m.group(1)) if m else None
