"""Priority matrix: ITIL 3x3 default, 5x5 option, editable cells, JSON round trip."""

from __future__ import annotations

import pytest

from app.domain.enums import Priority
from app.domain.errors import ValidationError
from app.domain.priority import PriorityMatrix

ITIL = {
    (1, 1): 1, (1, 2): 2, (1, 3): 3,
    (2, 1): 2, (2, 2): 3, (2, 3): 4,
    (3, 1): 3, (3, 2): 4, (3, 3): 5,
}


@pytest.mark.parametrize(("cell", "expected"), sorted(ITIL.items()))
def test_itil_3x3(cell: tuple[int, int], expected: int) -> None:
    assert PriorityMatrix.itil_3x3().priority(*cell) == Priority(expected)


def test_5x5_corners_and_monotonic() -> None:
    m = PriorityMatrix.itil_5x5()
    assert m.priority(1, 1) is Priority.P1
    assert m.priority(5, 5) is Priority.P5
    for i in m.levels:
        for u in range(1, 5):
            assert m.priority(i, u) <= m.priority(i, u + 1)


def test_out_of_range_refused() -> None:
    with pytest.raises(ValidationError):
        PriorityMatrix.itil_3x3().priority(4, 1)


def test_edit_and_round_trip() -> None:
    m = PriorityMatrix.itil_3x3().with_cell(3, 3, Priority.P4)
    assert m.priority(3, 3) is Priority.P4
    again = PriorityMatrix.from_json(m.to_json())
    assert again == m
    assert PriorityMatrix.itil_3x3().priority(3, 3) is Priority.P5  # original untouched


def test_incomplete_matrix_refused() -> None:
    with pytest.raises(ValidationError):
        PriorityMatrix(3, {(1, 1): Priority.P1})
