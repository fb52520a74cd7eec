"""The activity frames on polars DataFrames, without a pandas frame.

:func:`~custinteract.frames.activity_frame`,
:func:`~custinteract.frames.activity_summary_frame`,
:func:`~custinteract.frames.score_activity_frame`,
:func:`~custinteract.frames.activity_holdout_frame` and
:func:`~custinteract.frames.fit_bgnbd_frame` answer here for polars input.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized`; the customers are coded by
their rank among the distinct ids, each row's day and whether it counts are
read from the timestamp and the enum codes the reader found, and the same
NumPy kernels as the pandas path (:func:`~._frames_summary.summary_of_rows`,
:func:`~._frames_score.score_arrays`) give the columns, from which the
polars answer is built directly, with each explanation case worded once.
Input the fast path does not vouch for, an empty base (or none of it at or
before ``as_of``) and any refusal answer None: the frame then goes the
general way, which raises the refusal with its message. Summaries to score
are read straight from their columns, under the same rules as in pandas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import Any, cast

import numpy as np
import polars as pl

from .._errors import InvalidInputError
from .._frames_polars import code_column, customer_codes, normalized
from .._tabular import ENUM_COLUMNS
from .._time import ensure_aware
from .._timestamps import EPOCH, epoch_micros
from ._bgnbd import BgNbdModel
from ._frames_model import SUMMARY, bad_summaries, expected_returns, fit_arrays
from ._frames_score import STATUS_VALUES, Scored, base_gap_of, case_tables, score_arrays
from ._frames_summary import (
    US_PER_DAY,
    Summaries,
    counted_rows,
    holdout_of_rows,
    summary_of_rows,
)
from ._policy import ActivityPolicy
from ._summary import check_policy, day_number

__all__ = [
    "activity_frame_polars",
    "activity_holdout_frame_polars",
    "activity_summary_frame_polars",
    "fit_bgnbd_frame_polars",
    "score_activity_frame_polars",
    "scored_polars",
    "summaries_polars",
]


def activity_frame_polars(
    frame: Any,
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.activity_frame`, or None (the general way)."""
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        return _activity(frame, as_of, policy, model, columns, tz)
    except InvalidInputError:
        return None


