"""Runner answers can arrive after a wizard was closed and deleted; deliver them only to live widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from shiboken6 import isValid


def if_alive(obj: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        if isValid(obj):
            fn(*args)

    return call
