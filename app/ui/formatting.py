"""Display formatting: local time, durations, status labels."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.domain.enums import Status


def local(dt: datetime | None, with_seconds: bool = False) -> str:
    if dt is None:
        return ""
    fmt = "%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M"
    return dt.astimezone().strftime(fmt)


def duration(delta: timedelta) -> str:
    """Compact signed duration: '2d 3h', '45m', '-1h 5m'."""
    sign = "-" if delta < timedelta(0) else ""
    secs = int(abs(delta.total_seconds()))
    days, rem = divmod(secs, 86400)
    hours, rem = divmod(rem, 3600)
    minutes = rem // 60
    if days:
        return f"{sign}{days}d {hours}h"
    if hours:
        return f"{sign}{hours}h {minutes}m"
    return f"{sign}{minutes}m"


def status_label(value: str) -> str:
    try:
        return Status(value).label
    except ValueError:
        return value