def _activity(
    frame: pl.DataFrame,
    as_of: datetime,
    policy: ActivityPolicy | None,
    model: BgNbdModel | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> pl.DataFrame | None:
    policy = check_policy(policy)
    ensure_aware(as_of, "as_of")
    given: Any = model  # typed, but any value may come
    if given is not None and not isinstance(given, BgNbdModel):
        return None
    read = summaries_polars(frame, as_of, policy, columns, tz)
    if read is None:
        return None
    summary, names = read
    x = summary.frequency.astype(np.float64)
    gap = base_gap_of(x, summary.recency, summary.seen, policy)
    scored = score_arrays(x, summary.recency, summary.age, summary.seen, gap, policy, model)
    return scored_polars(names, scored, model is not None)


def summaries_polars(
    frame: pl.DataFrame,
    as_of: datetime,
    policy: ActivityPolicy,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> tuple[Summaries, pl.Series] | None:
    """Every customer's summaries at ``as_of`` from a polars frame, and their ids, sorted.

    None where the general way must answer: input the reader does not vouch
    for, or no row at or before ``as_of`` (the general way has the empty
    answer's layout). A refusal raises :class:`~custinteract.InvalidInputError`.
    """
    rows = _rows(frame, as_of, policy, columns, tz)
    if rows is None:
        return None
    _, days, counted, who, names = rows
    today = day_number(as_of) - day_number(EPOCH)
    return summary_of_rows(who, len(names), days, counted, today), names


def _rows(
    frame: pl.DataFrame,
    until: datetime,
    policy: ActivityPolicy,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, pl.Series] | None:
    """The rows at or before ``until``: microseconds, days, counted, customer codes, the ids sorted.

    None where :func:`summaries_polars` answers None.
    """
    df = normalized(frame, columns, tz=tz, tz_name="tz")
    if df is None:
        return None
    micros = df["timestamp"].dt.epoch("us").to_numpy()
    keep = micros <= epoch_micros(until)
    if not keep.any():
        return None  # the general way has the empty answer's layout
    if not keep.all():
        df = df.filter(pl.Series(keep))
        micros = micros[keep]
    days = np.floor_divide(micros, US_PER_DAY)
    codes = {name: _enum_codes(df, name) for name in ("kind", "direction")}
    counted = counted_rows(
        policy, lambda name, value: codes[name] == _position(name, value), len(df)
    )
    who, names = customer_codes(df["customer_id"])
    return micros, days, counted, who, names


def scored_polars(names: pl.Series, scored: Scored, modelled: bool) -> pl.DataFrame:
    """The polars answer of :data:`~.frames.ACTIVITY_COLUMNS` for ``scored`` customers ``names``.

    As the pandas answer converts: ``customer_id`` first, each explanation
    case worded once and gathered.
    """
    reasons, why = case_tables(modelled)
    cases = pl.Series(scored.cases.astype(np.uint32))
    statuses = pl.Series(list(STATUS_VALUES), dtype=pl.String)

    def number(name: str, values: np.ndarray) -> pl.Series:
        return pl.Series(name, values, dtype=pl.Float64, nan_to_null=True)

    return pl.DataFrame(
        [
            names.alias("customer_id"),
            statuses.gather(pl.Series(scored.status)).alias("status"),
            statuses.gather(pl.Series(scored.rhythm)).alias("rhythm_status"),
            pl.Series("frequency", scored.frequency, dtype=pl.Int64).scatter(
                np.flatnonzero(~scored.seen), None
            ),
            number("recency", scored.recency),
            number("age", scored.age),
            number("base_gap_days", scored.base_gap),
            number("typical_gap_days", scored.typical_gap),
            number("silence_ratio", scored.silence_ratio),
            number("p_alive", scored.p_alive),
            number("expected_returns", scored.expected_returns),
            pl.Series([list(case) for case in reasons], dtype=pl.List(pl.String))
            .gather(cases)
            .alias("reason_codes"),
            pl.Series(why.tolist(), dtype=pl.String).gather(cases).alias("why"),
        ]
    )


def _position(name: str, value: str) -> int:
    """The code of ``value`` in enum column ``name`` (its position among the enum's values)."""
    members = cast(Iterable[Any], ENUM_COLUMNS[name])
    return [member.value for member in members].index(value)


def _enum_codes(df: pl.DataFrame, name: str) -> np.ndarray:
    """Enum column ``name``'s codes (a missing value: one past the last code)."""
    members = cast(Iterable[Any], ENUM_COLUMNS[name])
    codes: np.ndarray = df[code_column(name)].fill_null(len(list(members))).to_numpy()
    return codes


def activity_summary_frame_polars(
    frame: Any,
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.activity_summary_frame`, or None (the general way)."""
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        checked = check_policy(policy)
        ensure_aware(as_of, "as_of")
        read = summaries_polars(frame, as_of, checked, columns, tz)
    except InvalidInputError:
        return None
    if read is None or not read[0].seen.any():
        return None  # the general way has the empty answer's layout
    summary, names = read
    seen = summary.seen
    return pl.DataFrame(
        [
            names.filter(pl.Series(seen)).alias("customer_id"),
            pl.Series("frequency", summary.frequency[seen], dtype=pl.Int64),
            pl.Series("recency", summary.recency[seen], dtype=pl.Float64),
            pl.Series("age", summary.age[seen], dtype=pl.Float64),
        ]
    )


def score_activity_frame_polars(
    summaries: Any, *, policy: ActivityPolicy | None = None, model: BgNbdModel | None = None
) -> Any:
    """The polars answer of :func:`~custinteract.frames.score_activity_frame`, or None (the general way).

    Summaries by ``customer_id`` (text, none missing) with whole numbers
    (integers or floats, none missing) are scored here; any other layout,
    a value the general way refuses, and an empty frame go the general way.
    """
    if not isinstance(summaries, pl.DataFrame) or not _plain_summaries(summaries):
        return None
    given: Any = model  # typed, but any value may come
    if given is not None and not isinstance(given, BgNbdModel):
        return None
    x, t_x, age = _summary_columns(summaries)
    if bad_summaries(x, t_x, age).any():
        return None  # the general way names the first bad row
    try:
        checked = check_policy(policy)
        seen = np.ones(len(x), dtype=bool)
        gap = base_gap_of(x, t_x, seen, checked)
        scored = score_arrays(x, t_x, age, seen, gap, checked, model)
    except InvalidInputError:
        return None
    return scored_polars(summaries["customer_id"], scored, model is not None)


def fit_bgnbd_frame_polars(
    summaries: Any, *, max_evaluations: int = 5_000, tolerance: float = 1e-10
) -> Any:
    """:func:`~custinteract.frames.fit_bgnbd_frame` on a polars frame, or None (the general way).

    Whole numbers (integers or floats, none missing) are read straight from
    their columns; any other layout, a value the general way refuses and an
    empty frame go the general way.
    """
    if not isinstance(summaries, pl.DataFrame) or not _numbers(summaries):
        return None
    x, t_x, age = _summary_columns(summaries)
    if bad_summaries(x, t_x, age).any():
        return None  # the general way names the first bad row
    try:
        return fit_arrays(x, t_x, age, max_evaluations, tolerance)
    except InvalidInputError:
        return None


def _summary_columns(summaries: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The frequency, recency and age columns as float arrays."""
    x, t_x, age = (summaries[name].cast(pl.Float64).to_numpy() for name in SUMMARY)
    return x, t_x, age


def _plain_summaries(summaries: pl.DataFrame) -> bool:
    """Whether a polars summary frame has the layout its native scoring reads (see above)."""
    schema = summaries.schema
    if "seen" in schema or schema.get("customer_id") != pl.String:
        return False
    return not summaries["customer_id"].null_count() and _numbers(summaries)


def _numbers(summaries: pl.DataFrame) -> bool:
    """Whether a polars frame has rows and summary columns of numbers, none missing."""
    schema = summaries.schema
    if not summaries.height:
        return False
    for name in SUMMARY:
        dtype = schema.get(name)
        if dtype is None or not (dtype.is_integer() or dtype.is_float()):
            return False
        if summaries[name].null_count():
            return False
    return True


def activity_holdout_frame_polars(
    frame: Any,
    *,
    calibration_end: datetime,
    holdout_end: datetime,
    model: BgNbdModel,
    policy: ActivityPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """The polars answer of :func:`~custinteract.frames.activity_holdout_frame`, or None (the general way)."""
    if not isinstance(frame, pl.DataFrame):
        return None
    try:
        return _holdout(frame, calibration_end, holdout_end, model, policy, columns, tz)
    except InvalidInputError:
        return None


def _holdout(
    frame: pl.DataFrame,
    calibration_end: datetime,
    holdout_end: datetime,
    model: BgNbdModel,
    policy: ActivityPolicy | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
) -> pl.DataFrame | None:
    checked = check_policy(policy)
    ensure_aware(calibration_end, "calibration_end")
    ensure_aware(holdout_end, "holdout_end")
    given: Any = model  # typed, but any value may come
    if not isinstance(given, BgNbdModel) or holdout_end <= calibration_end:
        return None
    rows = _rows(frame, holdout_end, checked, columns, tz)
    if rows is None:
        return None
    micros, days, counted, who, names = rows
    today = day_number(calibration_end) - day_number(EPOCH)
    calibrated = micros <= epoch_micros(calibration_end)
    summary, observed = holdout_of_rows(who, len(names), days, counted, calibrated, today)
    seen = summary.seen
    if not seen.any():
        return None  # the general way has the empty answer's layout
    x, t_x, age = summary.frequency[seen], summary.recency[seen], summary.age[seen]
    period = float(day_number(holdout_end) - day_number(calibration_end))
    expected = expected_returns(model.params, period, x.astype(np.float64), t_x, age)
    return pl.DataFrame(
        [
            names.filter(pl.Series(seen)).alias("customer_id"),
            pl.Series("frequency", x, dtype=pl.Int64),
            pl.Series("recency", t_x, dtype=pl.Float64),
            pl.Series("age", age, dtype=pl.Float64),
            pl.Series("expected", expected, dtype=pl.Float64),
            pl.Series("observed", observed[seen], dtype=pl.Int64),
        ]
    )
