"""attrs validators and converters that raise :class:`InvalidInputError`.

attrs' own validators raise ``TypeError``/``ValueError`` with messages about
attrs; ours name the field, the value and what was expected, and are strict:
a bool is not a number, a string is not an enum member, a naive datetime is
not a timestamp. Models, policies and results declare their fields with these.

Each validator carries the JSON Schema fragment of what it accepts
(:func:`with_schema`), so a constraint is written once. The converters that
run before a validator (numbers to float, iterables to tuples, mappings to
:class:`FrozenMap`) are defined in :mod:`custinteract._converters`, and the
checks of a public function's arguments (:func:`check_iterable` and the
like) in :mod:`custinteract._arguments`; both are imported from here by the
rest of the library.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from ._arguments import check_instance, check_iterable, check_mapping, is_frame
from ._converters import (
    FrozenMap,
    freeze_map,
    freeze_str_map,
    int_tuple,
    is_finite_number,
    number_to_float,
    optional_number_to_float,
    optional_str_tuple,
    str_tuple,
    to_tuple,
)
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
