"""Page ids of the wizards, so `setPage`/`nextId` never use magic numbers."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    DETECTION = 1
    DESCRIPTION = 2
    SIMILAR = 3
    CATEGORIZE = 4
    SUMMARY = 5


class NextStep(IntEnum):
    """What the agent chose on the similar-incidents page."""

    LOG_NEW = 0
    DUPLICATE = 1
    ADD_CALLER = 2
