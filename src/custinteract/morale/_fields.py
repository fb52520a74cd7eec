"""Fields of the morale package's policies and results: how they are declared and read.

One place says how a number, an optional number and a count are declared
(as ``attrs.field(**number_spec(...))``, so that type checkers see the field)
(finite ints become floats through
:func:`~custinteract._validators.number_to_float`, then the range is
checked), and how a result finds one item of a tuple field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from .. import _validators as v
from .._errors import InvalidInputError

__all__ = ["count_spec", "find", "number_spec", "optional_number_spec"]

T = TypeVar("T")


def number_spec(
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> dict[str, Any]:
    """A finite number (ints converted to float) within the bounds given.

    The converter and validator, for ``attrs.field(**number_spec(...))`` (add
    ``default=`` there): the field is an ``attrs.field`` call, so type checkers
    see whether it has a default and flag a missing required argument.
    """
    return {
        "converter": v.number_to_float,
        "validator": v.finite_number(low=low, high=high, low_open=low_open),
    }


def optional_number_spec(*, low: float | None = None, high: float | None = None) -> dict[str, Any]:
    """None, or a finite number (ints converted to float) within the bounds given (as :func:`number_spec`)."""
    return {
        "converter": v.optional_number_to_float,
        "validator": v.optional(v.finite_number(low=low, high=high)),
    }


def count_spec() -> dict[str, Any]:
    """An integer of at least 0 (as :func:`number_spec`)."""
    return {"validator": v.integer(low=0)}


def find(items: Iterable[T], attribute: str, wanted: object, expected: str) -> T:
    """The first item whose ``attribute`` equals ``wanted``, else :class:`InvalidInputError`."""
    for item in items:
        if getattr(item, attribute) == wanted:
            return item
    raise InvalidInputError(attribute, wanted, expected)
