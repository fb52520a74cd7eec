"""Fast document readers: one per class, made once, for documents that are valid.

:func:`~custinteract.from_dict` reads through cattrs, which collects every
problem of a document with its path; that care costs most of the time of
reading a *valid* document. A fast reader reads a class's documents the same
way but stops at the first doubt: it uses the same structure hooks (so the
same text is accepted and converted the same way), then stores the values in
a bare instance and runs every field's own converter and validator, in the
order attrs runs them. Whatever it cannot vouch for (an unknown or missing
key, a refused value, a class it does not fit) raises, and the caller reads
the document again through the full reader, which finds every problem and
reports it exactly as before. A fast reader therefore never accepts what the
full reader refuses, and never words a refusal itself.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs

from . import _validators as v
from ._models import EMPTY_MAP, field_setters
from ._validators import FrozenMap

__all__ = ["fast_reader", "reads_as"]


class _UnvouchedError(Exception):
    """The fast reader cannot vouch for this document: the full reader decides."""


class _Make:
    """A default made by a factory for each value."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


def _generated_init(cls: type[Any]) -> bool:
    code = getattr(getattr(cls, "__init__", None), "__code__", None)
    return code is not None and code.co_filename.startswith("<attrs generated")


_INSTANCE_FREE = frozenset(
    f"{name}.<locals>.check" for name in ("enum_member", "instance", "integer", "finite_number")
)


def _default_needs_check(validator: Any, field: attrs.Attribute[Any], default: Any) -> bool:
    """Whether the validator must run again on each value that took ``field``'s default.

    Not when the default passes a validator that by its definition in
    :mod:`custinteract._validators` never reads the instance (so the answer
    is the same for every value): ``optional(...)`` on ``None``, or one of its
    plain checks (ids, text, truth, datetimes, windows, string maps, enum
    members, instances, bounded numbers) tried once here. Any other validator
    may compare fields, and runs each time.
    """
    if getattr(validator, "__module__", None) != v.__name__:
        return True
    if getattr(validator, "__qualname__", "") == "optional.<locals>.check" and default is None:
        return False
    if not _instance_free(validator):
        return True
    try:
        validator(None, field, default)
    except Exception:  # the default itself is refused: leave every such value to the full reader
        return True
    return False


_NOW, _MEMBER, _LATER = "now", "member", "later"


def _instance_free(validator: Any) -> bool:
    """A validator of :mod:`custinteract._validators` that by definition never reads the instance."""
    plain = (v.identifier, v.text, v.truth, v.aware, v.window, v.str_map)
    return validator in plain or (
        getattr(validator, "__module__", None) == v.__name__
        and getattr(validator, "__qualname__", "") in _INSTANCE_FREE
    )


def _present_check(field: attrs.Attribute[Any], tp: Any) -> tuple[str | None, Any]:
    """How a value read for ``field`` is checked: not at all, now, by its type, or later.

    An enum field whose validator never reads the instance and accepts every
    member (tried here, once each) needs only the value's type; another validator that
    never reads the instance runs as soon as the value is read; any other
    runs once every field is stored, as attrs runs it.
    """
    validator = field.validator
    if validator is None:
        return None, None
    if not _instance_free(validator):
        return _LATER, validator
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            for member in tp:
                validator(None, field, member)
        except Exception:  # a member is refused: check each value as it is read
            return _NOW, validator
        return _MEMBER, tp
    return _NOW, validator


_NO_TEXT: Any = object()

H = TypeVar("H", bound=Callable[[Any, Any], Any])


def reads_as(hook: H, *, table: Mapping[Any, Any] | None = None, exact: type | None = None) -> H:
    """Tell fast readers what a structure hook does, so that they do it without calling it.

    ``table``: the hook returns ``table[value]`` and refuses any value not in
    it (an enum by its values). ``exact``: the hook returns a value of exactly
    this type unchanged and refuses every other (a fast reader refuses
    subclasses too, leaving them to the hook through the full reader).
    """
    if table is not None:
        setattr(hook, "fast_table", table)  # noqa: B010 (a function attribute)
    if exact is not None:
        setattr(hook, "fast_type", exact)  # noqa: B010 (a function attribute)
    return hook


