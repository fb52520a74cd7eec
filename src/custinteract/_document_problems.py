"""The problems a document can have, gathered with their paths into one :class:`InvalidInputError`.

Reading a document (:func:`~custinteract.from_dict`) goes through cattrs,
which groups the failures of nested fields and array items into exception
groups annotated with the field name or index. This module walks those groups
into ``(path, value, expected)`` triples (``interactions[3].timestamp``) and
words them as one error. Only the failures a document can cause become a
problem: our own :class:`InvalidInputError`, cattrs' missing-field
``KeyError`` and its ``ForbiddenExtraKeysError``; any other exception is a bug
in custinteract and propagates unchanged.
"""

from __future__ import annotations

from typing import Any

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._errors import MAX_PROBLEMS, InvalidInputError

__all__ = ["DOCUMENT_ERRORS", "ROOT", "MoreRefusedError", "fail", "one_error"]

ROOT = "$"
"""The path of the value being read itself (the document, or the value a hook was given)."""


class _Missing:
    def __repr__(self) -> str:
        return "nothing (the field is missing)"


_MISSING = _Missing()


def fail(value: Any, expected: str) -> InvalidInputError:
    """The refusal of ``value`` by a structure hook, at the path cattrs' notes give it."""
    # Raised inside hooks, which do not know the field name: the path comes
    # from cattrs' validation notes. "$" marks "the value at this path".
    return InvalidInputError(ROOT, value, expected)


class MoreRefusedError(Exception):
    """Stands for refused items of an array beyond ``MAX_PROBLEMS``: counted, not kept."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


@attrs.frozen
class _Uncounted:
    """How many refused items :class:`MoreRefusedError` stood for, on their way into the error."""

    count: int


DOCUMENT_ERRORS = (
    ClassValidationError,
    IterableValidationError,
    ForbiddenExtraKeysError,
    KeyError,
)
"""What cattrs raises for a problem with the document (with our own :class:`InvalidInputError`)."""


def one_error(exc: ClassValidationError | IterableValidationError) -> InvalidInputError:
    """cattrs' exception group as one :class:`InvalidInputError`: the first problem, then the rest."""
    problems = _problems(exc, ROOT)
    first_path, first_value, first_expected = problems[0]
    more = sum(value.count for _, value, _ in problems if isinstance(value, _Uncounted))
    kept = [problem for problem in problems if not isinstance(problem[1], _Uncounted)]
    return InvalidInputError(
        first_path,
        first_value,
        first_expected,
        problems=tuple(
            (path, _describe(value, expected)) for path, value, expected in kept[:MAX_PROBLEMS]
        ),
        problem_count=len(kept) + more,
    )


def _describe(value: Any, expected: str) -> str:
    return InvalidInputError("", value, expected).describe()


def _join(path: str, field: str) -> str:
    if field.startswith("["):
        return path + field
    return f"{path}.{field}"


def _clean(path: str) -> str:
    if path == ROOT:
        return path
    return path.removeprefix(ROOT).removeprefix(".")


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
        where = path if exc.field == ROOT else _join(path, exc.field)
        found.append((_clean(where), exc.value, exc.expected))
    elif isinstance(exc, MoreRefusedError):
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
