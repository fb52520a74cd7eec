"""Running a frame function per key (pandas or Dask), and the frames it answers with.

:func:`apply_by_key` runs a function on a pandas frame, or per group of a
key on a Dask frame with the ids kept unique across partitions;
:func:`result_frame` checks a result handed back to a summary or plot;
:func:`with_why` words each row's reason codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from ._errors import InvalidInputError
from ._frames_parallel import OneThread

__all__ = [
    "WHY_SEPARATOR",
    "apply_by_key",
    "empty_text_as_objects",
    "result_frame",
    "with_why",
]


def apply_by_key(
    frame: Any,
    key: str,
    function: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    id_column: str | None = None,
) -> Any:
    """Run ``function`` on a pandas frame, or per group of ``key`` on a Dask frame.

    With pandas this is ``function(frame)``. With a Dask DataFrame the rows are
    first shuffled on ``key`` so that each partition holds every row of the keys
    it holds, then ``function`` runs on each partition; the result is a lazy
    Dask DataFrame (call ``.compute()``). ``function`` must therefore work on
    any subset of whole keys, which every frame function here does.

    ``id_column`` names a column of interaction ids to keep unique across the
    whole Dask frame, as in pandas (every engine's frame function passes its
    own): identical repeats land in the same partition (they share the key)
    and are dropped there, and an id found under two keys (which a
    per-partition check cannot see) makes ``.compute()`` raise
    :class:`~custinteract.InvalidInputError`. The check is part of the lazy graph and runs
    distributed (``split_out``), so no single worker holds every id.

    >>> import pandas as pd
    >>> from custinteract.frames import apply_by_key
    >>> df = pd.DataFrame({"customer_id": ["a", "b", "a"], "n": [1, 2, 3]})
    >>> apply_by_key(df, "customer_id", lambda f: f.groupby("customer_id")[["n"]].sum())["n"].to_dict()
    {'a': 4, 'b': 2}
    """
    if isinstance(frame, pd.DataFrame):
        result: pd.DataFrame = function(frame)
        return result
    dask_frame = _dask_frame_type()
    if dask_frame is None or not isinstance(frame, dask_frame):
        raise InvalidInputError("frame", type(frame).__name__, "a pandas or Dask DataFrame")
    for name in (key, id_column):
        if name is not None and name not in frame.columns:
            raise InvalidInputError("frame", list(frame.columns), f"a column named {name!r}")
    meta = function(frame._meta)
    # each partition's checks on its task's thread: Dask runs a task per worker thread already
    lazy = frame.shuffle(on=key).map_partitions(OneThread(function), meta=meta)
    if id_column is None or id_column == key:
        return lazy
    from dask.delayed import delayed

    pairs = frame[[id_column, key]].drop_duplicates(split_out=True)
    uses = pairs[id_column].value_counts(split_out=True)
    checked = delayed(_refuse_reused_ids)(uses[uses > 1], id_column)
    return lazy.map_partitions(_after_check, checked, meta=meta)


def _refuse_reused_ids(reused: pd.Series[Any], id_column: str) -> bool:
    """Raise for the first id that names interactions under more than one key."""
    if len(reused):
        first = sorted(map(str, reused.index))[0]
        raise InvalidInputError(
            id_column, first, "unique interaction ids (this id names interactions of two keys)"
        )
    return True


def _after_check(part: pd.DataFrame, checked: bool) -> pd.DataFrame:
    """A partition of the result, once the id check has passed."""
    return part


def _dask_frame_type() -> Any:
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        return None
    return dd.DataFrame


def empty_text_as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """An empty frame's string columns (Dask's meta) as objects, which normalizing expects.

    A frame with rows is returned as it is.
    """
    if len(frame):
        return frame
    text = {c: object for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)}
    return frame.astype(text) if text else frame


WHY_SEPARATOR = "; "
"""What joins the meanings of a row's reason codes in a ``why`` column."""


_Frame = TypeVar("_Frame")


def result_frame(
    frame: Any, *, source: str, needed: Sequence[str], name: str = "assessments"
) -> pd.DataFrame:
    """``frame`` if it is a pandas result of the frame function ``source`` with the ``needed`` columns.

    What a summary or plot that also takes a frame result checks first: a
    Dask frame is refused with the fix (``.compute()``), a frame without the
    columns with the names it lacks.

    >>> import pandas as pd
    >>> result_frame(pd.DataFrame({"status": []}), source="recovery_frame", needed=("status", "owed_since"))
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: assessments: expected recovery_frame's columns, with ['owed_since'], got ['status']
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidInputError(
            name,
            type(frame).__name__,
            f"a pandas DataFrame from {source} (call .compute() on a Dask one)",
        )
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise InvalidInputError(name, list(frame.columns), f"{source}'s columns, with {missing}")
    return frame


def with_why(frame: _Frame, codes: str, meanings: Mapping[str, str]) -> _Frame:
    """``frame`` with a ``why`` column: the meaning of each reason code of column ``codes``.

    Each row's codes (a tuple) become their one-line meanings from the
    engine's reason-code table (the one the docs list), in order, joined by
    :data:`WHY_SEPARATOR`; a code the table lacks stands for itself. Each
    distinct tuple is worded once. The frame (a result just built) gets the
    column in place, replacing an existing ``why``; a Dask frame gets it lazily.

    >>> import pandas as pd
    >>> from custinteract._tabular import with_why
    >>> df = pd.DataFrame({"codes": [("a.x", "a.y"), ()]})
    >>> with_why(df, "codes", {"a.x": "x happened", "a.y": "so y"})["why"].tolist()
    ['x happened; so y', '']
    """
    if not isinstance(frame, pd.DataFrame):
        lazy: _Frame = cast(Any, frame).map_partitions(with_why, codes, meanings)
        return lazy
    worded: dict[Any, str] = {}

    def word(row: Any) -> str:
        key = tuple(row) if isinstance(row, (tuple, list)) else ()
        if key not in worded:
            worded[key] = WHY_SEPARATOR.join(meanings.get(code, code) for code in key)
        return worded[key]

    values = frame[codes].to_numpy(dtype=object)
    why: Any
    try:  # each distinct tuple worded once: rows share a few explanations
        case_of, cases = pd.factorize(values)
    except TypeError:  # lists, which do not hash: worded row by row
        why = [word(row) for row in values]
    else:
        table = np.array([*map(word, cases), word(None)], dtype=object)  # -1 (missing): last
        why = table[case_of]
    frame["why"] = pd.Series(why, index=frame.index, dtype=object)
    return frame
