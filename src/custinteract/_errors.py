"""The exceptions custinteract raises on purpose.

Every error the library raises deliberately is a :class:`CustInteractError`.
Bad values are :class:`InvalidInputError`, which is also a :class:`ValueError`
so that code written against the standard library's conventions still catches
it. Each message names the field (or the path inside a document), the value
that was given and what was expected, so that the person reading it can fix
the input without reading our source.
"""

from __future__ import annotations

import reprlib
from typing import Any

__all__ = [
    "CustInteractError",
    "DuplicateInteractionError",
    "InvalidInputError",
    "MissingExtraError",
    "OutOfOrderError",
]

_MAX_REPR = 120
MAX_PROBLEMS = 100
"""At most this many problems of one document are kept; the rest are only counted."""
_LISTED = 5

_PREVIEW = reprlib.Repr()
_PREVIEW.maxlevel = 3
_PREVIEW.maxstring = _MAX_REPR
_PREVIEW.maxother = _MAX_REPR
_PREVIEW.maxlong = 40


def _short_repr(value: object) -> str:
    """A bounded, non-recursive preview of a refused value (never more than ~120 characters).

    Nested containers are shown three levels deep, long texts and huge
    numbers are cut, and a value whose own ``repr`` fails or recurses too
    deeply is shown by its type.

    >>> _short_repr([[[[["deep"]]]]])
    '[[[[...]]]]'
    >>> len(_short_repr("x" * 10_000)) <= 120
    True
    """
    try:
        text = _PREVIEW.repr(value)
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError):
        text = f"<{type(value).__name__}>"
    if len(text) > _MAX_REPR:
        text = text[: _MAX_REPR - 3] + "..."
    return text


class CustInteractError(Exception):
    """Base class of every error custinteract raises on purpose.

    Catch this to handle any refusal of the library in one place; an exception
    of any other type escaping from custinteract is a bug (please report it).

    >>> import custinteract as ci
    >>> issubclass(ci.InvalidInputError, ci.CustInteractError)
    True
    """


