"""Satisfaction: CSAT, NPS, CES and sentiment shares over any period and grouping.

Seed 000: every customer interaction "will count as yet another definite
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
5. A period keeps its calendar bounds even when ``since`` or ``until`` cuts
   it (the first and last period of a range that does not start or end on
   a period boundary); its report and trend point then say so
   (``satisfaction.partial_period``) and name the part counted. Shares and
   means are per answer and the trend tests use each period's own count, so
   a partial period is compared fairly, on fewer answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo

import attrs

from .._errors import InvalidInputError
from .._models import Customer, Interaction, Reason
from .._time import Frequency, ensure_aware, period_start
from .._wording import counted
from ._counts import (
    CELLS,
    SatisfactionCounts,
    cell_of,
    counts_from_cells,
    unique_interactions,
)
from ._metrics import REASON_CODES, check_policy, reason, satisfaction_from_counts
from ._results import (
    MetricKind,
    SatisfactionBreakdown,
    SatisfactionPolicy,
    SatisfactionReport,
    SatisfactionTrend,
)
from ._trend import trend_from_breakdown, trends_from_breakdown

__all__ = [
    "GROUP_FIELDS",
    "REASON_CODES",
    "measure_satisfaction",
    "satisfaction_by",
    "satisfaction_from_counts",
    "satisfaction_trend",
    "satisfaction_trends",
]

GROUP_FIELDS: tuple[str, ...] = (
    "channel",
    "staff_id",
    "category",
    "kind",
    "direction",
    "customer_id",
)
"""The interaction fields ``by=`` accepts; ``"customer.<attribute>"`` is accepted too."""

_CUSTOMER_PREFIX = "customer."
_DEFAULT_POLICY = SatisfactionPolicy()
_UTC = timezone.utc

Key = tuple[str | None, ...]
Cell = tuple[Key, datetime | None]


# --------------------------------------------------------------------------- input


def _bound(value: object, field: str) -> datetime | None:
    return None if value is None else ensure_aware(value, field)


def _check_range(since: object, until: object) -> tuple[datetime | None, datetime | None]:
    start, end = _bound(since, "since"), _bound(until, "until")
    if start is not None and end is not None and not start < end:
        raise InvalidInputError("until", end, f"a moment after since ({start.isoformat()})")
    return start, end


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


def _check_by(by: object) -> tuple[str, ...]:
    names = (by,) if isinstance(by, str) else by
    expected = (
        f"a tuple of names among {list(GROUP_FIELDS)} or 'customer.<attribute>', without repeats"
    )
    if not isinstance(names, (tuple, list)):
        raise InvalidInputError("by", by, expected)
    for index, name in enumerate(names):
        ok = isinstance(name, str) and (
            name in GROUP_FIELDS
            or (name.startswith(_CUSTOMER_PREFIX) and bool(name[len(_CUSTOMER_PREFIX) :].strip()))
        )
        if not ok:
            raise InvalidInputError(f"by[{index}]", name, expected)
    if len(set(names)) != len(names):
        raise InvalidInputError("by", by, expected)
    return tuple(names)


def _check_frequency(frequency: object, field: str = "frequency") -> Frequency:
    if not isinstance(frequency, Frequency):
        raise InvalidInputError(field, frequency, f"one of {[f.name for f in Frequency]} or None")
    return frequency


def _check_tz(tz: object) -> tzinfo:
    if not isinstance(tz, tzinfo):
        raise InvalidInputError("tz", tz, "a tzinfo such as datetime.timezone.utc or a ZoneInfo")
    return tz


def _customer_index(customers: object) -> dict[str, Customer]:
    if customers is None:
        return {}
    if isinstance(customers, (str, bytes)) or not isinstance(customers, Iterable):
        raise InvalidInputError("customers", customers, "an iterable of Customer values")
    index: dict[str, Customer] = {}
    for position, customer in enumerate(customers):
        if not isinstance(customer, Customer):
            raise InvalidInputError(f"customers[{position}]", customer, "a Customer")
        earlier = index.get(customer.id)
        if earlier is not None and earlier != customer:
            raise InvalidInputError(
                f"customers[{position}].id", customer.id, "an id not used by a different customer"
            )
        index[customer.id] = customer
    return index


def _group_value(
    interaction: Interaction, name: str, customers: Mapping[str, Customer]
) -> str | None:
    if name.startswith(_CUSTOMER_PREFIX):
        customer = customers.get(interaction.customer_id)
        if customer is None:
            raise InvalidInputError(
                f"interactions[{interaction.id!r}].customer_id",
                interaction.customer_id,
                f"a customer id present in customers (needed to group by {name!r})",
            )
        return customer.attributes.get(name[len(_CUSTOMER_PREFIX) :])
    value = getattr(interaction, name)
    if value is None or isinstance(value, str):
        return value
    text: str = value.value  # an enum: channel, kind, direction
    return text


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
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = _next_period(current, frequency)
    return out


def _next_period(start: datetime, frequency: Frequency) -> datetime:
    return period_start(start + frequency.step, frequency)


def _sort_key(key: Key) -> tuple[tuple[bool, str], ...]:
    return tuple((item is None, item or "") for item in key)


def _summary_reasons(
    total: int,
    counts: SatisfactionCounts,
    repeats: int,
    outside: int,
    since: datetime | None,
    until: datetime | None,
) -> list[Reason]:
    reasons = [
        reason(
            "satisfaction.data_point",
            f"Every interaction is a data point: {total} counted, {counts.rated} by their rating"
            f" and {counts.unrated} by their sentiment.",
        )
    ]
    if repeats:
        reasons.append(
            reason(
                "satisfaction.repeats_ignored",
                f"{counted(repeats, 'repeated identical interaction')} counted once.",
            )
        )
    if outside:
        start = "the beginning" if since is None else since.isoformat()
        end = "the end" if until is None else until.isoformat()
        reasons.append(
            reason(
                "satisfaction.outside_range",
                f"{counted(outside, 'interaction')} outside the range from {start} to {end} left out.",
            )
        )
    return reasons


def _partial(
    start: datetime, end: datetime, since: datetime | None, until: datetime | None
) -> Reason | None:
    """The reason a period ``[start, end)`` is cut by the range, or None when it is whole."""
    first = since if since is not None and since > start else None
    last = until if until is not None and until < end else None
    if first is None and last is None:
        return None
    counted_from = (first or start).isoformat()
    counted_to = (last or end).isoformat()
    return reason(
        "satisfaction.partial_period",
        f"Partial period: the range covers only {counted_from} to {counted_to} of this period"
        f" (from {start.isoformat()} to {end.isoformat()}); its counts are not a full period's.",
    )


def breakdown_from_counts(
    cells: Mapping[Cell, SatisfactionCounts],
    *,
    by: tuple[str, ...],
    frequency: Frequency | None,
    since: datetime | None,
    until: datetime | None,
    policy: SatisfactionPolicy,
    tz: tzinfo,
    repeats: int = 0,
    outside: int = 0,
) -> SatisfactionBreakdown:
    """Assemble a breakdown from counts per (group key, period start); shared with frames."""
    keys = sorted({key for key, _ in cells}, key=_sort_key)
    if not by and not keys:
        keys = [()]
    reports: list[SatisfactionReport] = []
    empty = SatisfactionCounts()
    if frequency is None:
        for key in keys:
            counts = cells.get((key, None), empty)
            reports.append(
                satisfaction_from_counts(
                    counts, policy=policy, key=key, period_start=since, period_end=until
                )
            )
    else:
        periods = _periods((p for _, p in cells if p is not None), frequency, tz, since, until)
        ends = [_next_period(start, frequency) for start in periods]
        cuts = [
            _partial(start, end, since, until) for start, end in zip(periods, ends, strict=True)
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
                reports.append(report)
    total = SatisfactionCounts()
    for counts in cells.values():
        total = total + counts
    reasons = _summary_reasons(total.interactions, total, repeats, outside, since, until)
    return SatisfactionBreakdown(
        by=by,
        frequency=frequency,
        since=since,
        until=until,
        reports=tuple(reports),
        explanation=tuple(reasons),
    )


# --------------------------------------------------------------------------- public


def measure_satisfaction(
    interactions: Iterable[Interaction],
    *,
    policy: SatisfactionPolicy = _DEFAULT_POLICY,
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
    start, end = _check_range(since, until)
    inside, repeats, outside = _select(interactions, start, end)
    counts = SatisfactionCounts.of(inside)
    report = satisfaction_from_counts(counts, policy=policy, period_start=start, period_end=end)
    summary = _summary_reasons(len(inside), counts, repeats, outside, start, end)
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
    policy: SatisfactionPolicy = _DEFAULT_POLICY,
    tz: tzinfo = _UTC,
) -> SatisfactionBreakdown:
    """Satisfaction per group and/or calendar period.

    ``by`` names interaction fields (:data:`GROUP_FIELDS`: ``"channel"``,
    ``"staff_id"``, ``"category"``, ``"kind"``, ``"direction"``,
    ``"customer_id"``) or a customer segment ``"customer.<attribute>"`` read
    from ``customers`` (each customer's :attr:`~custinteract.Customer.attributes`;
    a customer without it falls in the ``None`` group). With ``frequency``,
    every period from ``since`` (or the first interaction) to ``until`` (or
    the last) is reported for every group, empty ones included; periods are
    calendar periods in the zone ``tz`` (UTC by default).

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
    policy = check_policy(policy)
    names = _check_by(by)
    freq = None if frequency is None else _check_frequency(frequency)
    zone = _check_tz(tz)
    start, end = _check_range(since, until)
    people = _customer_index(customers)
    if any(name.startswith(_CUSTOMER_PREFIX) for name in names) and customers is None:
        raise InvalidInputError("customers", None, f"the customers, to group by {list(names)}")
    inside, repeats, outside = _select(interactions, start, end)
    histograms: dict[Cell, list[int]] = {}
    periods: dict[date, datetime] = {}  # local day -> its period start (same zone)
    for interaction in inside:
        key = tuple(_group_value(interaction, name, people) for name in names)
        period = None
        if freq is not None:
            local = interaction.timestamp.astimezone(zone)
            period = periods.get(local.date())
            if period is None:
                period = periods[local.date()] = period_start(local, freq)
        histogram = histograms.get((key, period))
        if histogram is None:
            histogram = histograms[(key, period)] = [0] * CELLS
        histogram[cell_of(interaction)] += 1
    return breakdown_from_counts(
        {cell: counts_from_cells(histogram) for cell, histogram in histograms.items()},
        by=names,
        frequency=freq,
        since=start,
        until=end,
        policy=policy,
        tz=zone,
        repeats=repeats,
        outside=outside,
    )


