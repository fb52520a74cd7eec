"""Plain-dict and JSON Schema round trips for every model, policy and result.

One private :class:`cattrs.Converter` (cattrs' own advice: configure your own,
never the global one) moves values to JSON-compatible dicts and back:

* datetimes as RFC 3339 text with their UTC offset (the zone *name* of a
  ``zoneinfo`` zone is not kept, the instant and offset are); models refuse
  offsets with seconds, which this text cannot carry;
* windows (:class:`~dateutil.relativedelta.relativedelta`) as ISO 8601
  durations such as ``"P90D"``;
* enums by value; tuples as lists; mappings as objects;
* a stateful value (a ledger) through its *document class*, named by its
  ``__document__`` attribute: ``value._document()`` gives the document (an attrs
  value holding everything the ledger keeps), ``cls._from_document(doc)``
  rebuilds the ledger from it and refuses, with the path, a state that could
  not arise. The schema is the document class's, under the ledger's name.

Reading is strict: no implicit coercion (``"5"`` is not 5, ``1`` is not
True), no unknown keys, timestamps only in the one shape the schema
describes (:data:`~custinteract._time.DATETIME_TEXT_PATTERN`), and every
problem is reported with its path (``interactions[3].timestamp``) in one
:class:`InvalidInputError`. The JSON Schema (draft 2020-12) is generated from
the same field declarations and validators, so anything the schema refuses,
:func:`from_dict` refuses too.

Documents of an earlier schema version are read through upgrade steps
(``_UPGRADES``): each object is brought, class by class, to the current
version before it is read, and the objects nested in it inherit its version
unless they carry their own.

Only the failures a document can cause become :class:`InvalidInputError`:
our own refusals, cattrs' missing-field ``KeyError`` and its
``ForbiddenExtraKeysError``. Any other exception raised while reading is a
bug in custinteract and propagates unchanged, so that it is seen and fixed
rather than reported as "a valid value" at some path.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_mapping_structure_fn
from dateutil.relativedelta import relativedelta

from ._errors import MAX_PROBLEMS, InvalidInputError
from ._readers import fast_reader, reads_as
from ._time import (
    DATETIME_TEXT_DESCRIPTION,
    DATETIME_TEXT_PATTERN,
    WINDOW_TEXT_DESCRIPTION,
    fixed_offset,
    fixed_offset_or_none,
    format_window,
    parse_document_datetime,
    parse_window,
)
from ._validators import FrozenMap, check_iterable, is_finite_number, schema_of

__all__ = ["SCHEMA_VERSION", "from_dict", "from_dicts", "json_schema", "to_dict"]

SCHEMA_VERSION = 1
"""The version of the document format written by :func:`to_dict`.

It changes only when a document written by an earlier release could no longer
be read; the changelog says when and how.
"""

T = TypeVar("T")

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
"""One class's step from one schema version to the next: an object's fields in, its fields out."""

_UPGRADES: dict[int, Mapping[str, Upgrade]] = {}
"""How :func:`from_dict` reads documents of earlier schema versions.

