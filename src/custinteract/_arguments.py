"""What every public function checks of its arguments before it reads them.

A wrong type is an :class:`InvalidInputError` naming the parameter, never a
``TypeError`` or ``AttributeError`` from deep inside: a collection of items
(:func:`check_iterable`), a mapping (:func:`check_mapping`), an instance of a
class (:func:`check_instance`). :func:`is_frame` tells a table of the
optional extras from the core's values without importing those libraries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import InvalidInputError

__all__ = ["check_instance", "check_iterable", "check_mapping", "is_frame"]


def is_frame(value: object) -> bool:
    """Whether ``value`` is a table of the optional extras (a pandas, Dask or polars DataFrame).

    The core never imports those libraries; a function that also takes the
    frame results (:mod:`custinteract.frames`) asks this first and hands the
    frame to its engine's columnar module.

    >>> from custinteract._validators import is_frame
    >>> is_frame([1, 2]), is_frame({"status": []})
    (False, False)
    """
    kind = type(value)
    return kind.__name__ == "DataFrame" and kind.__module__.split(".")[0] in (
        "pandas",
        "dask",
        "dask_expr",
        "polars",
    )


def check_iterable(
    value: object,
    name: str,
    item: type[Any] | tuple[type[Any], ...] | None = None,
    *,
    expected: str | None = None,
) -> Any:
    """``value`` if it is a collection of items; else :class:`InvalidInputError` naming ``name``.

    ``None``, a number, text and bytes (which iterate as characters) are
    refused. Without ``item`` the value comes back as it is (a generator is
    not consumed); with ``item`` (a type or tuple of types) it comes back as a
    list whose every element was checked, an error naming ``name[index]``.

    >>> from custinteract._validators import check_iterable
    >>> check_iterable([1, 2], "values", int)
    [1, 2]
    >>> check_iterable(None, "interactions")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: interactions: expected an iterable (a list, tuple, set or generator), got None
    >>> check_iterable([1, "2"], "values", int)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: values[1]: expected an int, got '2'
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        if expected is None:
            expected = (
                "an iterable (a list, tuple, set or generator)"
                if item is None
                else f"an iterable of {_type_names(item)} values"
            )
        raise InvalidInputError(name, value, expected)
    if item is None:
        return value
    items = list(value)
    for index, element in enumerate(items):
        if not isinstance(element, item) or (isinstance(element, bool) and item in (int, float)):
            raise InvalidInputError(f"{name}[{index}]", element, _article(_type_names(item)))
    return items


def check_mapping(value: object, name: str, *, expected: str = "a mapping") -> Mapping[Any, Any]:
    """``value`` if it is a mapping; else :class:`InvalidInputError` naming ``name``.

    >>> from custinteract._validators import check_mapping
    >>> check_mapping({"a": 1}, "capacity")
    {'a': 1}
    """
    if not isinstance(value, Mapping):
        raise InvalidInputError(name, value, expected)
    return value


def check_instance(value: object, name: str, cls: type[Any] | tuple[type[Any], ...]) -> Any:
    """``value`` if it is a ``cls``; else :class:`InvalidInputError` naming ``name``.

    >>> from custinteract._validators import check_instance
    >>> check_instance(3, "assessment", str)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: assessment: expected a str, got 3
    """
    if not isinstance(value, cls):
        raise InvalidInputError(name, value, _article(_type_names(cls)))
    return value


def _type_names(cls: type[Any] | tuple[type[Any], ...]) -> str:
    if isinstance(cls, tuple):
        return " or ".join(kind.__name__ for kind in cls)
    return cls.__name__


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "AEIOUaeiou" else "a ") + noun