def satisfaction_trend(
    interactions: Iterable[Interaction],
    *,
    metric: MetricKind = MetricKind.CSAT,
    frequency: Frequency = Frequency.MONTH,
    since: datetime | None = None,
    until: datetime | None = None,
    policy: SatisfactionPolicy = _DEFAULT_POLICY,
    tz: tzinfo = _UTC,
) -> SatisfactionTrend:
    """One metric per calendar period, each compared with the period just before.

    A period is UP or DOWN only when the change is significant by
    ``policy.trend_test`` at ``1 - policy.confidence`` and both periods have
    at least ``policy.minimum_count`` answers; otherwise SAME. No direction
    is given for the first period, nor when either period has no answers.
    Empty periods appear with count 0 and value None.

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
    [(0.5, None), (None, None), (0.875, None)]
    """
    kind = metric
    if not isinstance(kind, MetricKind):
        raise InvalidInputError("metric", metric, f"one of {[m.name for m in MetricKind]}")
    policy = check_policy(policy)
    freq = _check_frequency(frequency)
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
    policy: SatisfactionPolicy = _DEFAULT_POLICY,
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
    kind = metric
    if not isinstance(kind, MetricKind):
        raise InvalidInputError("metric", metric, f"one of {[m.name for m in MetricKind]}")
    policy = check_policy(policy)
    freq = _check_frequency(frequency)
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
