"""Fast document readers: one per class, made once, for documents that are valid.

:func:`~custinteract.from_dict` reads through cattrs, which collects every
problem of a document with its path; that care costs most of the time of
reading a *valid* document. A fast reader reads a class's documents the same
way but stops at the first doubt: it uses the same structure hooks (so the
same text is accepted and converted the same way, see :func:`reads_as`),
then stores the values in a bare instance and runs every field's own
converter and validator, a validator that may read other fields once every
field is stored, as attrs does. It is a function written and compiled for
its class, as attrs writes each class's ``__init__``, so that a document
costs only its own fields' steps. Whatever it cannot vouch for (an unknown or missing
key, a refused value, a class it does not fit) raises, and the caller reads
the document again through the full reader, which finds every problem and
reports it exactly as before. A fast reader therefore never accepts what the
full reader refuses, and never words a refusal itself.
"""

from __future__ import annotations

import enum
import linecache
import typing
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import attrs
import cattrs

from . import _validators as v
from ._models import EMPTY_MAP, field_setters
from ._time import EARLIEST_YEAR, LATEST_YEAR
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

_AT_ONCE: dict[Any, str] = {
    v.identifier: "{0}.__class__ is str and {0}[:1].isalnum()",
    v.aware: "{0}.__class__ is datetime and {0}.tzinfo is utc and earliest <= {0}.year <= latest",
}
"""What some validators accept at once, as a test of the value ``{0}``; the reader calls them only when it fails.

Each is the first test its validator makes, which spares a value that
passes it two calls; a test may be narrower than its validator, never wider
(``tests/test_fast_paths.py`` tries each against its validator).
"""

H = TypeVar("H", bound=Callable[[Any, Any], Any])


def reads_as(
    hook: H,
    *,
    table: Mapping[Any, Any] | None = None,
    exact: type | None = None,
    call: Callable[[Any], Any] | None = None,
    settles: tuple[Callable[[Any], Any], ...] = (),
) -> H:
    """Tell fast readers what a structure hook does, so that they do it without calling it.

    ``table``: the hook returns ``table[value]`` and refuses any value not in
    it (an enum by its values). ``exact``: the hook returns a value of exactly
    this type unchanged and refuses every other (a fast reader refuses
    subclasses too, leaving them to the hook through the full reader).
    ``call``: a function of the value alone that returns what the hook
    returns and raises where it raises. ``settles``: converters that give
    back every value the hook returns unchanged, so a fast reader skips them.
    """
    if table is not None:
        setattr(hook, "fast_table", table)  # noqa: B010 (a function attribute)
    if exact is not None:
        setattr(hook, "fast_type", exact)  # noqa: B010 (a function attribute)
    if call is not None:
        setattr(hook, "fast_call", call)  # noqa: B010 (a function attribute)
    if settles:
        setattr(hook, "fast_settles", settles)  # noqa: B010 (a function attribute)
    return hook


def _default_text(
    converter: cattrs.Converter,
    field: attrs.Attribute[Any],
    hook: Callable[[Any, Any], Any],
    tp: Any,
    default: Any,
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
    converter: cattrs.Converter,
    cls: type[Any],
    version_ok: Callable[[Any], bool],
    current: int,
) -> Callable[[Any], Any] | None:
    """The fast reader of ``cls`` documents, or ``None`` when ``cls`` does not fit one.

    It raises (any exception) on a document it cannot vouch for; the caller
    then reads the document with the full reader. ``version_ok`` says whether
    a ``schema_version`` found in the document is one this release reads;
    ``current`` is one it reads, the version :func:`to_dict` writes.

    The reader is a function written for ``cls`` and compiled once, as attrs
    writes each class's ``__init__``: one straight run of steps per field, in
    the order of the fields, with no loop over a table of fields left to run
    per document (that loop cost a third of a read).
    """
    setters = field_setters(cls)
    if setters is None or not _generated_init(cls):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation this module cannot resolve: leave it to cattrs
        return None
    script = _Script(cls, version_ok, current)
    for index, field in enumerate(attrs.fields(cls)):
        if field.converter is not None and not callable(field.converter):
            return None  # an attrs.Converter taking self or the field: leave it to attrs
        if not script.add(converter, index, field, hints[field.name], setters[field.name]):
            return None
    return script.compile()


