"""Satisfaction: CSAT, NPS, CES and sentiment shares over any period and grouping.

“Why Customer Interaction Should Be on Top of Your Priority List”: every customer interaction "will count as yet another definite
data point to your customer base satisfaction, as a whole". So every
interaction is counted exactly once: on its rating's scale when it has a
rating, otherwise by its sentiment.

The rules, top to bottom:

1. Interactions are de-duplicated by id (an identical repeat is ignored and
   reported; a different interaction under a used id is refused) and kept
   when ``since <= timestamp < until``.
2. Each group (``by``: channel, staff member, category, kind, direction,
   customer, or a customer attribute ``"customer.<name>"``) and calendar
   period (``frequency``, in the zone ``tz``) is reduced to
   :class:`SatisfactionCounts`; counts merge, so any grouping can be rebuilt
   from finer ones.
3. Metrics come from counts only: CSAT (share of 4-5), NPS (% 9-10 minus
   % 0-6), CES (mean, and share of 5 or more), and sentiment shares of the
   unrated interactions, each with its count and interval (Wilson for shares,
   adjusted Wald or Wald for NPS, normal for the CES mean). An empty set is
   reported as empty (count 0, value None), never as zero.
4. A trend compares each period with the one just before: UP or DOWN only
   when the change is significant by the policy's rule and both periods have
   at least ``minimum_count`` answers; otherwise SAME.
5. A breakdown or trend over periods lists at most :data:`MAX_PERIODS`
   periods (every period of the range, empty ones included); a longer range
   at that frequency is refused, before any period is listed.
6. A period keeps its calendar bounds even when ``since`` or ``until`` cuts
   it (the first and last period of a range that does not start or end on
   a period boundary); its report and trend point then say so
   (``satisfaction.partial_period``) and name the part counted. Shares and
   means are per answer and the trend tests use each period's own count, so
   a partial period is compared fairly, on fewer answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo

import attrs

from .._errors import InvalidInputError
from .._models import Customer, Interaction
from .._time import CALENDAR_END, Frequency, period_start, shift
from ._counts import (
    SatisfactionCounts,
    cell_of,
    counts_per_group,
    sum_counts,
    unique_interactions,
)
from ._explain import REASON_CODES, partial_reason, summary_reasons
from ._inputs import (
    GROUP_FIELDS,
    Scope,
    check_frequency,
    check_range,
    check_scope,
    customer_index,
    group_value,
)
from ._metrics import satisfaction_from_counts
from ._policy import MetricKind, SatisfactionPolicy, check_metric, check_policy
from ._results import SatisfactionBreakdown, SatisfactionReport, SatisfactionTrend
from ._trend import trend_from_breakdown, trends_from_breakdown

__all__ = [
    "GROUP_FIELDS",
    "MAX_PERIODS",
    "REASON_CODES",
    "breakdown_from_counts",
    "measure_satisfaction",
    "satisfaction_by",
    "satisfaction_from_counts",
    "satisfaction_trend",
    "satisfaction_trends",
]

_UTC = timezone.utc

MAX_PERIODS = 50_000
"""The most calendar periods one breakdown or trend lists (each group repeats them).

