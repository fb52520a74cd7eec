"""Refusals stay bounded: a hostile or huge document gives a short error, not a crash."""

from __future__ import annotations

import pickle
import tracemalloc
from typing import Any

import pytest

import custinteract as ci
from custinteract._errors import MAX_PROBLEMS

GOOD = {
    "id": "i-1",
    "customer_id": "c-1",
    "timestamp": "2026-03-04T10:00:00+00:00",
    "sentiment": "positive",
}


def _deep(levels: int) -> list[Any]:
    root: list[Any] = []
    node = root
    for _ in range(levels):
        child: list[Any] = []
        node.append(child)
        node = child
    return root


def test_a_deeply_nested_value_is_refused_with_a_short_preview() -> None:
    """An id nested 10,000 lists deep is refused, its preview cut at three levels."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.Interaction, {**GOOD, "id": _deep(10_000)})
    assert info.value.field == "id"
    assert "[[[[...]]]]" in str(info.value)
    assert len(str(info.value)) < 300


def test_a_huge_invalid_document_keeps_a_bounded_number_of_problems() -> None:
    """Twenty thousand bad items: a hundred itemised (four problems each), the rest counted."""
    document = {"interactions": [{"id": n} for n in range(20_000)]}
    tracemalloc.start()
    try:
        with pytest.raises(ci.InvalidInputError) as info:
            ci.from_dict(ci.Dataset, document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = info.value
    # a wrong id and three missing fields in each itemised item, then one per further item
    assert error.problem_count == 4 * MAX_PROBLEMS + (20_000 - MAX_PROBLEMS)
    assert len(error.problems) == MAX_PROBLEMS
    assert f"and {error.problem_count - 6:,} more)" in str(error)
    assert len(str(error)) < 2_000
    assert peak < 200 * 2**20


def test_the_count_survives_pickling() -> None:
    """Errors cross process boundaries (Dask) with their problems and count."""
    error = ci.InvalidInputError("a", 1, "two", problems=(("a", "x"), ("b", "y")), problem_count=7)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, copy.problem_count, str(copy)) == (error.problems, 7, str(error))


def test_a_value_whose_repr_fails_is_shown_by_its_type() -> None:
    """The message never depends on a refused value's own repr working."""

    class Hostile:
        def __repr__(self) -> str:
            raise RecursionError("no")

    error = ci.InvalidInputError("field", Hostile(), "a string")
    assert str(error).startswith("field: expected a string, got <Hostile")
