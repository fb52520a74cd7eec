"""The one error of the command line: a problem in an input file, at a line and a field."""

from __future__ import annotations

import re

from .._errors import InvalidInputError

__all__ = ["CommandError", "InputFileError", "from_invalid", "row_and_field"]


class CommandError(Exception):
    """A refusal of the command line: shown as ``error: <message>``, exit code 2."""


class InputFileError(CommandError):
    """A refused input: where (``file:line``), the field and what was wrong.

    Shown as ``interactions.csv:3: timestamp: expected ..., got '2026-13-01'``;
    the command exits with code 2.
    """

    def __init__(self, where: str, field: str, message: str) -> None:
        self.where = where
        self.field = field
        self.message = message
        super().__init__(f"{where}: {field}: {message}")


# Fields as the frame functions name them: ``timestamp[2]`` or ``row 2: rating.value``.
_INDEXED = re.compile(r"^(?P<field>[\w.]+)\[(?P<row>\d+)\](?P<rest>.*)$")
_ROW = re.compile(r"^row (?P<row>\d+): (?P<field>.*)$")


def row_and_field(field: str) -> tuple[int | None, str]:
    """The frame row a frame function's error names (if any) and the field alone."""
    for pattern in (_ROW, _INDEXED):
        match = pattern.match(field)
        if match:
            rest = match.groupdict().get("rest") or ""
            return int(match["row"]), match["field"] + rest
    return None, field


def from_invalid(where: str, exc: InvalidInputError, field: str | None = None) -> InputFileError:
    """A :class:`InputFileError` at ``where`` carrying an :class:`InvalidInputError`'s message."""
    message = exc.describe()
    if exc.problem_count > 1:
        others = "; ".join(f"{path}: {text}" for path, text in exc.problems[1:4])
        message += f" (and {exc.problem_count - 1} more: {others})"
    return InputFileError(where, exc.field if field is None else field, message)