class InvalidInputError(CustInteractError, ValueError):
    """A value was refused: wrong type, out of range, naive datetime, bad document.

    Raised at construction of a model or policy, by :func:`custinteract.from_dict`
    and by the engines when their input breaks a documented rule. What to do:
    correct the value named by :attr:`field`; the message says what was expected.

    Attributes:
        field: The field that was refused (``"timestamp"``), or the path inside a
            document given to :func:`~custinteract.from_dict`
            (``"interactions[3].timestamp"``). ``"$"`` means the document itself.
        value: The value that was refused.
        expected: A phrase saying what would have been accepted.
        problems: The problems found, as ``(path, description)`` pairs; a
            document can have several, the first is also in :attr:`field`. At
            most ``MAX_PROBLEMS`` (100) are kept, so that a huge bad
            document costs bounded memory; the message lists the first few.
        problem_count: How many problems were found in all (at least
            ``len(problems)``); in a long array, the items refused after the
            first ``MAX_PROBLEMS`` count one each, unexamined.

    >>> import custinteract as ci
    >>> err = ci.InvalidInputError("rating.value", 11, "an integer from 1 to 5")
    >>> str(err)
    'rating.value: expected an integer from 1 to 5, got 11'
    >>> isinstance(err, ValueError)
    True
    """

    field: str
    value: Any
    expected: str
    problems: tuple[tuple[str, str], ...]
    problem_count: int

    def __init__(
        self,
        field: str,
        value: Any,
        expected: str,
        *,
        problems: tuple[tuple[str, str], ...] = (),
        problem_count: int | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        every = problems or ((field, self.describe()),)
        self.problem_count = problem_count if problem_count is not None else len(every)
        self.problems = tuple(every[:MAX_PROBLEMS])
        message = f"{field}: {self.describe()}"
        if self.problem_count > 1:
            others = "; ".join(f"{path}: {text}" for path, text in self.problems[1 : 1 + _LISTED])
            unlisted = self.problem_count - 1 - min(_LISTED, len(self.problems) - 1)
            tail = f"; and {unlisted:,} more" if unlisted > 0 else ""
            message += f" (and {self.problem_count - 1:,} more: {others}{tail})"
        super().__init__(message)

    def describe(self) -> str:
        """The problem without the field name: ``"expected ..., got ..."``."""
        return f"expected {self.expected}, got {_short_repr(self.value)}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions cross process boundaries (Dask, multiprocessing): keep
        # every attribute when pickled.
        return (
            _rebuild,
            (type(self), self.field, self.value, self.expected, self.problems, self.problem_count),
        )


def _rebuild(
    cls: type[InvalidInputError],
    field: str,
    value: Any,
    expected: str,
    problems: tuple[tuple[str, str], ...],
    problem_count: int | None = None,
) -> InvalidInputError:
    return cls(field, value, expected, problems=problems, problem_count=problem_count)


class DuplicateInteractionError(InvalidInputError):
    """A different interaction arrived under an interaction id already used.

    Replaying the *identical* interaction is harmless and ignored; two
    different interactions sharing one id would be counted wrongly either way,
    so the engine refuses them. What to do: give each interaction a unique id,
    or de-duplicate at the source.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> when = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> first = ci.Interaction(id="i-1", customer_id="c-1", timestamp=when,
    ...                        sentiment=ci.Sentiment.NEGATIVE)
    >>> ledger = ci.RecoveryLedger().record(first)
    >>> ledger.record(first) is ledger  # the identical replay is ignored
    True
    >>> try:
    ...     ledger.record(ci.Interaction(id="i-1", customer_id="c-1", timestamp=when,
    ...                                  sentiment=ci.Sentiment.POSITIVE))
    ... except ci.DuplicateInteractionError as error:
    ...     print(error.field, error.value)
    id i-1
    """


class OutOfOrderError(InvalidInputError):
    """An incremental ledger received an interaction older than one it has seen.

    Incremental forms keep constant cost per event by never looking back, so
    they need time order. What to do: sort the interactions by
    ``(timestamp, id)`` first, or use the batch function, which sorts for you.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> def contact(id, day):
    ...     return ci.Interaction(id=id, customer_id="c-1", sentiment=ci.Sentiment.POSITIVE,
    ...                           timestamp=datetime(2026, 3, day, tzinfo=timezone.utc))
    >>> ledger = ci.RecoveryLedger().record(contact("i-2", 5))
    >>> try:
    ...     ledger.record(contact("i-1", 4))
    ... except ci.OutOfOrderError as error:
    ...     print(isinstance(error, ci.InvalidInputError), error.field)
    True interaction
    """


class MissingExtraError(CustInteractError, ImportError):
    """An optional feature was used without its optional dependencies.

    The message names the missing package and two commands that work: install
    that package alone, or install custinteract again with the extra that
    brings it (from a checkout of custinteract; the package is not on the
    package index yet). It is also an :class:`ImportError`, so ``except
    ImportError`` around an optional import still works.

    >>> import custinteract as ci
    >>> error = ci.MissingExtraError("custinteract.frames", "frames", "pandas")
    >>> print(error)
    custinteract.frames needs the optional dependency 'pandas', which is not installed; install it with: python -m pip install 'pandas' (or, in a checkout of custinteract: python -m pip install '.[frames]')
    >>> isinstance(error, ImportError), error.extra
    (True, 'frames')
    """

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        self.feature = feature
        self.extra = extra
        self.missing = missing
        super().__init__(
            f"{feature} needs the optional dependency {missing!r}, which is not"
            f" installed; install it with: python -m pip install {missing!r}"
            f" (or, in a checkout of custinteract: python -m pip install '.[{extra}]')"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.feature, self.extra, self.missing))


# Users meet these as ``custinteract.InvalidInputError`` and so on: say so in
# tracebacks and reprs rather than naming this private module.
for _cls in (
    CustInteractError,
    InvalidInputError,
    DuplicateInteractionError,
    OutOfOrderError,
    MissingExtraError,
):
    _cls.__module__ = "custinteract"
