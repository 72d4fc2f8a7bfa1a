"""Impact x urgency priority matrix (ITIL 3x3 default, 5x5 option), kept as editable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.enums import Priority
from app.domain.errors import ValidationError

LEVEL_LABELS: dict[int, tuple[str, ...]] = {
    3: ("High", "Medium", "Low"),
    5: ("Extensive", "Significant", "Moderate", "Minor", "Negligible"),
}


@dataclass(frozen=True)
class PriorityMatrix:
    """cells[(impact, urgency)] -> Priority, levels counted from 1 (highest)."""

    size: int
    cells: dict[tuple[int, int], Priority] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.size not in LEVEL_LABELS:
            raise ValidationError("The priority matrix must be 3x3 or 5x5.", "matrix")
        missing = [(i, u) for i in self.levels for u in self.levels if (i, u) not in self.cells]
        if missing:
            raise ValidationError(f"The priority matrix has empty cells: {missing}.", "matrix")

    @property
    def levels(self) -> range:
        return range(1, self.size + 1)

    def level_label(self, level: int) -> str:
        return f"{level} - {LEVEL_LABELS[self.size][level - 1]}"

    def priority(self, impact: int, urgency: int) -> Priority:
        if impact not in self.levels or urgency not in self.levels:
            raise ValidationError(
                f"Impact and urgency must be between 1 and {self.size} (got {impact}, {urgency}).", "impact"
            )
        return self.cells[(impact, urgency)]

    def with_cell(self, impact: int, urgency: int, priority: Priority) -> PriorityMatrix:
        cells = dict(self.cells)
        cells[(impact, urgency)] = priority
        return PriorityMatrix(self.size, cells)

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "cells": [[int(self.cells[(i, u)]) for u in self.levels] for i in self.levels]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PriorityMatrix:
        size = int(data["size"])
        rows = data["cells"]
        cells = {(i + 1, u + 1): Priority(int(rows[i][u])) for i in range(size) for u in range(size)}
        return cls(size, cells)

    @classmethod
    def itil_3x3(cls) -> PriorityMatrix:
        grid = [[1, 2, 3], [2, 3, 4], [3, 4, 5]]
        return cls(3, {(i + 1, u + 1): Priority(grid[i][u]) for i in range(3) for u in range(3)})

    @classmethod
    def itil_5x5(cls) -> PriorityMatrix:
        def p(i: int, u: int) -> Priority:
            s = i + u
            return Priority(1 if s <= 3 else 2 if s <= 5 else 3 if s <= 6 else 4 if s <= 8 else 5)

        return cls(5, {(i, u): p(i, u) for i in range(1, 6) for u in range(1, 6)})
