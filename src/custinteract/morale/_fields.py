"""Fields of the morale package's policies and results: how they are declared and read.

One place says how a number, an optional number and a count are declared
(finite ints become floats through
:func:`~custinteract._validators.number_to_float`, then the range is
checked), and how a result finds one item of a tuple field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from .. import _validators as v
from .._errors import InvalidInputError

__all__ = ["count_field", "find", "number_field", "optional_number_field"]

T = TypeVar("T")


def number_field(
    *,
    default: Any = attrs.NOTHING,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
) -> Any:
    """A finite number (ints converted to float) within the bounds given."""
    return attrs.field(
        default=default,
        converter=v.number_to_float,
        validator=v.finite_number(low=low, high=high, low_open=low_open),
    )


def optional_number_field(*, low: float | None = None, high: float | None = None) -> Any:
    """None, or a finite number (ints converted to float) within the bounds given."""
    return attrs.field(
        converter=v.optional_number_to_float,
        validator=v.optional(v.finite_number(low=low, high=high)),
    )


def count_field() -> Any:
    """An integer of at least 0."""
    return attrs.field(validator=v.integer(low=0))


def find(items: Iterable[T], attribute: str, wanted: object, expected: str) -> T:
    """The first item whose ``attribute`` equals ``wanted``, else :class:`InvalidInputError`."""
    for item in items:
        if getattr(item, attribute) == wanted:
            return item
    raise InvalidInputError(attribute, wanted, expected)
