"""attrs converters: what a field turns its value into before its validator sees it.

Finite ints become floats (:func:`number_to_float`), lists and other
non-string iterables become tuples (:func:`to_tuple`), and mappings become
:class:`FrozenMap`, the one immutable mapping type (:func:`freeze_map`).
Anything else is left as it is for the field's validator
(:mod:`custinteract._validators`), which names it. Each converter is typed
with what the constructor accepts, so that type checkers see the real
parameter types; where a field's type is narrower than the shared
converter's, it declares a copy typed for it (:func:`retyped`).
"""

from __future__ import annotations

import copy
import math
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

__all__ = [
    "FrozenMap",
    "freeze_map",
    "freeze_str_map",
    "int_tuple",
    "is_finite_number",
    "number_to_float",
    "optional_number_to_float",
    "optional_str_tuple",
    "retyped",
    "str_tuple",
    "to_tuple",
]


def is_finite_number(value: object) -> bool:
    """True for an int or float (not a bool) that is finite.

    An int too large for a float (``10**400``) is not: arithmetic with it
    would overflow, so it counts as infinite rather than raising here.

    >>> from custinteract._validators import is_finite_number
    >>> is_finite_number(3), is_finite_number(float("inf")), is_finite_number(10**400)
    (True, False, False)
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond float range
        return False


def number_to_float(value: float) -> float:
    """Converter: finite ints become floats; anything else is left for the validator.

    Typed as what the constructor accepts (an int or a float), so that type
    checkers see ``float`` where a field declares it; a value of another type
    still reaches the field's validator, which names it.
    """
    if is_finite_number(value):
        return float(value)
    return value


def retyped(function: Callable[..., Any], name: str, doc: str, **annotations: str) -> Any:
    """``function`` under another name and annotations, at no cost per call.

    A converter's annotations are what type checkers and ``inspect`` read as
    the constructor's parameter type; a field whose type is narrower than the
    shared converter's declares a retyped copy (the same code, no extra call
    on the hot path of every model's constructor).
    """
    copy = types.FunctionType(
        function.__code__, function.__globals__, name, function.__defaults__, function.__closure__
    )
    copy.__annotations__ = annotations
    copy.__doc__ = doc
    copy.__qualname__ = name
    copy.__module__ = function.__module__
    return copy


if TYPE_CHECKING:

    def optional_number_to_float(value: float | None) -> float | None:
        """Converter of an optional number."""

else:
    optional_number_to_float = retyped(
        number_to_float,
        "optional_number_to_float",
        "Converter of an optional number: :func:`number_to_float`, typed to accept ``None`` too.",
        value="float | None",
        **{"return": "float | None"},
    )


T = TypeVar("T")


def to_tuple(value: Iterable[T]) -> tuple[T, ...]:
    """Converter: lists (and other non-string iterables) become tuples.

    Generic for pyright; a field declares a converter typed with its item type
    (``Iterable[Reason]`` and so on) that calls this one, so that mypy sees the
    real parameter type too. Anything else is left for the validator.
    """
    if isinstance(value, (list, tuple, frozenset, set)):
        return tuple(value)
    return value  # type: ignore[return-value]  # left for the validator, which names it


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Converter of a tuple of strings: :func:`to_tuple`, typed for mypy."""
    return to_tuple(value)


def optional_str_tuple(value: Iterable[str | None]) -> tuple[str | None, ...]:
    """Converter of a tuple of strings and ``None``: :func:`to_tuple`, typed for mypy."""
    return to_tuple(value)


def int_tuple(value: Iterable[int]) -> tuple[int, ...]:
    """Converter of a tuple of ints: :func:`to_tuple`, typed for mypy."""
    return to_tuple(value)


K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(dict[K, V]):
    """The one immutable mapping type: a read-only ``dict``, hashable, picklable, equal to a ``dict`` with its items.

    Every mapping field of a model, policy or result holds one (``metadata``
    and ``attributes`` of strings, policy tables keyed by an enum such as
    :attr:`RecoveryPolicy.gesture_credit`, summaries such as
    :attr:`RecoverySummary.by_status`), and so do the reason-code tables.
    It is a ``dict`` (so ``json.dumps``, pandas and every API that wants a
    dict take it as it is) whose every mutating method raises ``TypeError``;
    build a value from a plain ``dict``: the field converts it. Keys that are
    enum members (policy tables, summaries) are written as their values by
    :func:`~custinteract.to_dict`, as for every other field; ``json.dumps``
    takes string keys only.

    >>> import json
    >>> import custinteract as ci
    >>> m = ci.FrozenMap({"plan": "gold"})
    >>> m["plan"], m == {"plan": "gold"}, len(m), isinstance(m, dict), json.dumps(m)
    ('gold', True, 1, True, '{"plan": "gold"}')
    >>> m["plan"] = "silver"
    Traceback (most recent call last):
    ...
    TypeError: a FrozenMap is read-only; build a new one (dict(m) copies it)
    >>> credit = ci.RecoveryPolicy(gesture_credit={ci.GestureKind.REFUND: 2}).gesture_credit
    >>> credit[ci.GestureKind.REFUND], credit[ci.GestureKind.APOLOGY], type(credit).__name__
    (2.0, 0.0, 'FrozenMap')
    >>> hash(credit) == hash(ci.FrozenMap(dict(credit)))
    True
    """

    __slots__ = ("_hash",)

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] | None = None) -> None:
        super().__init__(data or {})
        self._hash: int | None = None

    def __hash__(self) -> int:  # type: ignore[override]  # a dict is unhashable; this one is read-only
        if self._hash is None:
            self._hash = hash(frozenset(self.items()))
        return self._hash

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        """Refused: a FrozenMap is read-only, so this raises ``TypeError``."""
        raise TypeError("a FrozenMap is read-only; build a new one (dict(m) copies it)")

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (dict(self),))

    def __copy__(self) -> FrozenMap[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenMap[K, V]:
        return FrozenMap(copy.deepcopy(dict(self), memo))


def freeze_map(value: Mapping[K, V]) -> FrozenMap[K, V]:
    """Converter: any mapping becomes a :class:`FrozenMap`; anything else is left for the validator.

    Generic for pyright; fields declare a converter typed with their key and
    value types (such as :func:`freeze_str_map`) for mypy.
    """
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    return value  # type: ignore[unreachable]  # left for the validator, which names it


if TYPE_CHECKING:

    def freeze_str_map(value: Mapping[str, str]) -> FrozenMap[str, str]:
        """Converter of ``metadata`` and ``attributes``."""

else:
    freeze_str_map = retyped(
        freeze_map,
        "freeze_str_map",
        "Converter of ``metadata`` and ``attributes``: :func:`freeze_map`, typed for strings.",
        value="Mapping[str, str]",
        **{"return": "FrozenMap[str, str]"},
    )
