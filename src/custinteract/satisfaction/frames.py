"""Satisfaction over an interactions DataFrame (pandas or Dask), equal to the object path.

The frame is reduced, partition by partition, to the engine's sufficient
statistics: how many rows fall in each (group, period, rating cell), where
the 26 cells are the 5 CSAT values, the 11 NPS values, the 7 CES values and
the 3 sentiments of unrated rows. Counts add up, so Dask partitions are
counted separately and summed; the small table of counts then goes through
the very same code as :func:`custinteract.satisfaction_by`, which is why the
two paths agree exactly.

The count works on factorised integer codes in whole-column NumPy passes,
slice by slice of rows, with the kernels of :mod:`._frames_counting` (which
the polars path feeds with its own codes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone, tzinfo
from typing import Any, cast

import numpy as np
import pandas as pd

from .._columns import factorize_text, ids_as_text, localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import normalize_with_repeats, with_why
from .._time import Frequency
from ._counts import CELLS, SatisfactionCounts, counts_from_cells
from ._engine import Cell, breakdown_from_counts
from ._explain import REASON_CODES
from ._frames_counting import (
    _CELL,
    _N,
    _OUTSIDE,
    _PERIOD,
    _REPEATS,
    _as_keys,
    _cells,
    _factorised,
    _labelled,
    _local_days,
    _period_codes,
    _tally,
)
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
_SLICE_ROWS = 1 << 20
"""Rows counted at once: the row arrays of a count are those of a slice this long."""
_DENSE_FROM = 1 << 62
"""Key combinations from which the groups of a count are renumbered densely, key by key."""


def _is_dask(frame: Any) -> bool:
    if isinstance(frame, pd.DataFrame):
        return False
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        return False
    return isinstance(frame, dd.DataFrame)


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
    repeated = ids.duplicated().to_numpy()
    if repeated.any():
        row = int(np.argmax(repeated))
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


def _empty_counts(scope: Scope, repeats: int = 0) -> pd.DataFrame:
    """Long counts without rows; with ``repeats``, the one row that counts the identical repeats."""
    rows = 1 if repeats else 0
    columns: dict[str, pd.Series] = {
        name: pd.Series([None] * rows, dtype=object) for name in scope.by
    }
    if scope.frequency is not None:
        columns[_PERIOD] = pd.Series([None] * rows, dtype="datetime64[us]")
    columns[_CELL] = pd.Series([_REPEATS] * rows, dtype="int64")
    columns[_N] = pd.Series([repeats] * rows, dtype="int64")
    return cast(pd.DataFrame, pd.DataFrame(columns))


def _customer_rows(
    frame: pd.DataFrame, name: str, segments: pd.DataFrame | None
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each row's customer as a code, and each code's row in ``segments``; an unknown customer raises.

    The customer ids are factorised once, so each distinct id is looked up
    in the customers once; ``name`` is the ``"customer.<attribute>"`` group
    that needs them (named in the error).
    """
    if segments is None:  # pragma: no cover - built whenever customer.* is asked for
        raise InvalidInputError("customers", None, f"a customers frame, for {name!r}")
    codes, ids = factorize_text(frame["customer_id"].array)
    where = segments.index.get_indexer(pd.Index(ids, dtype=object))
    unknown = where < 0
    if unknown.any():
        row = frame.index[int(np.argmax(unknown[codes]))]
        raise InvalidInputError(
            f"customer_id[{row!r}]",
            frame.at[row, "customer_id"],
            f"a customer id present in customers (needed to group by {name!r})",
        )
    return codes, where


