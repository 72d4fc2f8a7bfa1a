"""What a use case changed, so views refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    incident_ids: frozenset[int] = frozenset()
    created_ids: frozenset[int] = frozenset()
    topics: frozenset[str] = frozenset()  # "incidents", "notes", "escalations", "settings", "communications", ...

    @classmethod
    def incident(cls, incident_id: int, *topics: str, created: bool = False) -> Changes:
        return cls(
            incident_ids=frozenset({incident_id}),
            created_ids=frozenset({incident_id}) if created else frozenset(),
            topics=frozenset({"incidents", *topics}),
        )

    @classmethod
    def everything(cls) -> Changes:
        return cls(topics=frozenset({"*"}))

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.incident_ids | other.incident_ids, self.created_ids | other.created_ids, self.topics | other.topics
        )

    def touches(self, topic: str) -> bool:
        return "*" in self.topics or topic in self.topics

    @property
    def empty(self) -> bool:
        return not (self.incident_ids or self.created_ids or self.topics)


@dataclass(frozen=True)
class Result(Generic[T]):
    """A use case's answer: the value to show and what changed."""

    value: T
    changes: Changes = field(default_factory=Changes)
