"""Word of mouth per customer (or per any interaction column) from an interactions frame."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import INTERACTION_COLUMNS, apply_by_key, normalize_with_repeats
from ._engine import WordOfMouthEstimate, estimate_from_counts
from ._policy import WordOfMouthPolicy, policy_or_default

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
)
"""The columns of :func:`word_of_mouth_frame`, named as the fields of
:class:`~custinteract.WordOfMouthEstimate`; ``explanation`` holds the tuple of
reason codes."""

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
    counts = (
        data.groupby([by, "sentiment"], sort=True)
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(_SENTIMENTS), fill_value=0)
    )
    # identical replayed rows, dropped by normalisation, reported per key as the object path does
    duplicates = repeats[by].value_counts().reindex(counts.index, fill_value=0)
    estimates = _estimates(counts, duplicates, policy)
    out: pd.DataFrame = pd.DataFrame(
        {
            "positives": counts["positive"].astype("int64").to_numpy(),
            "negatives": counts["negative"].astype("int64").to_numpy(),
            "neutrals": counts["neutral"].astype("int64").to_numpy(),
            "positive_reach": [e.positive_reach for e in estimates],
            "negative_reach": [e.negative_reach for e in estimates],
            "net_reach": [e.net_reach for e in estimates],
            "positives_to_offset": pd.array(
                [e.positives_to_offset for e in estimates], dtype="Int64"
            ),
            "explanation": pd.Series(
                [tuple(reason.code for reason in e.explanation) for e in estimates],
                dtype="object",
            ).to_numpy(),
        },
        index=pd.Index(counts.index.tolist(), dtype="object", name=by),
    )
    out["positive_reach"] = out["positive_reach"].astype("float64")
    out["negative_reach"] = out["negative_reach"].astype("float64")
    out["net_reach"] = out["net_reach"].astype("float64")
    return out


def _estimates(
    counts: pd.DataFrame, duplicates: pd.Series, policy: WordOfMouthPolicy
) -> list[WordOfMouthEstimate]:
    """Each key's estimate from its counts, through the object path's ``estimate_from_counts``.

    Keys with the same counts share one estimate (computed once).
    """
    cache: dict[tuple[int, int, int, int], WordOfMouthEstimate] = {}
    estimates: list[WordOfMouthEstimate] = []
    for positives, negatives, neutrals, repeated in zip(
        counts["positive"].tolist(),
        counts["negative"].tolist(),
        counts["neutral"].tolist(),
        duplicates.tolist(),
        strict=True,
    ):
        key = (positives, negatives, neutrals, repeated)
        estimate = cache.get(key)
        if estimate is None:
            estimate = cache[key] = estimate_from_counts(
                positives, negatives, neutrals, policy=policy, duplicates=repeated
            )
        estimates.append(estimate)
    return estimates


@same_kind_out("frame")
def word_of_mouth_frame(
    frame: Any,
    *,
    policy: WordOfMouthPolicy | None = None,
    columns: Mapping[str, str] | None = None,
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