def _segment_factorised(
    customers: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]], attribute: pd.Series
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Codes and values of a customer attribute, as :func:`_factorised` gives them for a column.

    ``customers`` is :func:`_customer_rows`; ``attribute`` a column of the
    customers table: it is read once per distinct customer, not once per row.
    """
    codes, where = customers
    return _labelled(*factorize_text(attribute.to_numpy(dtype=object)[where]), rows=codes)


def _partition_counts(
    part: pd.DataFrame,
    *,
    scope: Scope,
    segments: pd.DataFrame | None,
    columns: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Long counts of one partition: group keys, period, cell (-1 = outside the range), n.

    The partition is normalised (and its ids checked) as a whole, then
    counted in slices of :data:`_SLICE_ROWS` rows, whose counts add up: the
    arrays of the count are those of one slice, whatever the partition's
    size. When a slice is refused, the whole partition is checked at once,
    so that the error is the one its checks meet first, as without slices.
    """
    if len(part) == 0:
        return _empty_counts(scope)
    frame, repeated = normalize_with_repeats(part, columns)
    if len(frame) <= _SLICE_ROWS:
        counts = [_row_counts(frame, scope, segments)]
    else:
        refused: InvalidInputError | None = None
        try:
            counts = [
                _row_counts(frame.iloc[start : start + _SLICE_ROWS], scope, segments)
                for start in range(0, len(frame), _SLICE_ROWS)
            ]
        except InvalidInputError as error:
            refused = error
        if refused is not None:
            _row_counts(frame, scope, segments)  # raises the partition's first error
            raise refused  # pragma: no cover - the whole refuses what a slice refused
        counts = [_summed(pd.concat(counts, ignore_index=True), scope)]
    if len(repeated):  # counted once: the object path's repeats, in a row of their own
        counts.append(_empty_counts(scope, len(repeated)))
    return counts[0] if len(counts) == 1 else pd.concat(counts, ignore_index=True)


