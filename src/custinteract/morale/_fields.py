"""Field declarations shared by the morale package's policies and results.

One place says how a number, an optional number and a count are declared:
finite ints become floats (:func:`~custinteract._validators.number_to_float`),
then the range is checked.
"""

from __future__ import annotations

from typing import Any

import attrs

from .. import _validators as v

__all__ = ["count_field", "number_field", "optional_number_field"]


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
        converter=v.number_to_float, validator=v.optional(v.finite_number(low=low, high=high))
    )


def count_field() -> Any:
    """An integer of at least 0."""
    return attrs.field(validator=v.integer(low=0))