# How cattrs reads ``X | None``; should a release of cattrs rename it, such
# fields are read through their hook, as any other.
_OPTIONAL = getattr(cattrs.BaseConverter, "_structure_optional", None)


class _Script:
    """The source of one class's reader, field by field, and the names it uses."""

    def __init__(self, cls: type[Any], version_ok: Callable[[Any], bool], current: int) -> None:
        self.cls = cls
        self.names: dict[str, Any] = {
            "cls": cls,
            "current": current,
            "new": object.__new__,
            "Mapping": Mapping,
            "Unvouched": _UnvouchedError,
            "version_ok": version_ok,
            "absent": _NO_TEXT,
            "datetime": datetime,
            "utc": timezone.utc,
            "earliest": EARLIEST_YEAR,
            "latest": LATEST_YEAR,
        }
        self.keys: list[str] = ["schema_version"]
        self.steps: list[str] = []
        self.last: list[str] = []  # validators that run once every field is stored

    def name(self, kind: str, index: int, value: Any) -> str:
        """A name in the reader's namespace for ``value`` (the field's ``kind`` of thing)."""
        key = f"{kind}_{index}"
        self.names[key] = value
        return key

    def add(
        self,
        converter: cattrs.Converter,
        index: int,
        field: attrs.Attribute[Any],
        tp: Any,
        store: Callable[[Any, Any], None],
    ) -> bool:
        """Write the steps reading ``field``; False when the class does not fit a fast reader."""
        item = f"v_{index}"
        key = repr(field.name)
        default: Any = field.default
        checked_always = False  # the validator runs on every value, the default's too
        if default is not attrs.NOTHING:
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    return False
                default = EMPTY_MAP if default.factory is FrozenMap else _Make(default.factory)
            convert: Any = field.converter
            if type(default) is not _Make and convert is not None:
                default = convert(default)  # attrs converts defaults too
            checked_always = field.validator is not None and (
                type(default) is _Make or _default_needs_check(field.validator, field, default)
            )
        hook = converter.get_structure_hook(tp)
        text = _NO_TEXT
        if not checked_always:
            text = _default_text(converter, field, hook, tp, default)
        mode, check = _present_check(field, tp)
        read = self._read(converter, index, field, tp, hook, mode, check, text is None)
        self.keys.append(field.name)
        steps = self.steps
        if default is attrs.NOTHING:
            steps.append(f"{item} = value[{key}]")
            steps.extend(read)
        else:
            if type(default) is _Make:
                take = [f"{item} = {self.name('make', index, default.factory)}()"]
                if field.converter is not None:
                    take.append(f"{item} = {self.name('convert', index, field.converter)}({item})")
            else:
                take = [f"{item} = {self.name('default', index, default)}"]
            steps.append(f"{item} = get({key}, absent)")
            steps.append(f"if {item} is absent:")
            steps.append("    missing += 1")
            steps.extend(f"    {line}" for line in take)
            if text is None:
                steps.append(f"elif {item} is None:")
            elif text is not _NO_TEXT:
                said = self.name("text", index, text)
                kind = self.name("text_type", index, type(text))
                steps.append(
                    f"elif {item} is {said} or (type({item}) is {kind} and {item} == {said}):"
                )
            if text is not _NO_TEXT:
                steps.extend(f"    {line}" for line in take)
            steps.append("else:")
            steps.extend(f"    {line}" for line in read)
        steps.append(f"{self.name('store', index, store)}(instance, {item})")
        if checked_always or mode is _LATER:
            validator = self.name("check", index, field.validator)
            call = f"{validator}(instance, {self.name('field', index, field)}, {item})"
            if checked_always or default is attrs.NOTHING:
                self.last.append(call)
            else:  # not for the default itself, which passes whatever the other fields hold
                self.last.extend([f"if {item} is not default_{index}:", f"    {call}"])
        return True

    def _read(
        self,
        converter: cattrs.Converter,
        index: int,
        field: attrs.Attribute[Any],
        tp: Any,
        hook: Callable[[Any, Any], Any],
        mode: str | None,
        check: Any,
        not_none: bool,
    ) -> list[str]:
        """The steps reading a value given for ``field``: its hook, converter and validator.

        ``not_none``: the value is known not to be ``None`` here.
        """
        item = f"v_{index}"
        lines: list[str] = []
        indent = ""
        if _OPTIONAL is not None and getattr(hook, "__func__", None) is _OPTIONAL:
            # cattrs' reading of ``X | None``: None as it is, anything else as an X
            args = typing.get_args(tp)
            if len(args) == 2 and type(None) in args:
                tp = args[0] if args[1] is type(None) else args[1]
                hook = converter.get_structure_hook(tp)
                if not not_none:
                    lines.append(f"if {item} is not None:")
                    indent = "    "
        table = getattr(hook, "fast_table", None)
        exact = getattr(hook, "fast_type", None)
        call = getattr(hook, "fast_call", None)
        if table is not None:
            lines.append(f"{indent}{item} = {self.name('table', index, table)}[{item}]")
        elif exact is not None:
            lines.append(f"{indent}if type({item}) is not {self.name('exact', index, exact)}:")
            lines.append(f"{indent}    raise Unvouched")
        elif call is not None:
            lines.append(f"{indent}{item} = {self.name('call', index, call)}({item})")
        else:
            hook_name, tp_name = self.name("hook", index, hook), self.name("tp", index, tp)
            lines.append(f"{indent}{item} = {hook_name}({item}, {tp_name})")
        settled = not indent and field.converter in getattr(hook, "fast_settles", ())
        if field.converter is not None and not settled:
            lines.append(f"{item} = {self.name('convert', index, field.converter)}({item})")
        if mode is _NOW:
            call = f"{self.name('check', index, check)}(instance, {self.name('field', index, field)}, {item})"
            passes = _AT_ONCE.get(check)
            if passes is None:
                lines.append(call)
            else:
                lines.extend([f"if not ({passes.format(item)}):", f"    {call}"])
        elif mode is _MEMBER and (
            field.converter is not None
            or table is None
            or any(type(member) is not check for member in table.values())
        ):
            lines.append(f"if type({item}) is not {self.name('member', index, check)}:")
            lines.append("    raise Unvouched")
        return lines

    def compile(self) -> Callable[[Any], Any]:
        """The reader: the steps of every field, then the version and the later validators."""
        lines = [
            "def read(value):",
            "    if type(value) is not dict:",
            "        if not isinstance(value, Mapping):",
            "            raise Unvouched",
            "        value = dict(value)",
            "    get = value.get",
            "    missing = 0  # known keys the document leaves out",
            "    instance = new(cls)",
            *(f"    {line}" for line in self.steps),
            "    version = get('schema_version', absent)",
            "    if version is absent:",
            "        missing += 1",
            "    elif version is not current and not version_ok(version):",
            "        raise Unvouched",
            "    # every key was looked up once: any other is one the class does not know",
            f"    if len(value) + missing != {len(self.keys)}:",
            "        raise Unvouched",
            *(f"    {line}" for line in self.last),
            "    return instance",
        ]
        source = "\n".join(lines) + "\n"
        filename = f"<custinteract fast reader {self.cls.__module__}.{self.cls.__qualname__}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), self.names)  # noqa: S102 (our own source, as attrs does)
        read: Callable[[Any], Any] = self.names["read"]
        return read
