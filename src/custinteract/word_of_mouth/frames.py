"""Word of mouth per customer (or per any interaction column) from an interactions frame."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

import numpy as np
import pandas as pd

from .._columns import localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import INTERACTION_COLUMNS, apply_by_key, normalize_with_repeats, with_why
from ._engine import estimate_from_counts
from ._policy import REASON_CODES, WordOfMouthPolicy, policy_or_default

__all__ = ["WORD_OF_MOUTH_COLUMNS", "word_of_mouth_frame"]

WORD_OF_MOUTH_COLUMNS: tuple[str, ...] = (
    "positives",
    "negatives",
    "neutrals",
    "positive_reach",
    "negative_reach",
    "net_reach",
    "positives_to_offset",
    "explanation",
    "why",
)
"""The columns of :func:`word_of_mouth_frame`, named as the fields of
:class:`~custinteract.WordOfMouthEstimate`; ``explanation`` holds the tuple of
reason codes and ``why`` their meanings (from
:data:`~custinteract.WORD_OF_MOUTH_REASON_CODES`) joined by ``"; "``."""

_SENTIMENTS = ("positive", "negative", "neutral")


def _empty(by: str) -> pd.DataFrame:
    out: pd.DataFrame = pd.DataFrame(
        {
            "positives": pd.Series([], dtype="int64"),
            "negatives": pd.Series([], dtype="int64"),
            "neutrals": pd.Series([], dtype="int64"),
            "positive_reach": pd.Series([], dtype="float64"),
            "negative_reach": pd.Series([], dtype="float64"),
            "net_reach": pd.Series([], dtype="float64"),
            "positives_to_offset": pd.Series([], dtype="Int64"),
            "explanation": pd.Series([], dtype="object"),
            "why": pd.Series([], dtype="object"),
        }
    )
    out.index = pd.Index([], dtype="object", name=by)
    return out


def _per_key(
    frame: pd.DataFrame, by: str, columns: Mapping[str, str] | None, policy: WordOfMouthPolicy
) -> pd.DataFrame:
    if frame.empty:
        # Dask's empty meta frames carry Arrow strings, on which the shared
        # text checks warn: validate an object-typed copy (it has no rows).
        text = {c: object for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)}
        frame = frame.astype(text)
    data, repeats = normalize_with_repeats(frame, columns)
    if data.empty:
        return _empty(by)
    keys = data[by]
    missing = keys.isna()
    if missing.any():
        row = missing.idxmax()
        raise InvalidInputError(f"{by}[{row!r}]", None, f"a {by} in every row")
    codes, labels = _sorted_codes(keys)
    # sentiments factorised in the column's own type, then placed in _SENTIMENTS order
    mood_codes, moods_seen = pd.factorize(data["sentiment"])
    place = [_SENTIMENTS.index(m) if m in _SENTIMENTS else -1 for m in moods_seen.tolist()]
    moods = np.array([*place, -1], dtype=np.int64)[mood_codes]  # missing (-1): the last
    counts = np.bincount(codes * 3 + moods, minlength=3 * len(labels)).reshape(-1, 3)
    # identical replayed rows, dropped by normalisation, reported per key as the object path does
    duplicates = np.zeros(len(labels), dtype=np.int64)
    if len(repeats):
        duplicates = np.bincount(pd.Index(labels).get_indexer(repeats[by]), minlength=len(labels))
    # One estimate per distinct case (the counts and repeats), not per key.
    table = np.column_stack([counts, duplicates])
    radix = int(table.max(initial=0)) + 1  # every count below it: one integer per case
    if radix**4 < 2**62:
        packed = ((table[:, 0] * radix + table[:, 1]) * radix + table[:, 2]) * radix + table[:, 3]
        _, first, case_of = np.unique(packed, return_index=True, return_inverse=True)
        cases = table[first]
    else:  # a few keys with huge counts (by channel): rows of four, compared as rows
        cases, case_of = np.unique(table, axis=0, return_inverse=True)
    estimates = [
        estimate_from_counts(
            int(positives), int(negatives), int(neutrals), policy=policy, duplicates=int(dup)
        )
        for positives, negatives, neutrals, dup in cases.tolist()
    ]
    case_of = case_of.reshape(-1)
    reasons = np.empty(len(estimates), dtype=object)
    reasons[:] = [tuple(reason.code for reason in e.explanation) for e in estimates]
    offsets = pd.array([e.positives_to_offset for e in estimates], dtype="Int64")
    out: pd.DataFrame = pd.DataFrame(
        {
            "positives": counts[:, 0].astype("int64"),
            "negatives": counts[:, 1].astype("int64"),
            "neutrals": counts[:, 2].astype("int64"),
            "positive_reach": _taken([e.positive_reach for e in estimates], case_of),
            "negative_reach": _taken([e.negative_reach for e in estimates], case_of),
            "net_reach": _taken([e.net_reach for e in estimates], case_of),
            "positives_to_offset": offsets.take(case_of),
            "explanation": reasons[case_of],
        },
        index=pd.Index(labels, dtype="object", name=by),
    )
    return with_why(out, "explanation", REASON_CODES)


def _taken(values: list[float], case_of: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A float column: each row's value from its case's."""
    taken: np.ndarray[Any, Any] = np.asarray(values, dtype="float64")[case_of]
    return taken


