"""Word of mouth per customer (or per any interaction column) from an interactions frame."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

import numpy as np
import pandas as pd

from .._columns import localized
from .._errors import InvalidInputError
from .._frames_arrow import checked_text_codes
from .._frames_interop import same_kind_out
from .._tabular import INTERACTION_COLUMNS, apply_by_key, normalize_with_repeats, with_why
from ._engine import estimate_from_counts
from ._frames_keys import arrow_text, distinct_keys
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
    frame: pd.DataFrame,
    by: str,
    columns: Mapping[str, str] | None,
    policy: WordOfMouthPolicy,
) -> pd.DataFrame:
    """The result for a pandas frame (or one partition of a Dask one)."""
    if frame.empty:
        # Dask's empty meta frames carry Arrow strings, on which the shared
        # text checks warn: validate an object-typed copy (it has no rows).
        text = {c: object for c in frame.columns if isinstance(frame[c].dtype, pd.StringDtype)}
        frame = frame.astype(text)
    data, repeats = normalize_with_repeats(frame, columns)
    if data.empty:
        return _empty(by)
    keys, sentiments = data[by], data["sentiment"]
    del data  # the other columns are freed before the counting allocates
    missing = keys.isna()
    if missing.any():
        row = missing.idxmax()
        raise InvalidInputError(f"{by}[{row!r}]", None, f"a {by} in every row")
    codes, order, labels = distinct_keys(keys)
    slots = len(_SENTIMENTS) + 1  # the sentiments, then one for any other value (none pass)
    codes *= slots  # in place: the codes are this call's own array
    codes += _mood_codes(sentiments)
    counts = np.bincount(codes, minlength=slots * len(order))
    del codes  # freed before the result is built
    counts = counts.reshape(-1, slots)[order, : len(_SENTIMENTS)]  # keys in sorted order
    # identical replayed rows, dropped by normalisation, reported per key as the object path does
    duplicates = np.zeros(len(order), dtype=np.int64)
    if len(repeats):
        duplicates = np.bincount(_places(labels, repeats[by]), minlength=len(order))
    per_case, case_of = per_case_of(np.column_stack([counts, duplicates]), policy)
    if not isinstance(labels, np.ndarray):
        labels = labels.to_numpy(zero_copy_only=False)  # the index holds Python strings
    offsets = pd.array(per_case["positives_to_offset"], dtype="Int64")
    index = pd.Index(labels, dtype="object", name=by)
    positives, negatives, neutrals = np.ascontiguousarray(counts.T, dtype=np.int64)
    out: pd.DataFrame = pd.DataFrame(
        {
            "positives": positives,
            "negatives": negatives,
            "neutrals": neutrals,
            "positive_reach": _taken(per_case["positive_reach"], case_of),
            "negative_reach": _taken(per_case["negative_reach"], case_of),
            "net_reach": _taken(per_case["net_reach"], case_of),
            "positives_to_offset": offsets.take(case_of),
            "explanation": per_case["explanation"][case_of],
            "why": pd.Series(per_case["why"][case_of], index=index, dtype=object),  # as objects
        },
        index=index,
        copy=False,  # the columns are this call's own arrays: not copied nor stacked again
    )
    return out


def per_case_of(
    table: np.ndarray[Any, Any], policy: WordOfMouthPolicy
) -> tuple[dict[str, Any], np.ndarray[Any, Any]]:
    """Each distinct case's estimate columns, and each key's case.

    ``table`` holds one row per key: its positives, negatives, neutrals and
    ignored repeats. One estimate is made per distinct row (case), not per key,
    and each case's codes are worded once.
    """
    cases, case_of = _cases(table)
    estimates = [
        estimate_from_counts(
            int(positives), int(negatives), int(neutrals), policy=policy, duplicates=int(dup)
        )
        for positives, negatives, neutrals, dup in cases.tolist()
    ]
    reasons = np.empty(len(estimates), dtype=object)
    reasons[:] = [tuple(reason.code for reason in e.explanation) for e in estimates]
    worded = with_why(pd.DataFrame({"explanation": reasons}), "explanation", REASON_CODES)
    per_case = {
        "positive_reach": [e.positive_reach for e in estimates],
        "negative_reach": [e.negative_reach for e in estimates],
        "net_reach": [e.net_reach for e in estimates],
        "positives_to_offset": [e.positives_to_offset for e in estimates],
        "explanation": reasons,
        "why": worded["why"].to_numpy(dtype=object),
    }
    return per_case, case_of


def _places(labels: Any, values: pd.Series[Any]) -> np.ndarray[Any, Any]:
    """Each value's place among the sorted distinct keys (every value is one of them)."""
    if isinstance(labels, np.ndarray):
        return np.asarray(pd.Index(labels).get_indexer(pd.Index(values)))
    import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

    arrow = arrow_text(values)
    places: np.ndarray[Any, Any] = pc.index_in(arrow, value_set=labels).to_numpy()
    return places


def _cases(table: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The distinct rows of a table of counts, and each row's case among them."""
    radix = int(table.max(initial=0)) + 1  # every count below it: one integer per row
    if radix ** table.shape[1] >= 2**62:  # a few keys with huge counts (by channel)
        cases, case_of = np.unique(table, axis=0, return_inverse=True)
        return cases, case_of.reshape(-1)
    packed = np.zeros(len(table), dtype=np.int64)
    for column in table.T:
        packed = packed * radix + column
    case_of, distinct = pd.factorize(packed)  # hashed: cheaper than sorting the keys' rows
    cases = np.empty((len(distinct), table.shape[1]), dtype=np.int64)
    for place in range(table.shape[1] - 1, -1, -1):
        distinct, cases[:, place] = np.divmod(distinct, radix)
    return cases, case_of


def _taken(values: list[float], case_of: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A float column: each row's value from its case's."""
    taken: np.ndarray[Any, Any] = np.asarray(values, dtype="float64")[case_of]
    return taken


def _mood_codes(sentiments: pd.Series[Any]) -> np.ndarray[Any, Any]:
    """Each row's sentiment as its place in ``_SENTIMENTS``; any other value (or none) after them.

    The column has been checked (every row holds a sentiment): Arrow text is
    told apart by its shape
    (:func:`~custinteract._frames_arrow.checked_text_codes`), without hashing
    each text.
    """
    arrow = arrow_text(sentiments)
    if arrow is not None:
        shaped = checked_text_codes(sentiments, list(_SENTIMENTS))
        if shaped is not None:
            shaped[shaped < 0] = len(_SENTIMENTS)  # a missing sentiment: after them
            return shaped
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.compute as pc  # type: ignore[import-untyped,unused-ignore]

        places = pc.index_in(arrow, value_set=pa.array(_SENTIMENTS, type=arrow.type))
        moods: np.ndarray[Any, Any] = pc.fill_null(places, len(_SENTIMENTS)).to_numpy()
        return moods.astype(np.int64)
    mood_codes, moods_seen = pd.factorize(sentiments)  # in the column's own type
    place = [
        _SENTIMENTS.index(m) if m in _SENTIMENTS else len(_SENTIMENTS) for m in moods_seen.tolist()
    ]
    return np.array([*place, len(_SENTIMENTS)], dtype=np.int64)[mood_codes]  # missing (-1): last


def _on_polars() -> Any:
    from ._frames_polars import word_of_mouth_frame_polars

    return word_of_mouth_frame_polars


@same_kind_out("frame", polars=_on_polars)
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
