""":func:`~custinteract.frames.word_of_mouth_frame` on a polars DataFrame, without a pandas frame.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized`; the rows are counted per key
and sentiment by a polars ``group_by`` on the sentiment codes found while
checking, and the distinct keys are sorted by their bytes with the pandas
path's own kernel (:func:`~._frames_keys.text_order`). The replays the reader
dropped are counted per key from the ids given. The table of counts then goes through the pandas path's own estimates
(:func:`~.frames.per_case_of`, one per distinct case), and the answer is
built in polars with the columns and types the pandas answer has as a polars
frame. Keys that are not text, or input the reader does not vouch for,
answer None: the frame then goes the general way, which also raises any
refusal with its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

import numpy as np
import polars as pl

from .._errors import InvalidInputError
from .._frames_polars import as_text, code_column, normalized
from .._models import Sentiment
from .._tabular import INTERACTION_COLUMNS
from ._frames_keys import text_order
from ._policy import WordOfMouthPolicy, policy_or_default
from .frames import _SENTIMENTS, per_case_of

__all__ = ["word_of_mouth_frame_polars"]

_COUNTED = ("positives", "negatives", "neutrals")  # one per sentiment of _SENTIMENTS


def word_of_mouth_frame_polars(
    frame: Any,
    *,
    policy: WordOfMouthPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    by: str = "customer_id",
) -> Any:
    """The polars answer of :func:`~custinteract.frames.word_of_mouth_frame`, or None.

    Any refusal also answers None, so that the general way raises it, with
    the same message as for pandas.
    """
    if not isinstance(frame, pl.DataFrame) or by not in INTERACTION_COLUMNS:
        return None
    try:
        return _word_of_mouth(frame, policy_or_default(policy), columns, tz, by)
    except InvalidInputError:
        return None


def _word_of_mouth(
    frame: pl.DataFrame,
    policy: WordOfMouthPolicy,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
    by: str,
) -> pl.DataFrame | None:
    df = normalized(frame, columns, tz=tz, tz_name="tz")
    if df is None or df[by].dtype != pl.String or df[by].null_count():
        return None
    # each sentiment's code (its place in the enum) -> its place in _SENTIMENTS
    mood = pl.col(code_column("sentiment"))
    places = [list(Sentiment).index(Sentiment(value)) for value in _SENTIMENTS]
    counted = (
        df.lazy()
        .select(by, mood)
        .group_by(by)
        .agg(
            (mood == place).sum().cast(pl.Int64).alias(name)
            for name, place in zip(_COUNTED, places, strict=True)
        )
        .collect()
    )
    counted = counted[_sorted(counted[by])]  # as the pandas path sorts them
    duplicates = np.zeros(counted.height, dtype=np.int64)
    if df.height < frame.height:  # identical replays dropped: counted per key, as in pandas
        replays = _replays(frame, df, counted[by], columns)
        if replays is None:
            return None
        duplicates = replays
    counts = counted.select(_COUNTED).to_numpy()
    per_case, case_of = per_case_of(np.column_stack([counts, duplicates]), policy)
    return _polars_result(counted, per_case, case_of)


def _sorted(keys: pl.Series) -> np.ndarray[Any, Any]:
    """The order that sorts distinct texts by their bytes (:func:`~._frames_keys.text_order`)."""
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    texts = keys.to_arrow()
    if not pa.types.is_large_string(texts.type):
        texts = texts.cast(pa.large_string())
    return text_order(texts)


def _replays(
    frame: pl.DataFrame,
    df: pl.DataFrame,
    keys: pl.Series,
    columns: Mapping[str, str] | None,
) -> np.ndarray[Any, Any] | None:
    """How many replays of each key's rows the reader dropped (``keys`` sorted, distinct).

    The reader keeps a reused id only where every later row under it repeats
    the first, so each later row under an id given before is a replay, of
    the key of the row kept.
    """
    given = frame[dict(columns or {}).get("id", "id")]
    ids = given.cast(pl.String) if given.dtype.is_integer() else as_text(given)
    if ids is None:
        return None
    replayed = pl.DataFrame({"id": ids.filter(~ids.is_first_distinct())})
    kept = df.select(pl.col("id"), pl.col(keys.name).alias("key"))
    per_key = replayed.join(kept, on="id", how="left").group_by("key").len()
    aligned = (
        keys.alias("key").to_frame().join(per_key, on="key", how="left", maintain_order="left")
    )
    found: np.ndarray[Any, Any] = aligned["len"].fill_null(0).cast(pl.Int64).to_numpy()
    return found


def _polars_result(
    counted: pl.DataFrame, per_case: dict[str, Any], case_of: np.ndarray[Any, Any]
) -> pl.DataFrame:
    """The answer as polars gives the pandas one (``by`` a leading column), built directly.

    ``counted`` holds the sorted keys and their counts, ``per_case`` and
    ``case_of`` come from :func:`~.frames.per_case_of`.
    """
    cases = pl.DataFrame(
        {
            "positive_reach": pl.Series(per_case["positive_reach"], dtype=pl.Float64),
            "negative_reach": pl.Series(per_case["negative_reach"], dtype=pl.Float64),
            "net_reach": pl.Series(per_case["net_reach"], dtype=pl.Float64),
            "positives_to_offset": pl.Series(per_case["positives_to_offset"], dtype=pl.Int64),
            "explanation": pl.Series(
                [list(codes) for codes in per_case["explanation"]], dtype=pl.List(pl.String)
            ),
            "why": pl.Series(per_case["why"].tolist(), dtype=pl.String),
        }
    )
    return pl.concat([counted, cases[case_of]], how="horizontal")
