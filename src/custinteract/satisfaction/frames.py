"""Satisfaction over an interactions DataFrame (pandas or Dask), equal to the object path.

The frame is reduced, partition by partition, to the engine's sufficient
statistics: how many rows fall in each (group, period, rating cell), where
the 26 cells are the 5 CSAT values, the 11 NPS values, the 7 CES values and
the 3 sentiments of unrated rows. Counts add up, so Dask partitions are
counted separately and summed; the small table of counts then goes through
the very same code as :func:`custinteract.satisfaction_by`, which is why the
two paths agree exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd

from .._columns import ids_as_text, localized, refuse_off_scale
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import normalize_interactions, with_why
from .._time import Frequency
from ._counts import CELLS, SCALE_OFFSET, SENTIMENT_CELL, counts_per_group
from ._engine import breakdown_from_counts
from ._explain import REASON_CODES
from ._inputs import CUSTOMER_PREFIX, Scope, check_frequency, check_scope
from ._policy import MetricKind, SatisfactionPolicy, check_metric, check_policy
from ._results import SatisfactionBreakdown, SatisfactionReport, SatisfactionTrend
from ._trend import trends_of

__all__ = [
    "satisfaction_frame",
    "satisfaction_to_frame",
    "satisfaction_trend_frame",
    "satisfaction_trends_to_frame",
]

_UTC = timezone.utc
_PERIOD = "period_start"
_CELL = "_cell"
_N = "_n"
_OUTSIDE = -1
# The cell layout of the object path (``_counts.SCALE_OFFSET``, ``SENTIMENT_CELL``),
# the sentiment keyed by its text as it is in a frame.
_MOOD_CELL = {sentiment.value: cell for sentiment, cell in SENTIMENT_CELL.items()}


def _is_dask(frame: Any) -> bool:
    if isinstance(frame, pd.DataFrame):
        return False
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        return False
    return isinstance(frame, dd.DataFrame)


def _cells(frame: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The rating cell of each row, validating ratings as the Rating model does.

    Scales and sentiments are factorised once, so each distinct text is looked
    up once, not once per row.
    """
    scales = frame["rating_scale"]
    values = frame["rating_value"]
    has_scale = scales.notna().to_numpy()
    has_value = values.notna().to_numpy()
    if (has_scale != has_value).any():
        row = frame.index[int(np.argmax(has_scale != has_value))]
        raise InvalidInputError(
            f"rating_value[{row!r}]", frame.at[row, "rating_value"], "a value and a scale together"
        )
    cells = np.full(len(frame), -1, dtype=np.int64)
    scale_codes, scale_names = pd.factorize(scales)
    present = {name: code for code, name in enumerate(scale_names.tolist())}
    if present:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    for scale, offset in SCALE_OFFSET.items():
        if scale.value not in present:
            continue
        mask = scale_codes == present[scale.value]
        chosen = numbers[mask]
        refuse_off_scale(frame, mask, chosen, scale)
        cells[mask] = chosen.astype(np.int64) - scale.low + offset
    unrated = scale_codes < 0
    mood_codes, moods = pd.factorize(frame["sentiment"][unrated])
    table = np.array([_MOOD_CELL[mood] for mood in moods.tolist()], dtype=np.int64)
    cells[unrated] = table[mood_codes] if len(table) else mood_codes
    return cells


_NUMPY_UNIT = {
    Frequency.DAY: "D",
    Frequency.MONTH: "M",
    Frequency.YEAR: "Y",
}


def _period_starts(stamps: pd.Series, frequency: Frequency, tz: tzinfo) -> np.ndarray[Any, Any]:
    """Period starts as naive wall-clock ``datetime64[us]`` on the calendar of ``tz``, vectorised.

    Whole-unit truncation in NumPy (day, month, year; ISO weeks from days,
    quarters and half-years from months): the buckets of
    :func:`~custinteract.period_start` on each timestamp's local calendar.
    """
    local: np.ndarray[Any, Any] = (
        stamps.dt.tz_convert(tz).dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
    )
    starts: np.ndarray[Any, Any]
    if frequency in _NUMPY_UNIT:
        starts = local.astype(f"datetime64[{_NUMPY_UNIT[frequency]}]")
    elif frequency is Frequency.WEEK:  # 1970-01-01 was a Thursday: Monday is day 4 of that week
        days = local.astype("datetime64[D]").astype(np.int64)
        starts = (days - (days + 3) % 7).astype("datetime64[D]")
    else:
        months = local.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
        span = 3 if frequency is Frequency.QUARTER else 6
        starts = (months - months % span).astype("datetime64[M]")
    return starts.astype("datetime64[us]")


