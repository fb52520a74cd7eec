"""The JSON Schema (draft 2020-12) of a class's documents, built from its field declarations.

Each field's type gives the shape (a string, an array, an object, a ``$ref``
to another class's definition) and each field's validator the constraints it
carries (:func:`~custinteract._validators.schema_of`): a constraint is written
once, on the validator, so the schema cannot drift from the check.
:func:`~custinteract.json_schema` puts the pieces together.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ._structuring import is_enum, is_homogeneous_tuple, is_our_attrs_class, is_stateful
from ._time import DATETIME_TEXT_DESCRIPTION, DATETIME_TEXT_PATTERN, WINDOW_TEXT_DESCRIPTION
from ._validators import schema_of

__all__ = ["object_schema"]


def object_schema(cls: type[Any], defs: dict[str, Any], version: int) -> dict[str, Any]:
    """The schema of ``cls``'s objects (written in schema ``version``), its classes' put in ``defs``."""
    if is_stateful(cls):  # a ledger: its document class's schema, under its own name
        document: dict[str, Any] = object_schema(cls.__document__, defs, version)
        document["title"] = cls.__name__
        document["description"] = _first_paragraph(cls.__doc__)
        return document
    hints = typing.get_type_hints(cls)
    # Every object may carry the version, so that a whole document nests in another.
    properties: dict[str, Any] = {"schema_version": {"const": version}}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        fragment = schema_of(field.validator)
        fragment.pop("optional", None)
        properties[field.name] = _type_schema(hints[field.name], defs, fragment, version)
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


def _type_schema(
    tp: Any, defs: dict[str, Any], fragment: dict[str, Any], version: int
) -> dict[str, Any]:
    # ``optional`` marks a validator that lets None through; the union below says it in JSON Schema.
    fragment = {key: val for key, val in fragment.items() if key != "optional"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        inner = [
            _type_schema(arg, defs, fragment if len(options) == 1 else {}, version)
            for arg in options
        ]
        return {"anyOf": [*inner, {"type": "null"}]} if type(None) in args else {"anyOf": inner}
    plain = _plain_schema(tp)
    if plain is not None:
        return _with_fragment(plain, fragment)
    if is_our_attrs_class(tp) or is_stateful(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion, replaced below
            defs[tp.__name__] = object_schema(tp, defs, version)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if is_homogeneous_tuple(tp):
        item_fragment = fragment.get("items", {}) if fragment.get("type") == "array" else {}
        return {"type": "array", "items": _type_schema(args[0], defs, item_fragment, version)}
    if origin is tuple:
        prefix = {
            "type": "array",
            "prefixItems": [_type_schema(arg, defs, {}, version) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
        return _with_fragment(prefix, fragment)
    if origin in (Mapping, dict, typing.Mapping) or (
        isinstance(origin, type) and issubclass(origin, Mapping)
    ):
        return _mapping_schema(args, defs, fragment, version)
    raise TypeError(f"no JSON Schema mapping for {tp!r}")  # a bug in a class declaration


def _with_fragment(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """``base`` with the validator's constraints (its ``type`` only where the two agree)."""
    return {
        **base,
        **{k: val for k, val in fragment.items() if k != "type" or val == base.get("type")},
    }


def _plain_schema(tp: Any) -> dict[str, Any] | None:
    """The schema of a value of a plain type (text, number, timestamp, window, enum), else None."""
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is datetime:
        return {
            "type": "string",
            "format": "date-time",
            "pattern": DATETIME_TEXT_PATTERN,
            "description": DATETIME_TEXT_DESCRIPTION,
        }
    if tp is relativedelta:
        return {"type": "string", "description": WINDOW_TEXT_DESCRIPTION}
    if is_enum(tp):
        return {"type": "string", "enum": [member.value for member in tp]}
    return None


def _mapping_schema(
    args: tuple[Any, ...], defs: dict[str, Any], fragment: dict[str, Any], version: int
) -> dict[str, Any]:
    """The schema of a mapping field of key and value types ``args``, its validator's table rules kept."""
    key_type, value_type = args
    value_fragment = (
        fragment.get("additionalProperties", {}) if fragment.get("type") == "object" else {}
    )
    base: dict[str, Any] = {
        "type": "object",
        "additionalProperties": _type_schema(value_type, defs, value_fragment, version),
    }
    if is_enum(key_type):
        base["propertyNames"] = {"enum": [member.value for member in key_type]}
    if fragment.get("type") == "object":
        base.update({k: fragment[k] for k in ("propertyNames",) if k in fragment})
        if "required" in fragment:  # a complete table: every member, each as the values
            item = base["additionalProperties"]
            base["properties"] = {key: dict(item) for key in fragment["required"]}
            base["required"] = list(fragment["required"])
    return base
