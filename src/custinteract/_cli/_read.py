"""Reading the input files: JSON Lines here, CSV and Parquet through pandas (``_frames_files``).

A JSON Lines file holds one document per line, each shaped as
:func:`custinteract.to_dict` writes the model (an ``Interaction``, a
``Customer``, a ``StaffMember`` or a ``StaffEvent``); blank lines are skipped.
Every refusal is a :class:`InputFileError` naming the file, the line and the field.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import custinteract as ci

from ._problems import CommandError, InputFileError, from_invalid

__all__ = ["KINDS", "STDIN", "Loaded", "read", "read_documents", "write_documents"]

STDIN = "-"
"""The file name that means standard input (JSON Lines only)."""

KINDS: dict[str, type[Any]] = {
    "interactions": ci.Interaction,
    "customers": ci.Customer,
    "staff": ci.StaffMember,
    "staff_events": ci.StaffEvent,
}
"""What each kind of input file holds, one model value per line or row."""

_JSON_LINES = {".jsonl", ".ndjson", ".json"}
_TABLES = {".csv", ".parquet", ".pq"}


class Loaded:
    """The values read from one file and where each came from (for later errors)."""

    def __init__(self, name: str, values: tuple[Any, ...], where: Callable[[int], str]) -> None:
        self.name = name
        self.values = values
        self.where = where


def read(path: str, kind: str) -> Loaded:
    """The values of one input file, by its suffix: JSON Lines, CSV or Parquet."""
    if path == STDIN:
        return read_documents(sys.stdin, "<stdin>", kind)
    suffix = Path(path).suffix.lower()
    if suffix not in _JSON_LINES | _TABLES:
        raise InputFileError(
            path, "$", f"expected a .csv, .parquet or .jsonl file, got the suffix {suffix!r}"
        )
    if not Path(path).is_file():
        raise InputFileError(path, "$", "no such file")
    if suffix in _JSON_LINES:
        try:
            with open(path, encoding="utf-8") as stream:
                return read_documents(stream, path, kind)
        except UnicodeDecodeError as exc:
            raise InputFileError(path, "$", f"not UTF-8 text ({exc.reason})") from exc
    try:
        from ._frames_files import read_table
    except ImportError as exc:  # MissingExtraError is one too
        raise CommandError(
            f"{path}: reading {suffix} files needs the optional extra 'frames'"
            " (pandas; Parquet also needs pyarrow): python -m pip install 'custinteract[frames]'"
        ) from exc
    return read_table(path, kind, suffix)


def read_documents(lines: Iterable[str], name: str, kind: str) -> Loaded:
    """One model value per non-blank line of JSON text, validated by :func:`ci.from_dict`."""
    cls = KINDS[kind]
    values: list[Any] = []
    numbers: list[int] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        where = f"{name}:{number}"
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFileError(
                where, "$", f"invalid JSON: {exc.msg} (column {exc.colno})"
            ) from None
        try:
            values.append(ci.from_dict(cls, document))
        except ci.InvalidInputError as exc:
            raise from_invalid(where, exc) from None
        numbers.append(number)
    return Loaded(name, tuple(values), lambda i: f"{name}:{numbers[i]}")


def write_documents(values: Iterable[Any]) -> None:
    """Each value as one line of JSON on standard output (its :func:`ci.to_dict` document)."""
    out = sys.stdout
    for value in values:
        out.write(json.dumps(ci.to_dict(value), ensure_ascii=False))
        out.write("\n")