def _as_keys(values: pd.Series) -> pd.Series:
    objects = values.astype(object)
    return cast(pd.Series, objects.where(objects.notna(), None))


def _segments(customers: pd.DataFrame | None, scope: Scope) -> pd.DataFrame | None:
    """The customer attributes grouped by, indexed by customer id (None when there are none)."""
    wanted = scope.segments
    if not wanted:
        return None
    if customers is None:
        raise InvalidInputError(
            "customers", None, f"a customers frame, to group by {list(scope.by)}"
        )
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError("customers", type(customers).__name__, "a pandas DataFrame")
    id_column = "customer_id" if "customer_id" in customers.columns else "id"
    if id_column not in customers.columns:
        raise InvalidInputError(
            "customers", list(customers.columns), "a 'customer_id' or 'id' column"
        )
    ids = ids_as_text(customers[id_column])  # integer ids, as the interactions frame reads them
    if ids.duplicated().any():
        row = int(np.argmax(ids.duplicated().to_numpy()))
        raise InvalidInputError(
            f"customers.{id_column}[{row}]", ids.iloc[row], "unique customer ids"
        )
    table = pd.DataFrame(index=pd.Index(ids.astype(object), name="customer_id"))
    for attribute in wanted:
        column = (
            customers[attribute]
            if attribute in customers.columns
            else pd.Series(None, index=customers.index)
        )
        table[CUSTOMER_PREFIX + attribute] = _as_keys(column).to_numpy()
    return cast(pd.DataFrame, table)


def _keys(scope: Scope) -> list[str]:
    """The columns a count is keyed by: the groups, then the period when there is one."""
    return [*scope.by, *([_PERIOD] if scope.frequency is not None else [])]


def _empty_counts(scope: Scope) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {name: pd.Series([], dtype=object) for name in scope.by}
    if scope.frequency is not None:
        columns[_PERIOD] = pd.Series([], dtype="datetime64[us]")
    columns[_CELL] = pd.Series([], dtype="int64")
    columns[_N] = pd.Series([], dtype="int64")
    return cast(pd.DataFrame, pd.DataFrame(columns))


def _segment_keys(frame: pd.DataFrame, name: str, segments: pd.DataFrame | None) -> pd.Series[Any]:
    """Each row's value of the customer attribute ``name`` (``"customer.<attribute>"``)."""
    if segments is None:  # pragma: no cover - built whenever customer.* is asked for
        raise InvalidInputError("customers", None, f"a customers frame, for {name!r}")
    known = frame["customer_id"].isin(segments.index)
    if not known.all():
        row = known.idxmin()
        raise InvalidInputError(
            f"customer_id[{row!r}]",
            frame.at[row, "customer_id"],
            f"a customer id present in customers (needed to group by {name!r})",
        )
    return _as_keys(frame["customer_id"].map(segments[name]))