A daily trend over about 136 years, a weekly one over about 958: ranges
longer than that at the frequency asked are refused with
:class:`~custinteract.InvalidInputError` instead of listing millions of
empty periods (about 80 microseconds each)."""

_MONTHS_PER_PERIOD = {
    Frequency.MONTH: 1,
    Frequency.QUARTER: 3,
    Frequency.HALF_YEAR: 6,
    Frequency.YEAR: 12,
}

Key = tuple[str | None, ...]
Cell = tuple[Key, datetime | None]


def _select(
    interactions: Iterable[Interaction], since: datetime | None, until: datetime | None
) -> tuple[list[Interaction], int, int]:
    """(interactions in range, identical repeats ignored, interactions outside the range)."""
    kept, repeats = unique_interactions(interactions)
    inside = [
        i
        for i in kept
        if (since is None or i.timestamp >= since) and (until is None or i.timestamp < until)
    ]
    return inside, repeats, len(kept) - len(inside)


def local_period(timestamp: datetime, frequency: Frequency, tz: tzinfo) -> datetime:
    """The start of the period of ``timestamp`` on the calendar of ``tz``."""
    return period_start(timestamp.astimezone(tz), frequency)


def _periods(
    observed: Iterable[datetime],
    frequency: Frequency,
    tz: tzinfo,
    since: datetime | None,
    until: datetime | None,
) -> list[datetime]:
    """Every period start of the range, empty periods included."""
    seen = sorted(set(observed))
    first = local_period(since, frequency, tz) if since is not None else (seen[0] if seen else None)
    if until is not None:
        last: datetime | None = local_period(until - timedelta(microseconds=1), frequency, tz)
    else:
        last = seen[-1] if seen else None
    if first is None or last is None:
        return []
    count = _period_count(first, last, frequency)
    if count > MAX_PERIODS:
        raise InvalidInputError(
            "frequency",
            frequency.value,
            f"at most {MAX_PERIODS:,} periods from {first.date()} to {last.date()},"
            f" not {count:,} (a longer frequency or a shorter range)",
        )
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = _next_period(current, frequency)
    return out


def _period_count(first: datetime, last: datetime, frequency: Frequency) -> int:
    """How many periods from the period starting at ``first`` to the one at ``last``, counted, not listed."""
    if frequency in _MONTHS_PER_PERIOD:
        months = (last.year - first.year) * 12 + last.month - first.month
        return months // _MONTHS_PER_PERIOD[frequency] + 1
    days = (last.date() - first.date()).days
    return days // (7 if frequency is Frequency.WEEK else 1) + 1


def _next_period(start: datetime, frequency: Frequency) -> datetime:
    """The start of the following period; the calendar's last instant when none starts."""
    following = shift(start, frequency.step)
    return following if following == CALENDAR_END else period_start(following, frequency)


def _sort_key(key: Key) -> tuple[tuple[bool, str], ...]:
    return tuple((item is None, item or "") for item in key)


def _reports(
    cells: Mapping[Cell, SatisfactionCounts], keys: list[Key], scope: Scope
) -> Iterator[SatisfactionReport]:
    """One report per group, and per period of the range when there is a frequency."""
    empty = SatisfactionCounts()
    since, until, policy, frequency = scope.since, scope.until, scope.policy, scope.frequency
    if frequency is None:
        for key in keys:
            counts = cells.get((key, None), empty)
            yield satisfaction_from_counts(
                counts, policy=policy, key=key, period_start=since, period_end=until
            )
        return
    periods = _periods((p for _, p in cells if p is not None), frequency, scope.tz, since, until)
    ends = [_next_period(start, frequency) for start in periods]
    cuts = [
        partial_reason(start, end, since, until) for start, end in zip(periods, ends, strict=True)
    ]
    for key in keys:
        for start, end, cut in zip(periods, ends, cuts, strict=True):
            report = satisfaction_from_counts(
                cells.get((key, start), empty),
                policy=policy,
                key=key,
                period_start=start,
                period_end=end,
            )
            if cut is not None:
                report = attrs.evolve(report, explanation=(*report.explanation, cut))
            yield report


def breakdown_from_counts(
    cells: Mapping[Cell, SatisfactionCounts], scope: Scope, *, repeats: int = 0, outside: int = 0
) -> SatisfactionBreakdown:
    """Assemble a breakdown from counts per (group key, period start); shared with frames."""
    keys = sorted({key for key, _ in cells}, key=_sort_key)
    if not scope.by and not keys:
        keys = [()]
    reports = tuple(_reports(cells, keys, scope))
    total = sum_counts(cells.values())
    reasons = summary_reasons(total.interactions, total, repeats, outside, scope.since, scope.until)
    return SatisfactionBreakdown(
        by=scope.by,
        frequency=scope.frequency,
        since=scope.since,
        until=scope.until,
        reports=reports,
        explanation=tuple(reasons),
    )