``_UPGRADES[n]`` maps a public class name to the step that turns that
class's object in a version-``n`` document into its version-``n + 1`` shape
(without ``schema_version``); a class it does not name is unchanged from
``n`` to ``n + 1``. A step changes only the object it is given: objects
nested in it are upgraded by their own class's steps, before they are read.
The release that bumps :data:`SCHEMA_VERSION` adds the step from the
previous version (:func:`_renamed` writes the common one) and every
version from the earliest key up to the current one is then read. Empty
while version 1 is the only one there has been.
"""

_READING: ContextVar[int] = ContextVar("custinteract_schema_version_reading")
"""The schema version of the document being read, inherited by the objects nested in it."""


def _renamed(old: str, new: str) -> Upgrade:
    """The step for a field renamed from ``old`` to ``new`` (documents without it are unchanged).

    >>> _renamed("positives_needed", "positives_per_negative")({"positives_needed": 4})
    {'positives_per_negative': 4}
    """

    def step(fields: dict[str, Any]) -> dict[str, Any]:
        if old not in fields:
            return fields
        return {(new if key == old else key): value for key, value in fields.items()}

    return step


_ROOT = "$"


class _Missing:
    def __repr__(self) -> str:
        return "nothing (the field is missing)"


_MISSING = _Missing()


def _fail(value: Any, expected: str) -> InvalidInputError:
    # Raised inside hooks, which do not know the field name: the path comes
    # from cattrs' validation notes. "$" marks "the value at this path".
    return InvalidInputError(_ROOT, value, expected)


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _fail(value, "a string")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(value, "an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise _fail(value, "an integer")
        return int(value)
    return value


reads_as(_structure_str, exact=str)


def _structure_float(value: Any, _: Any) -> float:
    if not is_finite_number(value):
        raise _fail(value, "a finite number")
    return float(value)


def _structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(value, "true or false")
    return value


reads_as(_structure_bool, exact=bool)


def _structure_datetime(value: Any, _: Any) -> datetime:
    return parse_document_datetime(value, _ROOT)


# at a fixed offset already (``datetime.timezone``): the models' converters leave it as it is
reads_as(
    _structure_datetime,
    call=parse_document_datetime,
    settles=(fixed_offset, fixed_offset_or_none),
)


def _structure_window(value: Any, _: Any) -> relativedelta:
    return parse_window(value, _ROOT)


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    by_value = {member.value: member for member in cls}

    def structure(value: Any, _: Any) -> enum.Enum:
        if isinstance(value, str) and value in by_value:
            return by_value[value]
        raise _fail(value, f"one of {sorted(by_value)}")

    if all(type(text) is str for text in by_value):
        return reads_as(structure, table=by_value)
    return structure


class _MoreRefusedError(Exception):
    """Stands for refused items of an array beyond ``MAX_PROBLEMS``: counted, not kept."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


@attrs.frozen
class _Uncounted:
    """How many refused items :class:`_MoreRefusedError` stood for, on their way into the error."""

    count: int


_DOCUMENT_ERRORS = (
    ClassValidationError,
    IterableValidationError,
    ForbiddenExtraKeysError,
    KeyError,
)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = typing.get_args(cls)[0]
    item_hook = converter.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, (list, tuple)):
            raise _fail(value, "an array")
        items: list[Any] = []
        errors: list[Exception] = []
        uncounted = 0  # refused items beyond MAX_PROBLEMS: counted, not kept
        for index, item in enumerate(value):
            try:
                items.append(item_hook(item, item_type))
            except Exception as exc:  # collected with its index, re-raised as a group
                if len(errors) >= MAX_PROBLEMS:
                    if not isinstance(exc, (InvalidInputError, *_DOCUMENT_ERRORS)):
                        raise
                    uncounted += 1
                    continue
                note = IterableValidationNote(f"@ index {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                errors.append(exc)
        if uncounted:
            errors.append(_MoreRefusedError(uncounted))
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return tuple(items)

    return structure


def _is_mapping(cls: Any) -> bool:
    origin = typing.get_origin(cls)
    return (
        isinstance(origin, type) and issubclass(origin, Mapping) and len(typing.get_args(cls)) == 2
    )


def _mapping_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    build = make_mapping_structure_fn(cls, converter, detailed_validation=True)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _fail(value, "an object")
        return build(value, cls)

    return structure


def _is_our_attrs_class(cls: Any) -> bool:
    return attrs.has(cls) and getattr(cls, "__module__", "").startswith("custinteract")


def _is_stateful(cls: Any) -> bool:
    """A class of ours serialised through its document class (a ledger)."""
    return (
        isinstance(cls, type)
        and getattr(cls, "__module__", "").startswith("custinteract")
        and getattr(cls, "__document__", None) is not None
    )


def _stateful_structure_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    document_class = cls.__document__

    def structure(value: Any, _: Any) -> Any:
        if isinstance(value, Mapping):  # the ledger's own steps; its document class's follow
            fields, version = _versioned(value)
            fields = _upgraded(cls.__name__, fields, version)
            value = {"schema_version": version, **fields}
        return cls._from_document(converter.structure(value, document_class))

    return structure


def _stateful_unstructure_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any], Any]:
    document_class = cls.__document__

    def unstructure(value: Any) -> Any:
        return converter.unstructure(value._document(), unstructure_as=document_class)

    return unstructure


