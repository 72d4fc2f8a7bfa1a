"""Domain exceptions whose messages are written for the person at the keyboard."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: the message is shown to the user as-is."""


class ValidationError(DomainError):
    """Input refused; `field` names the offending field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TransitionRefused(DomainError):
    """A lifecycle change that the process does not allow, with the reason."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons or [message]


class NotFound(DomainError):
    """A record the user referred to does not exist (any more)."""


class ConcurrencyConflict(DomainError):
    """Someone else saved the same record first; reload and re-apply."""


class PermissionDenied(DomainError):
    """The current user's role may not do this."""


class StoreError(DomainError):
    """The store cannot be used as it is (damaged, too new, unreachable)."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of the app."""


class StoreDamaged(StoreError):
    """The database file failed its integrity check; it is left untouched."""
