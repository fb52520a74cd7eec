"""attrs validators and converters that raise :class:`InvalidInputError`.

attrs' own validators raise ``TypeError``/``ValueError`` with messages about
attrs; ours name the field, the value and what was expected, and are strict:
a bool is not a number, a string is not an enum member, a naive datetime is
not a timestamp. Models, policies and results declare their fields with these.
"""

from __future__ import annotations

import copy
import enum
import math
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import attrs

from ._errors import InvalidInputError
from ._time import (
    DATETIME_TEXT_PATTERN,
    PERIOD_BOUND_TEXT_PATTERN,
    WINDOW_TEXT_PATTERN,
    ecma_pattern,
    ensure_aware,
    ensure_window,
)

__all__ = [
    "MAX_SAFE_INTEGER",
    "BLANK_CHARACTERS",
    "NON_BLANK_PATTERN",
    "is_blank",
    "FrozenMap",
    "schema_of",
    "to_tuple",
    "with_schema",
    "aware",
    "check_instance",
    "check_iterable",
    "check_mapping",
    "enum_map",
    "enum_member",
    "enum_phrase",
    "finite_number",
    "freeze_map",
    "freeze_str_map",
    "identifier",
    "instance",
    "int_tuple",
    "integer",
    "is_finite_number",
    "is_frame",
    "number_to_float",
    "optional_number_to_float",
    "optional",
    "optional_str_tuple",
    "period_bound",
    "str_map",
    "str_tuple",
    "text",
    "truth",
    "tuple_of",
    "window",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]
E = TypeVar("E", bound=enum.Enum)


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


def _name(attribute: attrs.Attribute[Any]) -> str:
    return attribute.name


def with_schema(validator: Validator, schema: dict[str, Any]) -> Validator:
    """Attach the JSON Schema fragment that describes what ``validator`` accepts.

    :func:`custinteract.json_schema` reads it, so a constraint is written once,
    here, and the schema cannot drift from the check.
    """
    validator.__json_schema__ = schema  # type: ignore[attr-defined]
    return validator


def schema_of(validator: object) -> dict[str, Any]:
    """The JSON Schema fragment attached to ``validator`` (empty if none)."""
    return dict(getattr(validator, "__json_schema__", {}))


def optional(validator: Validator) -> Validator:
    """Accept ``None`` or whatever ``validator`` accepts."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            validator(instance, attribute, value)

    return with_schema(check, {"optional": True, **schema_of(validator)})


BLANK_CHARACTERS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""The characters a blank text consists of: what Python's ``str.isspace`` holds
for (Unicode 14 to 16 agree) together with what ECMA-262's ``\\s`` matches
(the two differ on U+001C-U+001F, U+0085 and U+FEFF). One list, so that a
JavaScript client reading the schema and Python agree on what is blank."""

NON_BLANK_PATTERN = "[^" + "".join(f"\\u{ord(char):04x}" for char in BLANK_CHARACTERS) + "]"
"""A JSON Schema ``pattern`` (and Python ``re.search`` pattern) for "some character is not blank"."""


def is_blank(value: str) -> bool:
    """True when ``value`` holds no character outside :data:`BLANK_CHARACTERS`.

    >>> is_blank("  \ufeff"), is_blank("a\ufeff"), is_blank("")
    (True, False, True)
    """
    return not value.strip(BLANK_CHARACTERS)