def _default_text(
    converter: cattrs.Converter,
    field: attrs.Attribute[Any],
    hook: Callable[[Any, Any], Any],
    tp: Any,
    default: Any,
    always: list[Any],
) -> Any:
    """The document text of ``field``'s default, when reading it gives back that very default.

    A document that spells out a default (``"channel": "other"``,
    ``"staff_id": null``, ``"metadata": {}``, as :func:`to_dict` writes them)
    then costs what leaving it out costs. Only for constant defaults that need
    no check per value, and only when reading the text, converting it and
    comparing it to the default say so here, once.
    """
    if default is attrs.NOTHING or type(default) is _Make:
        return _NO_TEXT
    if any(check[1] is field for check in always):
        return _NO_TEXT
    try:
        text = converter.unstructure(default)
        read = hook(text, tp)
        convert: Any = field.converter
        if convert is not None:
            read = convert(read)
    except Exception:  # a default without a text of its own: read each value
        return _NO_TEXT
    if type(read) is not type(default) or read != default:
        return _NO_TEXT
    return text


def fast_reader(
    converter: cattrs.Converter, cls: type[Any], version_ok: Callable[[Any], bool]
) -> Callable[[Any], Any] | None:
    """The fast reader of ``cls`` documents, or ``None`` when ``cls`` does not fit one.

    It raises (any exception) on a document it cannot vouch for; the caller
    then reads the document with the full reader. ``version_ok`` says whether
    a ``schema_version`` found in the document is one this release reads.
    """
    setters = field_setters(cls)
    if setters is None or not _generated_init(cls):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation this module cannot resolve: leave it to cattrs
        return None
    preset: list[tuple[Callable[[Any, Any], None], Any]] = []
    made: list[tuple[Callable[[Any, Any], None], Callable[[], Any], Any]] = []
    always: list[tuple[Any, attrs.Attribute[Any], Any]] = []
    fields: dict[str, tuple[Any, ...]] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if field.converter is not None and not callable(field.converter):
            return None  # an attrs.Converter taking self or the field: leave it to attrs
        store = setters[field.name]
        default: Any = field.default
        if default is attrs.NOTHING:
            required.append(field.name)
        else:
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    return None
                default = EMPTY_MAP if default.factory is FrozenMap else _Make(default.factory)
            if type(default) is _Make:
                made.append((store, default.factory, field.converter))
            else:
                convert_default: Any = field.converter
                if convert_default is not None:
                    default = convert_default(default)  # attrs converts defaults too
                preset.append((store, default))
            if field.validator is not None and (
                type(default) is _Make or _default_needs_check(field.validator, field, default)
            ):
                always.append((field.validator, field, getattr(cls, field.name).__get__))
        tp = hints[field.name]
        hook = converter.get_structure_hook(tp)
        text = _default_text(converter, field, hook, tp, default, always)
        fields[field.name] = (
            _Make if text is _NO_TEXT else type(text),
            text,
            store,
            hook,
            tp,
            getattr(hook, "fast_table", None),
            getattr(hook, "fast_type", None),
            field.converter,
            *_present_check(field, tp),
        )
    known = frozenset([*fields, "schema_version"])
    # the version is checked where a value differs from its default's text (never the case)
    fields["schema_version"] = (_Make, _NO_TEXT)
    needed = frozenset(required)
    new = object.__new__
    attrs_fields = {field.name: field for field in attrs.fields(cls)}

    def read(value: Any) -> Any:
        if (type(value) is not dict and not isinstance(value, Mapping)) or not known.issuperset(
            value
        ):
            raise _UnvouchedError
        if not value.keys() >= needed:
            raise _UnvouchedError
        instance = new(cls)
        for store, item in preset:
            store(instance, item)
        for store, make, convert in made:
            item = make()
            store(instance, item if convert is None else convert(item))
        later = []
        for key, item in value.items():
            entry = fields[key]
            text = entry[1]
            if item is text or (type(item) is entry[0] and item == text):
                continue  # the default's own text: the default, stored and checked already
            if key == "schema_version":
                if not version_ok(item):
                    raise _UnvouchedError
                continue
            _, _, store, hook, tp, table, exact, convert, mode, check = entry
            if table is not None:
                item = table[item]
            elif exact is not None:
                if type(item) is not exact:
                    raise _UnvouchedError
            else:
                item = hook(item, tp)
            if convert is not None:
                item = convert(item)
            store(instance, item)
            if mode is _NOW:
                check(instance, attrs_fields[key], item)
            elif mode is _MEMBER:
                if type(item) is not check:
                    raise _UnvouchedError
            elif mode is _LATER:
                later.append((check, attrs_fields[key], item))
        for validator, field, item in later:
            validator(instance, field, item)
        for validator, field, load in always:
            validator(instance, field, load(instance))
        return instance

    return read
