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

The parts live beside it: the structure hooks of the plain types and the
class tests in :mod:`custinteract._structuring`, the walk from cattrs'
exception groups to one error in :mod:`custinteract._document_problems`, and
the schema of a class's objects in :mod:`custinteract._json_schema`. This
module holds the converter, the schema versions and their upgrade steps, the
fast readers' cache, and the four public functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import datetime
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn
from dateutil.relativedelta import relativedelta

from ._document_problems import ROOT, fail, one_error
from ._errors import InvalidInputError
from ._json_schema import object_schema
from ._readers import fast_reader
from ._structuring import (
    enum_hook,
    is_enum,
    is_homogeneous_tuple,
    is_mapping,
    is_our_attrs_class,
    is_stateful,
    mapping_hook,
    structure_bool,
    structure_datetime,
    structure_float,
    structure_int,
    structure_str,
    structure_window,
    tuple_hook,
)
from ._time import format_window
from ._validators import FrozenMap, check_iterable

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
            raise fail(value, f"an object (a {cls.__name__})")
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
    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(float, structure_float)
    converter.register_structure_hook(bool, structure_bool)
    converter.register_structure_hook(datetime, structure_datetime)
    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_structure_hook(relativedelta, structure_window)
    converter.register_unstructure_hook(relativedelta, format_window)
    converter.register_unstructure_hook(
        FrozenMap,
        lambda value: {
            converter.unstructure(key): converter.unstructure(item) for key, item in value.items()
        },
    )
    converter.register_structure_hook_factory(is_enum, enum_hook)
    converter.register_structure_hook_factory(
        is_homogeneous_tuple, lambda cls: tuple_hook(converter, cls)
    )
    converter.register_structure_hook_factory(is_mapping, lambda cls: mapping_hook(converter, cls))
    converter.register_structure_hook_factory(
        is_our_attrs_class, lambda cls: _attrs_hook(converter, cls)
    )
    # after the attrs hooks, so that a ledger's document class wins over its own fields
    converter.register_structure_hook_factory(
        is_stateful, lambda cls: _stateful_structure_hook(converter, cls)
    )
    converter.register_unstructure_hook_factory(
        is_stateful, lambda cls: _stateful_unstructure_hook(converter, cls)
    )
    return converter


_CONVERTER = _make_converter()


def _is_public(cls: Any) -> bool:
    """False for a private class (its name starts with ``_``): its shape may change in any release."""
    return not getattr(cls, "__name__", "_").startswith("_")


def _check_class(cls: Any) -> None:
    """Only public classes have documents: a private class's shape may change in any release."""
    if not (is_our_attrs_class(cls) or is_stateful(cls)) or not _is_public(cls):
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
        raise InvalidInputError(ROOT, data, f"an object (a {cls.__name__} document)")
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
        if exc.field == ROOT:
            raise InvalidInputError(ROOT, exc.value, exc.expected) from exc
        raise
    except (ClassValidationError, IterableValidationError) as exc:
        raise one_error(exc) from exc


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
    if is_our_attrs_class(cls) and not is_stateful(cls):
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
    top = object_schema(cls, defs, SCHEMA_VERSION)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://custinteract.readthedocs.io/schemas/{SCHEMA_VERSION}/{cls.__name__}.json",
        **top,
    }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema
