"""The cattrs structure hooks of every plain type a document holds, strict and without coercion.

Text is read as text, an integer as an integer (``"5"`` is not 5, ``1`` is
not True), a timestamp only in the one shape the schema describes, a window as
an ISO 8601 duration, an enum by its value, an array item by item (every
refused item counted) and a mapping key by key. Each hook refuses a value with
:func:`~custinteract._document_problems.fail`; cattrs adds the path.
:mod:`custinteract._serialization` registers them on its converter, and the
class tests here (which classes are ours, which are read through a document
class) decide which of its hook factories applies.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_mapping_structure_fn
from dateutil.relativedelta import relativedelta

from ._document_problems import DOCUMENT_ERRORS, ROOT, MoreRefusedError, fail
from ._errors import MAX_PROBLEMS, InvalidInputError
from ._readers import reads_as
from ._time import fixed_offset, fixed_offset_or_none, parse_document_datetime, parse_window
from ._validators import is_finite_number

__all__ = [
    "enum_hook",
    "is_enum",
    "is_homogeneous_tuple",
    "is_mapping",
    "is_our_attrs_class",
    "is_stateful",
    "mapping_hook",
    "structure_bool",
    "structure_datetime",
    "structure_float",
    "structure_int",
    "structure_str",
    "structure_window",
    "tuple_hook",
]


def structure_str(value: Any, _: Any) -> str:
    """A string, as it is."""
    if not isinstance(value, str):
        raise fail(value, "a string")
    return value


def structure_int(value: Any, _: Any) -> int:
    """An integer (a float with no fraction reads as its int); never a bool."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(value, "an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise fail(value, "an integer")
        return int(value)
    return value


reads_as(structure_str, exact=str)


def structure_float(value: Any, _: Any) -> float:
    """A finite number, as a float; never a bool."""
    if not is_finite_number(value):
        raise fail(value, "a finite number")
    return float(value)


def structure_bool(value: Any, _: Any) -> bool:
    """true or false, and nothing else."""
    if not isinstance(value, bool):
        raise fail(value, "true or false")
    return value


reads_as(structure_bool, exact=bool)


def structure_datetime(value: Any, _: Any) -> datetime:
    """A timestamp in the one shape the schema describes."""
    return parse_document_datetime(value, ROOT)


# at a fixed offset already (``datetime.timezone``): the models' converters leave it as it is
reads_as(
    structure_datetime,
    call=parse_document_datetime,
    settles=(fixed_offset, fixed_offset_or_none),
)


def structure_window(value: Any, _: Any) -> relativedelta:
    """A window, from its ISO 8601 duration."""
    return parse_window(value, ROOT)


def is_enum(cls: Any) -> bool:
    """Whether ``cls`` is an enum (read by its values)."""
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    """The hook reading a member of ``cls`` from its value."""
    by_value = {member.value: member for member in cls}

    def structure(value: Any, _: Any) -> enum.Enum:
        if isinstance(value, str) and value in by_value:
            return by_value[value]
        raise fail(value, f"one of {sorted(by_value)}")

    if all(type(text) is str for text in by_value):
        return reads_as(structure, table=by_value)
    return structure


def is_homogeneous_tuple(cls: Any) -> bool:
    """Whether ``cls`` is ``tuple[X, ...]``."""
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def tuple_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    """The hook reading an array item by item, every refused item kept with its index."""
    item_type = typing.get_args(cls)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise fail(value, "an array")
        items: list[Any] = []
        errors: list[Exception] = []
        uncounted = 0  # refused items beyond MAX_PROBLEMS: counted, not kept
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:  # collected with its index, re-raised as a group
                if len(errors) >= MAX_PROBLEMS:
                    if not isinstance(exc, (InvalidInputError, *DOCUMENT_ERRORS)):
                        raise
                    uncounted += 1
                    continue
                note = IterableValidationNote(f"@ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
        if uncounted:
            errors.append(MoreRefusedError(uncounted))
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return tuple(items)

    return structure


def is_mapping(cls: Any) -> bool:
    """Whether ``cls`` is a mapping type with its key and value types."""
    origin = typing.get_origin(cls)
    return (
        isinstance(origin, type) and issubclass(origin, Mapping) and len(typing.get_args(cls)) == 2
    )


def mapping_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    """The hook reading an object as a mapping of ``cls``'s key and value types."""
    build = make_mapping_structure_fn(cls, converter, detailed_validation=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise fail(value, "an object")
        return build(value, cls)

    return structure


def is_our_attrs_class(cls: Any) -> bool:
    """Whether ``cls`` is an attrs class of custinteract."""
    return attrs.has(cls) and getattr(cls, "__module__", "").startswith("custinteract")


def is_stateful(cls: Any) -> bool:
    """A class of ours serialised through its document class (a ledger)."""
    return (
        isinstance(cls, type)
        and getattr(cls, "__module__", "").startswith("custinteract")
        and getattr(cls, "__document__", None) is not None
    )