def _sorted_codes(keys: pd.Series[Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each row's key as its rank among the sorted distinct keys, and those keys as objects.

    Factorised in the column's own type; only the distinct keys are sorted.
    """
    codes, uniques = pd.factorize(keys)
    order = np.asarray(pd.Index(uniques).argsort())  # in the column's own type (Arrow sorts)
    labels = np.asarray(pd.Index(uniques).astype(object))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], labels[order]


@same_kind_out("frame")
def word_of_mouth_frame(
    frame: Any,
    *,
    policy: WordOfMouthPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    by: str = "customer_id",
) -> Any:
    """Positive, negative and net word of mouth per customer (or per ``by`` value).

    Each row equals :func:`~custinteract.estimate_word_of_mouth` on that
    customer's interactions exactly; the columns are
    :data:`WORD_OF_MOUTH_COLUMNS` and the index is named ``by``, sorted.
    ``columns`` maps our column names to yours, as in
    :func:`~custinteract.frames.normalize_interactions`; ``by`` is one of
    our interaction column names (``"customer_id"``, ``"staff_id"``,
    ``"channel"``...), every row must have a value in it. A row identical to
    an earlier one is a replay, counted once, and the row's ``explanation``
    says so (``word_of_mouth.duplicate_ignored``), as the object path does; a
    different row under a used id is an error. A Dask DataFrame gives a lazy
    Dask DataFrame (through :func:`~custinteract.frames.apply_by_key`, which
    checks ids across the whole frame). The input is never modified.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> from custinteract.frames import word_of_mouth_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2", "i3"], "customer_id": ["ann", "ann", "bob"],
    ...     "timestamp": pd.to_datetime(["2026-03-04T10:00Z"] * 3),
    ...     "sentiment": ["positive", "negative", "positive"]})
    >>> word_of_mouth_frame(df)[["positive_reach", "negative_reach", "net_reach"]]
                 positive_reach  negative_reach  net_reach
    customer_id
    ann                     5.0            10.0       -5.0
    bob                     5.0             0.0        5.0
    """
    frame = localized(frame, columns, tz, "tz")
    policy = policy_or_default(policy)
    if by not in INTERACTION_COLUMNS:
        raise InvalidInputError("by", by, f"one of {list(INTERACTION_COLUMNS)}")
    key = dict(columns or {}).get(by, by)
    return apply_by_key(
        frame,
        key,
        lambda part: _per_key(part, by, columns, policy),
        id_column=dict(columns or {}).get("id", "id"),
    )