def _attrs_hook(converter: cattrs.Converter, cls: Any) -> Callable[[Any, Any], Any]:
    build = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
    )
    fast = fast_reader(converter, cls, _version_ok, SCHEMA_VERSION)

    def structure(value: Any, _: Any) -> Any:
        if fast is not None and _READING.get(SCHEMA_VERSION) == SCHEMA_VERSION:
            try:
                read = fast(value)
            except Exception:  # unvouched: the full reader below decides, and words it
                read = _UNREAD
            if read is not _UNREAD:
                return read
        if not isinstance(value, Mapping):
            raise _fail(value, f"an object (a {cls.__name__})")
        fields, version = _versioned(value)
        fields = _upgraded(cls.__name__, fields, version)
        token = _READING.set(version)  # what the objects nested in it are written in
        try:
            return build(fields, cls)
        finally:
            _READING.reset(token)

    return structure


def _versioned(value: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """An object's fields and its schema version: its own (a whole document nested), or its parent's."""
    fields = dict(value)
    if "schema_version" in fields:
        return fields, _check_version(fields.pop("schema_version"))
    return fields, _READING.get(SCHEMA_VERSION)


def _upgraded(name: str, fields: dict[str, Any], version: int) -> dict[str, Any]:
    """The fields of a ``name`` object of ``version``, brought to :data:`SCHEMA_VERSION` step by step."""
    for step_from in range(version, SCHEMA_VERSION):
        step = _UPGRADES[step_from].get(name)
        if step is not None:
            fields = step(fields)
    return fields


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_structure_hook(relativedelta, _structure_window)
    converter.register_unstructure_hook(relativedelta, format_window)
    converter.register_unstructure_hook(
        FrozenMap,
        lambda value: {
            converter.unstructure(key): converter.unstructure(item) for key, item in value.items()
        },
    )
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda cls: _tuple_hook(converter, cls)
    )
    converter.register_structure_hook_factory(
        _is_mapping, lambda cls: _mapping_hook(converter, cls)
    )
    converter.register_structure_hook_factory(
        _is_our_attrs_class, lambda cls: _attrs_hook(converter, cls)
    )
    # after the attrs hooks, so that a ledger's document class wins over its own fields
    converter.register_structure_hook_factory(
        _is_stateful, lambda cls: _stateful_structure_hook(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        _is_stateful, lambda cls: _stateful_unstructure_hook(converter, cls)
    )
    return converter


_CONVERTER = _make_converter()


def _is_public(cls: Any) -> bool:
    """False for a private class (its name starts with ``_``): its shape may change in any release."""
    return not getattr(cls, "__name__", "_").startswith("_")


def _check_class(cls: Any) -> None:
    """Only public classes have documents: a private class's shape may change in any release."""
    if not (_is_our_attrs_class(cls) or _is_stateful(cls)) or not _is_public(cls):
        raise InvalidInputError("cls", cls, "a public custinteract model, policy or result class")


def to_dict(value: Any) -> dict[str, Any]:
    """A JSON-compatible dict of a model, policy, result or ledger, with its schema version.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> doc = ci.to_dict(ci.Interaction(
    ...     id="i-1", customer_id="c-1", sentiment=ci.Sentiment.NEGATIVE,
    ...     timestamp=datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)))
    >>> doc["schema_version"], doc["timestamp"], doc["sentiment"]
    (1, '2026-03-04T10:00:00+00:00', 'negative')
    >>> ci.from_dict(ci.Interaction, doc).timestamp.year
    2026
    """
    _check_class(type(value))
    body = _CONVERTER.unstructure(value)
    return {"schema_version": SCHEMA_VERSION, **body}


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build a ``cls`` from a dict such as :func:`to_dict` writes or ``json.loads`` reads.

    Text is converted exactly (ISO 8601 datetimes with an offset, ISO 8601
    durations for windows, enum values); nothing is coerced. ``schema_version``
    may be omitted (the current version is assumed) but if present must be one
    this release reads: the current one, or an earlier one whose documents are
    upgraded step by step before they are read. A document of a later version
    is refused with a message saying to upgrade custinteract. Every problem is
    collected and reported in one :class:`InvalidInputError` whose ``field`` is
    the path of the first.

    >>> import custinteract as ci
    >>> ci.from_dict(ci.Interaction, {"id": "i-1", "customer_id": "c-1",
    ...     "timestamp": "2026-03-04T10:00:00", "sentiment": "angry"})
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: timestamp: expected a timezone-aware datetime ... (and 1 more: sentiment: expected one of ['negative', 'neutral', 'positive'], got 'angry')
    >>> ci.from_dict(ci.Rating, {"schema_version": 2, "scale": "csat", "value": 5})
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: schema_version: expected a schema version this release reads (1); the document was written by a newer release of custinteract: upgrade custinteract to read it, got 2
    """
    try:
        read = _FAST_READERS[cls](data)
    except Exception:  # unvouched, or a class not read yet: see below
        read = _UNREAD
    if read is not _UNREAD:
        return read  # type: ignore[no-any-return]
    fast = _reader_of(cls)  # (made once, after the class is checked)
    try:
        read = fast(data)
    except Exception:  # unvouched: read again below, finding and wording every problem
        read = _UNREAD
    if read is not _UNREAD:
        return read  # type: ignore[no-any-return]
    if not isinstance(data, Mapping):
        raise InvalidInputError(_ROOT, data, f"an object (a {cls.__name__} document)")
    body = dict(data)
    token = _READING.set(_check_version(body.pop("schema_version", SCHEMA_VERSION)))
    try:
        return _structure(body, cls)  # type: ignore[no-any-return]
    finally:
        _READING.reset(token)


def from_dicts(cls: type[T], documents: Iterable[Mapping[str, Any]]) -> tuple[T, ...]:
    """Build a ``cls`` from each of a list of documents, as :func:`from_dict` does, in one call.

    The same documents are accepted; a refusal names the document by its
    position in the list (``[3].timestamp``) and, as :func:`from_dict` does,
    collects every problem in one :class:`InvalidInputError`. Reading a JSON
    array of documents this way saves the per-call cost of :func:`from_dict`.

    >>> import custinteract as ci
    >>> docs = [{"id": "i-1", "customer_id": "c-1", "timestamp": "2026-03-04T10:00:00Z",
    ...          "sentiment": "negative"},
    ...         {"id": "i-2", "customer_id": "c-1", "timestamp": "2026-03-05T10:00:00Z",
    ...          "sentiment": "happy"}]
    >>> ci.from_dicts(ci.Interaction, docs[:1])[0].sentiment.value
    'negative'
    >>> ci.from_dicts(ci.Interaction, docs)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: [1].sentiment: expected one of ['negative', 'neutral', 'positive'], got 'happy'
    """
    fast = _reader_of(cls)
    items = documents
    if type(items) not in (list, tuple):
        items = list(check_iterable(documents, "documents"))
    try:
        return tuple(map(fast, items))
    except Exception:  # unvouched: read again below, finding and wording every problem
        many: Any = tuple.__class_getitem__((cls, ...))  # tuple[cls, ...], built at run time
    return _structure(list(items), many)  # type: ignore[no-any-return]


def _structure(body: Any, tp: Any) -> Any:
    """Read ``body`` as ``tp`` through cattrs: every problem in one error, with its path."""
    try:
        return _CONVERTER.structure(body, tp)
    except InvalidInputError as exc:
        if exc.field == _ROOT:
            raise InvalidInputError(_ROOT, exc.value, exc.expected) from exc
        raise
    except (ClassValidationError, IterableValidationError) as exc:
        problems = _problems(exc, _ROOT)
        first_path, first_value, first_expected = problems[0]
        more = sum(value.count for _, value, _ in problems if isinstance(value, _Uncounted))
        kept = [problem for problem in problems if not isinstance(problem[1], _Uncounted)]
        raise InvalidInputError(
            first_path,
            first_value,
            first_expected,
            problems=tuple(
                (path, _describe(value, expected)) for path, value, expected in kept[:MAX_PROBLEMS]
            ),
            problem_count=len(kept) + more,
        ) from exc


def _version_ok(version: Any) -> bool:
    """Whether a fast reader may read a document of ``version`` (the current one: no upgrade)."""
    return type(version) in (int, float) and version == SCHEMA_VERSION


_FAST_READERS: dict[Any, Callable[[Any], Any]] = {}
_UNREAD: Any = object()  # what a fast reader gave when it could not vouch for a document


def _doubt(_: Any) -> Any:
    raise LookupError("no fast reader for this class")


def _reader_of(cls: Any) -> Callable[[Any], Any]:
    """The fast reader of ``cls``'s documents, once :func:`_check_class` accepts ``cls``."""
    try:
        return _FAST_READERS[cls]
    except (KeyError, TypeError):  # not read yet (or not a class at all: refused here)
        _check_class(cls)
        return _fast_reader(cls)


def _fast_reader(cls: Any) -> Callable[[Any], Any]:
    """The fast reader of ``cls``'s documents (see :mod:`custinteract._readers`), made once."""
    fast = None
    if _is_our_attrs_class(cls) and not _is_stateful(cls):
        fast = fast_reader(_CONVERTER, cls, _version_ok, SCHEMA_VERSION)
    _FAST_READERS[cls] = fast or _doubt
    return _FAST_READERS[cls]


def _earliest_read() -> int:
    """The earliest schema version read: every step from it to the current one is registered."""
    earliest = SCHEMA_VERSION
    while earliest - 1 in _UPGRADES:
        earliest -= 1
    return earliest


def _check_version(version: Any) -> int:
    """The schema version a document states, if this release reads it."""
    earliest = _earliest_read()
    readable = (
        str(SCHEMA_VERSION) if earliest == SCHEMA_VERSION else f"{earliest} to {SCHEMA_VERSION}"
    )
    expected = f"a schema version this release reads ({readable})"
    if type(version) not in (int, float) or not float(version).is_integer():
        raise InvalidInputError("schema_version", version, expected)
    if version > SCHEMA_VERSION:
        raise InvalidInputError(
            "schema_version",
            version,
            f"{expected}; the document was written by a newer release of custinteract:"
            " upgrade custinteract to read it",
        )
    if version < earliest:
        raise InvalidInputError(
            "schema_version",
            version,
            f"{expected}; the document was written by a release older than any this one reads",
        )
    return int(version)


def _describe(value: Any, expected: str) -> str:
    return InvalidInputError("", value, expected).describe()


def _join(path: str, field: str) -> str:
    if field.startswith("["):
        return path + field
    return f"{path}.{field}"


def _clean(path: str) -> str:
    if path == _ROOT:
        return path
    return path.removeprefix(_ROOT).removeprefix(".")


def _problems(exc: BaseException, path: str) -> list[tuple[str, Any, str]]:
    """Walk cattrs' exception groups into (path, value, expected) triples.

    Exactly three kinds of leaf are a problem with the document: our own
    :class:`InvalidInputError`, cattrs' ``ForbiddenExtraKeysError`` (unknown
    keys) and the ``KeyError`` cattrs raises for a missing required field.
    Any other leaf is a bug in custinteract and is re-raised as it is.
    """
    found: list[tuple[str, Any, str]] = []
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            if isinstance(note, AttributeValidationNote) and _is_missing_field(inner, note):
                found.append((_clean(_join(path, note.name)), _MISSING, "a value for this field"))
                continue
            step = f"[{note.index!r}]" if isinstance(note, IterableValidationNote) else note.name
            found.extend(_problems(inner, _join(path, step)))
        for inner in without:
            found.extend(_problems(inner, path))
    elif isinstance(exc, InvalidInputError):
        where = path if exc.field == _ROOT else _join(path, exc.field)
        found.append((_clean(where), exc.value, exc.expected))
    elif isinstance(exc, _MoreRefusedError):
        found.append((_clean(path), _Uncounted(exc.count), ""))
    elif isinstance(exc, ForbiddenExtraKeysError):
        found.append(
            (
                _clean(path),
                sorted(exc.extra_fields),
                "only the documented fields (unknown fields found)",
            )
        )
    else:
        raise exc
    return found


def _is_missing_field(exc: BaseException, note: AttributeValidationNote) -> bool:
    # cattrs reads a required field as ``o[name]``: a KeyError naming exactly that field.
    return type(exc) is KeyError and exc.args == (note.name,)


# --------------------------------------------------------------------------- schema


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents :func:`to_dict` writes for ``cls``.

    Integration teams in other languages validate against it. It is generated
    from the same declarations and validators as the classes themselves; a
    document it refuses, :func:`from_dict` refuses too.

    >>> import custinteract as ci
    >>> schema = ci.json_schema(ci.Interaction)
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["required"])
    ['customer_id', 'id', 'sentiment', 'timestamp']
    >>> schema["properties"]["sentiment"]["enum"]
    ['positive', 'neutral', 'negative']
    """
    _check_class(cls)
    defs: dict[str, Any] = {}
    top = _object_schema(cls, defs)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://custinteract.readthedocs.io/schemas/{SCHEMA_VERSION}/{cls.__name__}.json",
        **top,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _object_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    if _is_stateful(cls):  # a ledger: its document class's schema, under its own name
        document: dict[str, Any] = _object_schema(cls.__document__, defs)
        document["title"] = cls.__name__
        document["description"] = _first_paragraph(cls.__doc__)
        return document
    hints = typing.get_type_hints(cls)
    # Every object may carry the version, so that a whole document nests in another.
    properties: dict[str, Any] = {"schema_version": {"const": SCHEMA_VERSION}}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        fragment = schema_of(field.validator)
        fragment.pop("optional", None)
        properties[field.name] = _type_schema(hints[field.name], defs, fragment)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    schema: dict[str, Any] = {
        "title": cls.__name__,
        "description": _first_paragraph(cls.__doc__),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    schema.update(getattr(cls, "__json_schema_extra__", {}))
    return schema


def _first_paragraph(doc: str | None) -> str:
    return " ".join((doc or "").strip().split("\n\n")[0].split())


def _type_schema(tp: Any, defs: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    # ``optional`` marks a validator that lets None through; the union below says it in JSON Schema.
    fragment = {key: val for key, val in fragment.items() if key != "optional"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        inner = [_type_schema(arg, defs, fragment if len(options) == 1 else {}) for arg in options]
        return {"anyOf": [*inner, {"type": "null"}]} if type(None) in args else {"anyOf": inner}
    base: dict[str, Any]
    if tp is str:
        base = {"type": "string"}
    elif tp is bool:
        base = {"type": "boolean"}
    elif tp is int:
        base = {"type": "integer"}
    elif tp is float:
        base = {"type": "number"}
    elif tp is datetime:
        base = {
            "type": "string",
            "format": "date-time",
            "pattern": DATETIME_TEXT_PATTERN,
            "description": DATETIME_TEXT_DESCRIPTION,
        }
    elif tp is relativedelta:
        base = {"type": "string", "description": WINDOW_TEXT_DESCRIPTION}
    elif _is_enum(tp):
        base = {"type": "string", "enum": [member.value for member in tp]}
    elif _is_our_attrs_class(tp) or _is_stateful(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion, replaced below
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    elif _is_homogeneous_tuple(tp):
        item_fragment = fragment.get("items", {}) if fragment.get("type") == "array" else {}
        base = {"type": "array", "items": _type_schema(args[0], defs, item_fragment)}
        fragment = {}
    elif origin is tuple:
        base = {
            "type": "array",
            "prefixItems": [_type_schema(arg, defs, {}) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    elif origin in (Mapping, dict, typing.Mapping) or (
        isinstance(origin, type) and issubclass(origin, Mapping)
    ):
        key_type, value_type = args
        value_fragment = (
            fragment.get("additionalProperties", {}) if fragment.get("type") == "object" else {}
        )
        base = {
            "type": "object",
            "additionalProperties": _type_schema(value_type, defs, value_fragment),
        }
        if _is_enum(key_type):
            base["propertyNames"] = {"enum": [member.value for member in key_type]}
        if fragment.get("type") == "object":
            base.update({k: fragment[k] for k in ("propertyNames",) if k in fragment})
            if "required" in fragment:  # a complete table: every member, each as the values
                item = base["additionalProperties"]
                base["properties"] = {key: dict(item) for key in fragment["required"]}
                base["required"] = list(fragment["required"])
        fragment = {}
    else:
        raise TypeError(f"no JSON Schema mapping for {tp!r}")  # a bug in a class declaration
    merged = {
        **base,
        **{k: val for k, val in fragment.items() if k != "type" or val == base.get("type")},
    }
    return merged