def _tallies(
    inside: Iterable[Interaction], scope: Scope, people: Mapping[str, Customer]
) -> Iterator[tuple[Cell, int, int]]:
    """(group key and period, cell, 1) for each interaction."""
    names, freq, zone = scope.by, scope.frequency, scope.tz
    periods: dict[date, datetime] = {}  # local day -> its period start (same zone)
    for interaction in inside:
        key = tuple([group_value(interaction, name, people) for name in names])
        period = None
        if freq is not None:
            local = interaction.timestamp.astimezone(zone)
            day = local.date()
            period = periods.get(day)
            if period is None:
                period = periods[day] = period_start(local, freq)
        yield (key, period), cell_of(interaction), 1


def _trend_args(
    metric: object, policy: object, frequency: object
) -> tuple[MetricKind, SatisfactionPolicy, Frequency]:
    return check_metric(metric), check_policy(policy), check_frequency(frequency)


# --------------------------------------------------------------------------- public


def measure_satisfaction(
    interactions: Iterable[Interaction],
    *,
    policy: SatisfactionPolicy | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> SatisfactionReport:
    """Satisfaction of a set of interactions: every metric, with counts and intervals.

    Interactions with ``since <= timestamp < until`` count (all when both are
    None); each once, on its rating's scale or, unrated, by its sentiment.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> def rated(n, value):
    ...     return ci.Interaction(id=f"i-{n}", customer_id="c-1", timestamp=at,
    ...         sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
    ...         rating=ci.Rating(value=value, scale=ci.RatingScale.CSAT))
    >>> report = ci.measure_satisfaction([rated(1, 5), rated(2, 4), rated(3, 3), rated(4, 5)])
    >>> report.csat.value, report.csat.count
    (0.75, 4)
    >>> print(report.explanation[1].message)
    CSAT 75.0%: 3 of 4 CSAT ratings were 4 or more; 95% Wilson interval 30.1% to 95.4%.
    """
    policy = check_policy(policy)
    start, end = check_range(since, until)
    inside, repeats, outside = _select(interactions, start, end)
    counts = SatisfactionCounts.of(inside)
    report = satisfaction_from_counts(counts, policy=policy, period_start=start, period_end=end)
    summary = summary_reasons(len(inside), counts, repeats, outside, start, end)
    return SatisfactionReport(
        key=(),
        period_start=start,
        period_end=end,
        counts=counts,
        metrics=report.metrics,
        explanation=(*summary, *report.explanation),
    )


def satisfaction_by(
    interactions: Iterable[Interaction],
    *,
    by: str | Sequence[str] = (),
    frequency: Frequency | None = None,
    customers: Iterable[Customer] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
) -> SatisfactionBreakdown:
    """Satisfaction per group and/or calendar period.

    ``by`` names interaction fields (``GROUP_FIELDS``: ``"channel"``,
    ``"staff_id"``, ``"category"``, ``"kind"``, ``"direction"``,
    ``"customer_id"``) or a customer segment ``"customer.<attribute>"`` read
    from ``customers`` (each customer's ``attributes`` (see :class:`~custinteract.Customer`);
    a customer without it falls in the ``None`` group). With ``frequency``,
    every period from ``since`` (or the first interaction) to ``until`` (or
    the last) is reported for every group, empty ones included; periods are
    calendar periods in the zone ``tz`` (UTC by default). A range of more
    than 50,000 periods at that frequency (a daily one of about 136 years)
    is refused with :class:`~custinteract.InvalidInputError`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> def answer(n, channel, month, value):
    ...     return ci.Interaction(id=f"i-{n}", customer_id="c-1", channel=channel,
    ...         timestamp=datetime(2026, month, 10, tzinfo=timezone.utc),
    ...         sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
    ...         rating=ci.Rating(value=value, scale=ci.RatingScale.CSAT))
    >>> data = [answer(1, ci.Channel.PHONE, 1, 5), answer(2, ci.Channel.CHAT, 1, 2),
    ...         answer(3, ci.Channel.PHONE, 3, 4)]
    >>> table = ci.satisfaction_by(data, by="channel", frequency=ci.Frequency.MONTH)
    >>> [(r.label, r.csat.value) for r in table.reports]
    [('chat / 2026-01-01', 0.0), ('chat / 2026-02-01', None), ('chat / 2026-03-01', None),
     ('phone / 2026-01-01', 1.0), ('phone / 2026-02-01', None), ('phone / 2026-03-01', 1.0)]
    """
    scope = check_scope(by=by, frequency=frequency, since=since, until=until, policy=policy, tz=tz)
    people = customer_index(customers)
    if scope.segments and customers is None:
        raise InvalidInputError("customers", None, f"the customers, to group by {list(scope.by)}")
    inside, repeats, outside = _select(interactions, scope.since, scope.until)
    cells = counts_per_group(_tallies(inside, scope, people))
    return breakdown_from_counts(cells, scope, repeats=repeats, outside=outside)


def satisfaction_trend(
    interactions: Iterable[Interaction],
    *,
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
) -> SatisfactionTrend:
    """One metric per calendar period, each compared with the last earlier period that has answers.

    A period is UP or DOWN only when the change is significant by
    ``policy.trend_test`` at ``1 - policy.confidence`` and both periods have
    at least ``policy.minimum_count`` answers; otherwise SAME. No direction
    is given for the first period, for a period with no answers, nor before
    any period had answers. Empty periods appear with count 0 and value
    None; a period compared across empty ones says so
    (``satisfaction.trend.skipped_empty``).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> def answer(n, month, value):
    ...     return ci.Interaction(id=f"i-{month}-{n}", customer_id="c-1",
    ...         timestamp=datetime(2026, month, 10, tzinfo=timezone.utc),
    ...         sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
    ...         rating=ci.Rating(value=value, scale=ci.RatingScale.CSAT))
    >>> data = ([answer(n, 1, 5 if n < 20 else 2) for n in range(40)]
    ...         + [answer(n, 3, 5 if n < 35 else 2) for n in range(40)])
    >>> trend = ci.satisfaction_trend(data, frequency=ci.Frequency.MONTH)
    >>> [(p.metric.value, None if p.direction is None else p.direction.value) for p in trend.points]
    [(0.5, None), (None, None), (0.875, 'up')]
    """
    kind, policy, freq = _trend_args(metric, policy, frequency)
    breakdown = satisfaction_by(
        interactions, frequency=freq, since=since, until=until, policy=policy, tz=tz
    )
    return trend_from_breakdown(breakdown, kind, policy)


def satisfaction_trends(
    interactions: Iterable[Interaction],
    *,
    by: str | Sequence[str],
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    customers: Iterable[Customer] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy | None = None,
    tz: tzinfo = _UTC,
) -> tuple[SatisfactionTrend, ...]:
    """One trend per group (``by`` as in :func:`satisfaction_by`), each over every period.

    Each group's periods are compared within the group, by the same rule as
    :func:`satisfaction_trend`; groups come in the order of
    :func:`satisfaction_by`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> def answer(n, channel, month, value):
    ...     return ci.Interaction(id=f"i-{month}-{n}", customer_id="c-1", channel=channel,
    ...         timestamp=datetime(2026, month, 10, tzinfo=timezone.utc),
    ...         sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
    ...         rating=ci.Rating(value=value, scale=ci.RatingScale.CSAT))
    >>> data = [answer(n, ci.Channel.PHONE, 1 + n % 2, 5) for n in range(4)]
    >>> data += [answer(9, ci.Channel.CHAT, 2, 1)]
    >>> [(t.label, [p.metric.value for p in t.points])
    ...  for t in ci.satisfaction_trends(data, by="channel")]
    [('chat', [None, 0.0]), ('phone', [1.0, 1.0])]
    """
    kind, policy, freq = _trend_args(metric, policy, frequency)
    breakdown = satisfaction_by(
        interactions,
        by=by,
        frequency=freq,
        customers=customers,
        since=since,
        until=until,
        policy=policy,
        tz=tz,
    )
    return trends_from_breakdown(breakdown, kind, policy)