def _partition_counts(
    part: pd.DataFrame,
    *,
    scope: Scope,
    segments: pd.DataFrame | None,
    columns: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Long counts of one partition: group keys, period, cell (-1 = outside the range), n."""
    if len(part) == 0:
        return _empty_counts(scope)
    frame = normalize_interactions(part, columns)
    stamps = frame["timestamp"]
    inside = pd.Series(True, index=frame.index)
    if scope.since is not None:
        inside &= stamps >= pd.Timestamp(scope.since)
    if scope.until is not None:
        inside &= stamps < pd.Timestamp(scope.until)
    cells = _cells(frame)
    cells[~inside.to_numpy()] = _OUTSIDE
    keys: list[tuple[str, np.ndarray[Any, Any], Any]] = []
    for name in scope.by:
        values = (
            _segment_keys(frame, name, segments)
            if name.startswith(CUSTOMER_PREFIX)
            else frame[name]
        )
        keys.append((name, *_factorised(values)))
    if scope.frequency is not None:
        starts = _period_starts(stamps, scope.frequency, scope.tz)
        codes, uniques = pd.factorize(starts)
        keys.append((_PERIOD, codes, uniques))
    keys.append((_CELL, cells - _OUTSIDE, np.arange(_OUTSIDE, CELLS)))
    return _tally(keys)


def _factorised(values: pd.Series) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Integer codes of a key column and its distinct values as objects (missing as None, last).

    Factorised in the column's own type (Arrow strings stay in Arrow), so only
    the distinct values become Python objects.
    """
    codes, uniques = pd.factorize(values)
    labels = np.empty(len(uniques) + 1, dtype=object)
    labels[: len(uniques)] = list(_as_keys(pd.Series(uniques, dtype=object)))
    labels[len(uniques)] = None
    return np.where(codes < 0, len(uniques), codes), labels


def _tally(keys: list[tuple[str, np.ndarray[Any, Any], Any]]) -> pd.DataFrame:
    """Long counts of the rows' combinations of factorised keys, with one integer per row.

    Each key is ``(column, codes, uniques)``. The codes are combined in mixed
    radix into one integer per row and counted with one ``bincount`` (or
    ``unique`` when the combinations far outnumber the rows); the non-empty
    combinations are decoded back to their key values. Combinations too many
    for one integer are counted by a groupby on the codes instead.
    """
    sizes = [max(1, len(uniques)) for _, _, uniques in keys]
    rows = len(keys[0][1])
    if float(np.prod(sizes, dtype=np.float64)) >= 2.0**62:
        codes_frame = pd.DataFrame({str(k): codes for k, (_, codes, _) in enumerate(keys)})
        sized = codes_frame.groupby(list(codes_frame.columns), sort=False).size()
        parts = [sized.index.get_level_values(k).to_numpy() for k in range(len(keys))]
        counts = sized.to_numpy()
    else:
        combined = np.zeros(rows, dtype=np.int64)
        for (_, codes, _), size in zip(keys, sizes, strict=True):
            combined = combined * size + codes
        total = int(np.prod(sizes))
        if total <= 4 * rows + 1024:
            counts = np.bincount(combined, minlength=total)
            present = np.flatnonzero(counts)
            counts = counts[present]
        else:
            present, counts = np.unique(combined, return_counts=True)
        parts = []
        for size in reversed(sizes):
            parts.append(present % size)
            present = present // size
        parts.reverse()
    out = pd.DataFrame(
        {
            name: np.asarray(uniques)[codes]
            for (name, _, uniques), codes in zip(keys, parts, strict=True)
        }
    )
    for name, _, _ in keys:
        if name not in (_PERIOD, _CELL):
            out[name] = out[name].astype(object)
    out[_N] = np.asarray(counts, dtype=np.int64)
    return cast(pd.DataFrame, out)


def _count_frame(
    frame: Any, scope: Scope, customers: pd.DataFrame | None, columns: Mapping[str, str] | None
) -> pd.DataFrame:
    """Long counts of a whole pandas or Dask frame (Dask: per partition, then gathered)."""
    options: dict[str, Any] = {
        "scope": scope,
        "segments": _segments(customers, scope),
        "columns": columns,
    }
    if isinstance(frame, pd.DataFrame):
        return _partition_counts(frame, **options)
    if not _is_dask(frame):
        raise InvalidInputError("frame", type(frame).__name__, "a pandas or Dask DataFrame")
    # Every row of an id in one partition, so that ids are checked over the whole
    # frame as pandas checks them: a replay counted once, another interaction refused.
    id_column = dict(columns or {}).get("id", "id")
    if id_column not in frame.columns:
        raise InvalidInputError("frame", list(frame.columns), f"a column named {id_column!r}")
    meta = _partition_counts(frame._meta, **options)
    by_id = frame.shuffle(on=id_column)
    counted: pd.DataFrame = by_id.map_partitions(_partition_counts, **options, meta=meta).compute()
    return counted


def _breakdown_from_frame(
    frame: Any,
    *,
    by: str | Sequence[str],
    frequency: Frequency | None,
    customers: pd.DataFrame | None,
    since: datetime | None,
    until: datetime | None,
    policy: SatisfactionPolicy | None,
    tz: tzinfo,
    columns: Mapping[str, str] | None,
) -> SatisfactionBreakdown:
    scope = check_scope(by=by, frequency=frequency, since=since, until=until, policy=policy, tz=tz)
    return breakdown_of_counts(_count_frame(frame, scope, customers, columns), scope)


def breakdown_of_counts(long: pd.DataFrame, scope: Scope) -> SatisfactionBreakdown:
    """The breakdown of long counts: group keys, period, cell (-1 = outside the range), n."""
    keys = _keys(scope)
    if keys:
        totals = long.groupby([*keys, _CELL], dropna=False, sort=False)[_N].sum().reset_index()
    else:
        totals = long.groupby(_CELL)[_N].sum().reset_index()
    outside = int(totals.loc[totals[_CELL] == _OUTSIDE, _N].sum())
    totals = totals[totals[_CELL] != _OUTSIDE]
    key_values = [_as_keys(totals[name]).tolist() for name in scope.by]
    groups: list[tuple[str | None, ...]] = [tuple(row) for row in zip(*key_values, strict=True)]
    if not scope.by:
        groups = [()] * len(totals)
    periods: list[datetime | None] = [None] * len(totals)
    if scope.frequency is not None:
        zone = scope.tz
        periods = [
            datetime(stamp.year, stamp.month, stamp.day, tzinfo=zone)
            for stamp in totals[_PERIOD].tolist()
        ]
    tallies = zip(
        zip(groups, periods, strict=True),
        map(int, totals[_CELL].tolist()),
        map(int, totals[_N].tolist()),
        strict=True,
    )
    return breakdown_from_counts(counts_per_group(tallies), scope, outside=outside)


def satisfaction_to_frame(breakdown: SatisfactionBreakdown) -> pd.DataFrame:
    """A :class:`~custinteract.SatisfactionBreakdown` as a DataFrame, one row per report.

    The index is the ``by`` fields, then ``period_start`` when the breakdown
    has a frequency (a single row labelled ``"all"`` when it has neither).
    Columns: ``period_end`` (with a frequency), ``interactions``, then for
    each :class:`~custinteract.MetricKind` ``k``: ``k``, ``k_low``, ``k_high``
    and ``k_count`` (values NaN where the metric is empty), and
    ``explanation``, the tuple of reason codes of each row, and ``why``, their
    meanings (from :data:`~custinteract.SATISFACTION_REASON_CODES`) joined by ``"; "``.

    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_to_frame
    >>> table = ci.satisfaction_by([], frequency=ci.Frequency.MONTH)
    >>> satisfaction_to_frame(table).empty
    True
    """
    if not isinstance(breakdown, SatisfactionBreakdown):
        raise InvalidInputError("breakdown", breakdown, "a SatisfactionBreakdown")
    index = [*breakdown.by, *([_PERIOD] if breakdown.frequency is not None else [])]
    columns = [
        *index,
        *(["period_end"] if breakdown.frequency is not None else []),
        "interactions",
        *(column for kind in MetricKind for column in _metric_columns(kind)),
        "explanation",
    ]
    rows = [_report_row(breakdown, report) for report in breakdown.reports]
    out = pd.DataFrame(rows, columns=columns)
    for kind in MetricKind:
        value, low, high, count = _metric_columns(kind)
        for column in (value, low, high):
            out[column] = out[column].astype("float64")
        out[count] = out[count].astype("int64")
    out["interactions"] = out["interactions"].astype("int64")
    for name in breakdown.by:
        out[name] = _as_keys(out[name])
    out = with_why(out, "explanation", REASON_CODES)
    if not index:
        out.index = pd.Index(["all"] * len(out), name="group")
        return cast(pd.DataFrame, out)
    return cast(pd.DataFrame, out.set_index(index))


def _metric_columns(kind: MetricKind) -> tuple[str, str, str, str]:
    """The columns of one metric: value, interval low and high, count."""
    return kind.value, f"{kind.value}_low", f"{kind.value}_high", f"{kind.value}_count"


def _report_row(breakdown: SatisfactionBreakdown, report: SatisfactionReport) -> dict[str, Any]:
    row: dict[str, Any] = dict(zip(breakdown.by, report.key, strict=True))
    if breakdown.frequency is not None:
        row[_PERIOD] = report.period_start
        row["period_end"] = report.period_end
    row["interactions"] = report.counts.interactions
    for metric in report.metrics:
        value, low, high, count = _metric_columns(metric.kind)
        row[value] = np.nan if metric.value is None else metric.value
        row[low] = np.nan if metric.low is None else metric.low
        row[high] = np.nan if metric.high is None else metric.high
        row[count] = metric.count
    row["explanation"] = tuple(reason.code for reason in report.explanation)
    return row


def _on_polars() -> Any:
    from ._frames_polars import satisfaction_frame_polars

    return satisfaction_frame_polars


@same_kind_out("frame", "customers", polars=_on_polars)
def satisfaction_frame(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    frequency: Frequency | None = None,
    customers: pd.DataFrame | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """:func:`custinteract.satisfaction_by` over an interactions DataFrame, as a DataFrame.

    ``frame`` has the :data:`~custinteract.frames.INTERACTION_COLUMNS`
    (``columns`` maps ours to yours). ``customers``, needed for
    ``"customer.<attribute>"`` groups, is a frame with a ``customer_id`` (or
    ``id``) column and one column per attribute. The result is
    :func:`satisfaction_to_frame` of exactly the breakdown the object path
    gives (ids must be unique here: repeated rows are refused, not ignored).

    A Dask DataFrame is first shuffled by interaction id, so that ids are
    checked over the whole frame exactly as in pandas (an identical replay
    in another partition is counted once, another interaction under a used
    id is refused); it is then counted partition by partition (counts are
    mergeable), the partial counts summed, and the small result returned as
    a pandas DataFrame.

    ``timestamps_tz`` is the zone naive timestamps were recorded in (what
    ``tz=`` is to the other frame functions; here ``tz`` is the calendar's
    zone): it localizes them as :func:`~custinteract.frames.normalize_interactions`
    does, and leaves aware ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2", "i3"], "customer_id": ["c1", "c2", "c3"],
    ...     "timestamp": pd.to_datetime(["2026-01-05T10:00Z", "2026-01-20T10:00Z",
    ...                                  "2026-03-02T10:00Z"]),
    ...     "sentiment": ["positive", "negative", "positive"],
    ...     "channel": ["phone", "chat", "phone"],
    ...     "rating_value": [5, 2, 4], "rating_scale": ["csat", "csat", "csat"]})
    >>> out = satisfaction_frame(df, by="channel", frequency=ci.Frequency.MONTH)
    >>> out["csat"].round(2).tolist()
    [0.0, nan, nan, 1.0, nan, 1.0]
    >>> out.index.names
    FrozenList(['channel', 'period_start'])
    """
    frame = localized(frame, columns, timestamps_tz, "timestamps_tz")
    breakdown = _breakdown_from_frame(
        frame,
        by=by,
        frequency=frequency,
        customers=customers,
        since=since,
        until=until,
        policy=policy,
        tz=tz,
        columns=columns,
    )
    return satisfaction_to_frame(breakdown)


def satisfaction_trends_to_frame(trends: Sequence[SatisfactionTrend]) -> pd.DataFrame:
    """Satisfaction trends as one DataFrame, one row per group and period.

    Indexed by the trends' ``by`` fields (if any) and ``period_start``;
    columns ``period_end``, ``value``, ``low``, ``high``, ``count``,
    ``trend`` (``"up"``, ``"down"``, ``"same"`` or None), ``change``,
    ``p_value`` (NaN where there is none), ``explanation`` (reason codes) and
    ``why`` (their meanings, joined by ``"; "``).
    ``attrs`` keeps the ``metric`` and ``frequency`` (for
    :func:`~custinteract.plotting.plot_satisfaction_trend`).

    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_trends_to_frame
    >>> satisfaction_trends_to_frame([ci.satisfaction_trend([])]).empty
    True
    """
    if isinstance(trends, SatisfactionTrend) or not all(
        isinstance(trend, SatisfactionTrend) for trend in trends
    ):
        raise InvalidInputError("trends", trends, "a sequence of SatisfactionTrend values")
    by = trends[0].by if trends else ()
    rows = [
        {
            **dict(zip(by, trend.key, strict=True)),
            _PERIOD: point.period_start,
            "period_end": point.period_end,
            "value": np.nan if point.metric.value is None else point.metric.value,
            "low": np.nan if point.metric.low is None else point.metric.low,
            "high": np.nan if point.metric.high is None else point.metric.high,
            "count": point.metric.count,
            "trend": None if point.direction is None else point.direction.value,
            "change": np.nan if point.change is None else point.change,
            "p_value": np.nan if point.p_value is None else point.p_value,
            "explanation": tuple(reason.code for reason in point.explanation),
        }
        for trend in trends
        for point in trend.points
    ]
    columns_out = [
        *by,
        _PERIOD,
        "period_end",
        "value",
        "low",
        "high",
        "count",
        "trend",
        "change",
        "p_value",
        "explanation",
    ]
    out = pd.DataFrame(rows, columns=columns_out)
    for column in ("value", "low", "high", "change", "p_value"):
        out[column] = out[column].astype("float64")
    out["count"] = out["count"].astype("int64")
    out["trend"] = _as_keys(out["trend"])
    for name in by:
        out[name] = _as_keys(out[name])
    out = with_why(out, "explanation", REASON_CODES).set_index([*by, _PERIOD])
    if trends:  # for plot_satisfaction_trend
        out.attrs.update(metric=trends[0].metric, frequency=trends[0].frequency)
    return cast(pd.DataFrame, out)


def _trend_on_polars() -> Any:
    from ._frames_polars import satisfaction_trend_frame_polars

    return satisfaction_trend_frame_polars


@same_kind_out("frame", "customers", polars=_trend_on_polars)
def satisfaction_trend_frame(
    frame: Any,
    *,
    by: str | Sequence[str] = (),
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    customers: pd.DataFrame | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
    columns: Mapping[str, str] | None = None,
    timestamps_tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """:func:`custinteract.satisfaction_trend` (or, with ``by``, ``satisfaction_trends``) over a frame.

    The layout is that of :func:`satisfaction_trends_to_frame`; ``frame``, ``customers``
    and ``columns`` are as for :func:`satisfaction_frame` (pandas or Dask).

    ``timestamps_tz`` is the zone naive timestamps were recorded in (what
    ``tz=`` is to the other frame functions; here ``tz`` is the calendar's
    zone): it localizes them as :func:`~custinteract.frames.normalize_interactions`
    does, and leaves aware ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import satisfaction_trend_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2"], "customer_id": ["c1", "c2"],
    ...     "timestamp": pd.to_datetime(["2026-01-05T10:00Z", "2026-02-20T10:00Z"]),
    ...     "sentiment": ["positive", "negative"]})
    >>> trend = satisfaction_trend_frame(df, metric=ci.MetricKind.SENTIMENT_POSITIVE)
    >>> trend[["value", "count", "trend"]].to_dict("list")
    {'value': [1.0, 0.0], 'count': [1, 1], 'trend': [None, 'same']}
    """
    frame = localized(frame, columns, timestamps_tz, "timestamps_tz")
    kind = check_metric(metric)
    freq = check_frequency(frequency)
    breakdown = _breakdown_from_frame(
        frame,
        by=by,
        frequency=freq,
        customers=customers,
        since=since,
        until=until,
        policy=policy,
        tz=tz,
        columns=columns,
    )
    return satisfaction_trends_to_frame(trends_of(breakdown, kind, check_policy(policy)))