def _summed(counted: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Long counts with one row per key and cell: the rows of the same key and cell added up."""
    keys = _keys(scope)
    if keys:
        return counted.groupby([*keys, _CELL], dropna=False, sort=False)[_N].sum().reset_index()
    return counted.groupby(_CELL)[_N].sum().reset_index()


def _row_counts(frame: pd.DataFrame, scope: Scope, segments: pd.DataFrame | None) -> pd.DataFrame:
    """Long counts of normalised rows (see :func:`_partition_counts`)."""
    stamps = frame["timestamp"]
    cells = _cells(frame)
    if scope.since is not None or scope.until is not None:
        moments = stamps.array
        outside = np.zeros(len(frame), dtype=bool)
        if scope.since is not None:
            outside |= np.asarray(moments < pd.Timestamp(scope.since), dtype=bool)
        if scope.until is not None:
            outside |= np.asarray(moments >= pd.Timestamp(scope.until), dtype=bool)
        cells[outside] = _OUTSIDE
    keys: list[tuple[str, np.ndarray[Any, Any], Any]] = []
    customers = None
    for name in scope.by:
        if not name.startswith(CUSTOMER_PREFIX):
            keys.append((name, *_factorised(frame[name])))
            continue
        if customers is None:
            customers = _customer_rows(frame, name, segments)
        keys.append((name, *_segment_factorised(customers, cast(pd.DataFrame, segments)[name])))
    if scope.frequency is not None:
        days = _local_days(stamps.dt.tz_convert(scope.tz))
        keys.append((_PERIOD, *_period_codes(days, scope.frequency)))
        del days
    cells -= _OUTSIDE  # codes from 0: the cell -1 (outside the range) first
    keys.append((_CELL, cells, np.arange(_OUTSIDE, CELLS)))
    return _tally(keys)


def _count_frame(
    frame: Any, scope: Scope, customers: pd.DataFrame | None, columns: Mapping[str, str] | None
) -> pd.DataFrame:
    """Long counts of a whole pandas or Dask frame, one row per key and cell (Dask: per partition, then summed)."""
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
    return _summed(counted, scope)  # the partitions' counts of one key, added up


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


def breakdown_of_counts(
    totals: pd.DataFrame, scope: Scope, *, repeats: int = 0
) -> SatisfactionBreakdown:
    """The breakdown of long counts with one row per key and cell (as :func:`_tally` gives).

    Columns: the group keys, the period, the cell (-1 = outside the range,
    -2 = identical repeats ignored, keys missing) and ``n``; ``repeats`` more
    repeats, counted elsewhere.
    """
    cell = totals[_CELL].to_numpy()
    n = totals[_N].to_numpy()
    outside = int(n[cell == _OUTSIDE].sum())
    repeats += int(n[cell == _REPEATS].sum())
    counted = cell >= 0
    # each (group, period) once: its rows' cells added up in one histogram of the cells
    parts = [_distinct_keys(totals[name], counted) for name in scope.by]
    if scope.frequency is not None:
        parts.append(_distinct_periods(totals[_PERIOD], counted, scope.tz))
    combined, size = np.zeros(int(counted.sum()), dtype=np.int64), 1
    for codes, values in parts:
        if size * len(values) >= _DENSE_FROM:  # too many combinations for one integer: made dense
            combined = np.unique(combined, return_inverse=True)[1].reshape(-1)
            size = int(combined.max()) + 1
        combined *= len(values)
        combined += codes
        size *= len(values)
    _, first, group = np.unique(combined, return_index=True, return_inverse=True)
    histograms = np.bincount(
        group.reshape(-1) * CELLS + cell[counted], weights=n[counted], minlength=len(first) * CELLS
    )
    labels = [[values[code] for code in codes[first].tolist()] for codes, values in parts]
    if scope.frequency is None:
        labels.append([None] * len(first))
    periods = labels.pop()
    keys = list(zip(*labels, strict=True)) if labels else [()] * len(first)
    cells: dict[Cell, SatisfactionCounts] = {
        (key, period): counts_from_cells(histogram)
        for key, period, histogram in zip(
            keys, periods, histograms.reshape(-1, CELLS).astype(np.int64).tolist(), strict=True
        )
    }
    return breakdown_from_counts(cells, scope, repeats=repeats, outside=outside)


def _distinct_keys(
    values: pd.Series, rows: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Codes of a key column's ``rows`` and the distinct keys they index (missing as None)."""
    codes, distinct = pd.factorize(values[rows], use_na_sentinel=False)
    return codes, _as_keys(pd.Series(distinct, dtype=object)).tolist()


def _distinct_periods(
    starts: pd.Series, rows: np.ndarray[Any, Any], zone: tzinfo
) -> tuple[np.ndarray[Any, Any], list[Any]]:
    """Codes of the period starts of ``rows`` and each distinct start as an aware midnight in ``zone``."""
    codes, distinct = pd.factorize(starts[rows])
    return codes, [datetime(stamp.year, stamp.month, stamp.day, tzinfo=zone) for stamp in distinct]


def satisfaction_to_frame(breakdown: SatisfactionBreakdown) -> pd.DataFrame:
    """A :class:`~custinteract.SatisfactionBreakdown` as a DataFrame, one row per report.

    The index is the ``by`` fields, then ``period_start`` when the breakdown
    has a frequency (a single row labelled ``"all"`` when it has neither).
    Columns: ``period_end`` (with a frequency), ``interactions``, then for
    each :class:`~custinteract.MetricKind` ``k``: ``k``, ``k_low``, ``k_high``
    and ``k_count`` (values NaN where the metric is empty), and
    ``explanation``, the tuple of reason codes of each row, and ``why``, their
    meanings (from :data:`~custinteract.SATISFACTION_REASON_CODES`) joined by ``"; "``.
    ``attrs["explanation"]`` keeps the breakdown's own explanation: what was
    counted, the identical repeats counted once and the interactions outside
    the range (a polars or Arrow answer has no ``attrs``).

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
    labels = [*index, *(["period_end"] if breakdown.frequency is not None else []), "explanation"]
    rows = [_report_labels(breakdown, report) for report in breakdown.reports]
    texts = pd.DataFrame(rows, columns=labels)
    for name in breakdown.by:
        texts[name] = _as_keys(texts[name])
    numbers = _report_numbers(breakdown.reports)
    out = pd.DataFrame({name: texts[name] if name in labels else numbers[name] for name in columns})
    out = with_why(out, "explanation", REASON_CODES)
    if not index:
        out.index = pd.Index(["all"] * len(out), name="group")
    else:
        out = out.set_index(index)
    out.attrs["explanation"] = breakdown.explanation  # what was counted, and what left out
    return cast(pd.DataFrame, out)


def _metric_columns(kind: MetricKind) -> tuple[str, str, str, str]:
    """The columns of one metric: value, interval low and high, count."""
    return kind.value, f"{kind.value}_low", f"{kind.value}_high", f"{kind.value}_count"


_METRIC_COLUMNS = {kind: _metric_columns(kind) for kind in MetricKind}


def _report_labels(breakdown: SatisfactionBreakdown, report: SatisfactionReport) -> dict[str, Any]:
    """The columns of a report that are not numbers: its key, period and reason codes."""
    row: dict[str, Any] = dict(zip(breakdown.by, report.key, strict=True))
    if breakdown.frequency is not None:
        row[_PERIOD] = report.period_start
        row["period_end"] = report.period_end
    row["explanation"] = tuple(reason.code for reason in report.explanation)
    return row


def _report_numbers(reports: Sequence[SatisfactionReport]) -> dict[str, np.ndarray[Any, Any]]:
    """The number columns of the reports, column by column: counts as int64, the rest float64 (NaN for None)."""
    columns: dict[str, list[Any]] = {
        "interactions": [report.counts.interactions for report in reports]
    }
    for names in _METRIC_COLUMNS.values():
        for name in names:
            columns[name] = []
    for report in reports:
        for metric in report.metrics:
            value, low, high, count = _METRIC_COLUMNS[metric.kind]
            columns[value].append(metric.value)
            columns[low].append(metric.low)
            columns[high].append(metric.high)
            columns[count].append(metric.count)
    integers = {"interactions", *(names[3] for names in _METRIC_COLUMNS.values())}
    return {
        name: np.array(items, dtype=np.int64 if name in integers else np.float64)
        for name, items in columns.items()
    }


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
    gives: a row equal in every column to an earlier one is a repeat of the
    same interaction, counted once and said in ``attrs["explanation"]``
    (``satisfaction.repeats_ignored``); another interaction under a used id
    is refused.

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
    :func:`~custinteract.plotting.plot_satisfaction_trend`) and the trends'
    ``explanation`` (what was counted and what was left out).

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
    points = [(trend, point) for trend in trends for point in trend.points]
    labels = [*by, _PERIOD, "period_end", "trend", "explanation"]
    rows = [
        {
            **dict(zip(by, trend.key, strict=True)),
            _PERIOD: point.period_start,
            "period_end": point.period_end,
            "trend": None if point.direction is None else point.direction.value,
            "explanation": tuple(reason.code for reason in point.explanation),
        }
        for trend, point in points
    ]
    texts = pd.DataFrame(rows, columns=labels)
    for name in (*by, "trend"):
        texts[name] = _as_keys(texts[name])
    metrics = [point.metric for _, point in points]
    numbers = {
        "value": np.array([metric.value for metric in metrics], dtype=np.float64),
        "low": np.array([metric.low for metric in metrics], dtype=np.float64),
        "high": np.array([metric.high for metric in metrics], dtype=np.float64),
        "count": np.array([metric.count for metric in metrics], dtype=np.int64),
        "change": np.array([point.change for _, point in points], dtype=np.float64),
        "p_value": np.array([point.p_value for _, point in points], dtype=np.float64),
    }
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
    out = pd.DataFrame(
        {name: texts[name] if name in labels else numbers[name] for name in columns_out}
    )
    out = with_why(out, "explanation", REASON_CODES).set_index([*by, _PERIOD])
    if trends:  # for plot_satisfaction_trend, and what was counted and left out
        out.attrs.update(
            metric=trends[0].metric,
            frequency=trends[0].frequency,
            explanation=trends[0].explanation,
        )
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