def identifier(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A non-blank string (ids are compared exactly; nothing is stripped)."""
    if value.__class__ is str and value[:1].isalnum():  # no blank character is alphanumeric
        return
    if not isinstance(value, str) or is_blank(value):
        raise InvalidInputError(_name(attribute), value, "a non-blank string")


with_schema(identifier, {"type": "string", "minLength": 1, "pattern": NON_BLANK_PATTERN})


def text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Any string."""
    if not isinstance(value, str):
        raise InvalidInputError(_name(attribute), value, "a string")


with_schema(text, {"type": "string"})


def truth(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """True or False (not 0/1, not "yes")."""
    if not isinstance(value, bool):
        raise InvalidInputError(_name(attribute), value, "True or False")


with_schema(truth, {"type": "boolean"})


def aware(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A timezone-aware datetime."""
    ensure_aware(value, _name(attribute))


with_schema(aware, {"type": "string", "format": "date-time", "pattern": DATETIME_TEXT_PATTERN})


def period_bound(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """The start or end of a calendar period: a timezone-aware datetime in any year of the calendar.

    A week holding a timestamp of the first allowed year may start the year
    before; a year holding one of the last allowed year ends the year after.
    """
    ensure_aware(value, _name(attribute), period_bound=True)


with_schema(
    period_bound,
    {
        "type": "string",
        "format": "date-time",
        "pattern": PERIOD_BOUND_TEXT_PATTERN,
        "description": "RFC 3339 date-time bounding a calendar period, in any year 1 to 9999.",
    },
)


def window(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A positive relativedelta window (see :mod:`custinteract._time`)."""
    ensure_window(value, _name(attribute))


with_schema(window, {"type": "string", "pattern": ecma_pattern(WINDOW_TEXT_PATTERN)})


def enum_phrase(enum_type: type[enum.Enum], value: object) -> str:
    """What an enum field expects, with a hint when ``value`` is a member's text.

    >>> import custinteract as ci
    >>> from custinteract._validators import enum_phrase
    >>> enum_phrase(ci.RatingScale, "csat")
    "one of RatingScale.CSAT, RatingScale.NPS, RatingScale.CES (use RatingScale('csat') to convert text)"
    """
    choices = ", ".join(f"{enum_type.__name__}.{m.name}" for m in enum_type)
    hint = ""
    if isinstance(value, str) and value in {m.value for m in enum_type}:
        hint = f" (use {enum_type.__name__}({value!r}) to convert text)"
    return f"one of {choices}{hint}"


def enum_member(enum_type: type[E]) -> Validator:
    """A member of ``enum_type``; its value as a string is refused with a hint."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_type):
            raise InvalidInputError(_name(attribute), value, enum_phrase(enum_type, value))

    return with_schema(check, {"enum": [m.value for m in enum_type]})


def instance(cls: type[Any]) -> Validator:
    """An instance of ``cls`` (a nested model, policy or result)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise InvalidInputError(_name(attribute), value, f"a {cls.__name__}")

    return with_schema(check, {})


MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON client holds exactly (JavaScript's ``Number.MAX_SAFE_INTEGER``).

Every integer field is bounded by it (and by its negative), in the validator
and in the JSON Schema: a document with a larger integer would not survive
``JSON.parse`` in a browser or in Node.js.
"""


def integer(*, low: int | None = None, high: int | None = None) -> Validator:
    """An int (not a bool) within ``[low, high]`` where given, and within what JSON carries exactly."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (low is not None and value < low)
            or (high is not None and value > high)
        ):
            raise InvalidInputError(_name(attribute), value, _range_phrase("an integer", low, high))
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise InvalidInputError(
                _name(attribute),
                value,
                "an integer a JSON client holds exactly (at most 2**53 - 1 either side of 0)",
            )

    schema: dict[str, Any] = {
        "type": "integer",
        "minimum": max(low, -MAX_SAFE_INTEGER) if low is not None else -MAX_SAFE_INTEGER,
        "maximum": min(high, MAX_SAFE_INTEGER) if high is not None else MAX_SAFE_INTEGER,
    }
    return with_schema(check, schema)


def finite_number(
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> Validator:
    """A finite int or float (not a bool) within the bounds given.

    ``low_open``/``high_open`` make a bound exclusive.
    """

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        ok = is_finite_number(value)
        if ok and low is not None:
            ok = value > low if low_open else value >= low
        if ok and high is not None:
            ok = value < high if high_open else value <= high
        if not ok:
            raise InvalidInputError(
                _name(attribute),
                value,
                _range_phrase("a finite number", low, high, low_open=low_open, high_open=high_open),
            )

    schema: dict[str, Any] = {"type": "number"}
    if low is not None:
        schema["exclusiveMinimum" if low_open else "minimum"] = low
    if high is not None:
        schema["exclusiveMaximum" if high_open else "maximum"] = high
    return with_schema(check, schema)


def _range_phrase(
    noun: str,
    low: float | None,
    high: float | None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> str:
    if low is not None and high is not None:
        left = "above" if low_open else "from"
        right = "below" if high_open else "to"
        return f"{noun} {left} {low:g} {right} {high:g}"
    if low is not None:
        return f"{noun} {'above' if low_open else 'of at least'} {low:g}"
    if high is not None:
        return f"{noun} {'below' if high_open else 'of at most'} {high:g}"
    return noun


def tuple_of(item: Validator) -> Validator:
    """A tuple whose every item passes ``item`` (errors name the index)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise InvalidInputError(_name(attribute), value, "a tuple")
        for index, element in enumerate(value):
            try:
                item(instance, attribute, element)
            except InvalidInputError as exc:
                raise InvalidInputError(
                    f"{_name(attribute)}[{index}]", element, exc.expected
                ) from exc

    return with_schema(check, {"type": "array", "items": schema_of(item)})


def number_to_float(value: float) -> float:
    """Converter: finite ints become floats; anything else is left for the validator.

    Typed as what the constructor accepts (an int or a float), so that type
    checkers see ``float`` where a field declares it; a value of another type
    still reaches the field's validator, which names it.
    """
    if is_finite_number(value):
        return float(value)
    return value


def _retyped(function: Callable[..., Any], name: str, doc: str, **annotations: str) -> Any:
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
    optional_number_to_float = _retyped(
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
    freeze_str_map = _retyped(
        freeze_map,
        "freeze_str_map",
        "Converter of ``metadata`` and ``attributes``: :func:`freeze_map`, typed for strings.",
        value="Mapping[str, str]",
        **{"return": "FrozenMap[str, str]"},
    )


def enum_map(key_type: type[E], item: Validator, *, complete: bool = False) -> Validator:
    """A :class:`FrozenMap` from members of ``key_type`` to values that ``item`` accepts.

    Policy tables (``gesture_credit``, ``source_points``) and summaries
    (``by_status``) declare their fields with it; the JSON Schema fragment (an
    object keyed by the members' values, each value as ``item``'s schema says,
    every member required when ``complete``) comes from the same declaration.
    """
    what = f"a mapping of {key_type.__name__} to values"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, FrozenMap):
            raise InvalidInputError(_name(attribute), value, what)
        for key, element in value.items():
            if not isinstance(key, key_type):
                raise InvalidInputError(f"{_name(attribute)} key", key, enum_phrase(key_type, key))
            try:
                item(instance, attribute, element)
            except InvalidInputError as exc:
                raise InvalidInputError(
                    f"{_name(attribute)}[{key.value}]", element, exc.expected
                ) from exc
        if complete:
            missing = [member.value for member in key_type if member not in value]
            if missing:
                raise InvalidInputError(
                    _name(attribute), value, f"a value for every member; missing {missing}"
                )

    schema: dict[str, Any] = {
        "type": "object",
        "propertyNames": {"enum": [member.value for member in key_type]},
        "additionalProperties": schema_of(item),
    }
    if complete:
        # Every member named in ``properties`` too, as Ajv's strict mode asks of ``required``.
        schema["properties"] = {member.value: schema_of(item) for member in key_type}
        schema["required"] = [member.value for member in key_type]
    return with_schema(check, schema)


def str_map(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A mapping of non-blank string keys to string values."""
    if not isinstance(value, FrozenMap):
        raise InvalidInputError(_name(attribute), value, "a mapping of strings to strings")
    for key, item in value.items():
        if not isinstance(key, str) or is_blank(key):
            raise InvalidInputError(_name(attribute), key, "non-blank string keys")
        if not isinstance(item, str):
            raise InvalidInputError(f"{_name(attribute)}[{key!r}]", item, "a string")


with_schema(
    str_map,
    {
        "type": "object",
        "propertyNames": {"minLength": 1, "pattern": NON_BLANK_PATTERN},
        "additionalProperties": {"type": "string"},
    },
)


# ----------------------------------------------------------------------------- entry points
# What every public function checks of its arguments before it reads them, so
# that a wrong type is an InvalidInputError naming the parameter, never a
# TypeError or AttributeError from deep inside.


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
