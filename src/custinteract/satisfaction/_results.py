"""The satisfaction engine's values: its policy, metric kinds and results.

The rules that produce them live in :mod:`custinteract._satisfaction`; the
arithmetic in :mod:`custinteract._satisfaction_stats`.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import attrs

from .. import _validators as v
from .._display import render_html, render_text
from .._errors import InvalidInputError
from .._models import Reason
from .._time import Frequency
from ._counts import SatisfactionCounts

__all__ = [
    "Metric",
    "MetricKind",
    "NpsInterval",
    "SatisfactionBreakdown",
    "SatisfactionPolicy",
    "SatisfactionReport",
    "SatisfactionTrend",
    "TrendDirection",
    "TrendPoint",
    "TrendTest",
]


class MetricKind(enum.Enum):
    """A satisfaction metric, and the unit its value is in.

    ==================  =============================================  ==========
    kind                value                                          unit
    ==================  =============================================  ==========
    CSAT                share of CSAT ratings of 4 or 5                0 to 1
    NPS                 % promoters (9-10) minus % detractors (0-6)    -100 to 100
    CES                 mean CES rating                                1 to 7
    CES_EASY            share of CES ratings of 5 or more              0 to 1
    SENTIMENT_POSITIVE  share of unrated interactions felt positive    0 to 1
    SENTIMENT_NEUTRAL   share of unrated interactions felt neutral     0 to 1
    SENTIMENT_NEGATIVE  share of unrated interactions felt negative    0 to 1
    ==================  =============================================  ==========

    >>> import custinteract as ci
    >>> ci.MetricKind("nps") is ci.MetricKind.NPS
    True
    """

    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    CES_EASY = "ces_easy"
    SENTIMENT_POSITIVE = "sentiment_positive"
    SENTIMENT_NEUTRAL = "sentiment_neutral"
    SENTIMENT_NEGATIVE = "sentiment_negative"

    @property
    def is_share(self) -> bool:
        """True for metrics that are shares from 0 to 1 (Wilson intervals)."""
        return self not in (MetricKind.NPS, MetricKind.CES)


class TrendDirection(enum.Enum):
    """Where a metric went since the previous period, by the policy's significance rule.

    >>> import custinteract as ci
    >>> ci.TrendDirection("up") is ci.TrendDirection.UP
    True
    """

    UP = "up"
    DOWN = "down"
    SAME = "same"


class TrendTest(enum.Enum):
    """How a change between two periods is judged significant.

    ``Z_TEST``: a two-sided z-test at ``1 - confidence`` (pooled
    two-proportion test for shares, the NPS variance for NPS, Welch for the
    CES mean). ``INTERVAL_OVERLAP``: a change counts only when the two
    periods' confidence intervals do not overlap (stricter, no p-value).

    >>> import custinteract as ci
    >>> ci.SatisfactionPolicy(trend_test=ci.TrendTest.INTERVAL_OVERLAP).trend_test.value
    'interval_overlap'
    """

    Z_TEST = "z_test"
    INTERVAL_OVERLAP = "interval_overlap"


class NpsInterval(enum.Enum):
    """How the NPS confidence interval is computed (see the satisfaction docs page).

    ``ADJUSTED_WALD`` adds 3/4 of a promoter, 3/4 of a detractor and 3 to
    ``n`` before the Wald formula (Rocks 2016: variations on the adjusted
    Wald, with an iterative score test, performed best of the methods
    compared); ``WALD`` is the plain trinomial normal approximation.

    >>> import custinteract as ci
    >>> ci.SatisfactionPolicy().nps_interval
    <NpsInterval.ADJUSTED_WALD: 'adjusted_wald'>
    """

    ADJUSTED_WALD = "adjusted_wald"
    WALD = "wald"


def _to_float(value: Any) -> Any:
    return float(value) if v.is_finite_number(value) else value


@attrs.frozen(kw_only=True)
class SatisfactionPolicy:
    """The satisfaction engine's settings: interval level, trend rule, thresholds.

    Seed 000: "each of these customer interactions ... will count as yet
    another definite data point to your customer base satisfaction, as a
    whole": every interaction counts, rated or not, and no metric is reported
    without its count and interval.

    Attributes:
        confidence: Level of every confidence interval, and ``1 - confidence``
            is the significance level of trend tests. Default 0.95, the usual
            convention (95% intervals, 5% two-sided tests).
        minimum_count: Fewer answers than this flag a metric as based on few
            responses (``satisfaction.few_responses``) and keep it out of
            trend calls (a change is then reported as SAME). Default 30, the
            common rule of thumb for the normal approximation behind the NPS
            and mean intervals and the z-tests.
        trend_test: The significance rule for UP/DOWN. Default ``Z_TEST``:
            the standard two-sided tests (two-proportion, NPS variance,
            Welch), on the same normal approximation as the intervals and
            giving a p-value; ``INTERVAL_OVERLAP`` is stricter.
        nps_interval: The NPS interval method. Default ``ADJUSTED_WALD``:
            Rocks, "Interval estimation for the 'net promoter score'", *The
            American Statistician* 70 (2016), 365-372 (arXiv:1601.07235),
            where variations on it performed best of the methods compared.
        csat_satisfied_from: CSAT ratings at or above this count as satisfied.
            Default 4: "top-two-box" CSAT (4 or 5 on 1-5), the usual definition.
        ces_easy_from: CES ratings at or above this count as easy. Default 5:
            the agree side of the 1-7 CES 2.0 scale.

    >>> import custinteract as ci
    >>> ci.SatisfactionPolicy().confidence
    0.95
    >>> ci.SatisfactionPolicy(confidence=1.5)
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: confidence: expected a finite number above 0 ...
    """

    confidence: float = attrs.field(
        default=0.95,
        converter=_to_float,
        validator=v.finite_number(low=0, high=1, low_open=True, high_open=True),
    )
    minimum_count: int = attrs.field(default=30, validator=v.integer(low=1))
    trend_test: TrendTest = attrs.field(
        default=TrendTest.Z_TEST, validator=v.enum_member(TrendTest)
    )
    nps_interval: NpsInterval = attrs.field(
        default=NpsInterval.ADJUSTED_WALD, validator=v.enum_member(NpsInterval)
    )
    csat_satisfied_from: int = attrs.field(default=4, validator=v.integer(low=2, high=5))
    ces_easy_from: int = attrs.field(default=5, validator=v.integer(low=2, high=7))


def _metric_number(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not v.is_finite_number(value):
        raise InvalidInputError(attribute.name, value, "a finite number or None")


v.with_schema(_metric_number, {"optional": True, "type": "number"})


@attrs.frozen(kw_only=True)
class Metric:
    """One metric over one set of interactions: its value, count and confidence interval.

    ``value``, ``low`` and ``high`` are ``None`` exactly when ``count`` is 0:
    an empty set is reported as empty, never as zero. Units are those of
    :class:`MetricKind` (shares from 0 to 1, NPS in points, CES on 1-7).

    >>> import custinteract as ci
    >>> ci.Metric(kind=ci.MetricKind.CSAT, count=0, value=None, low=None, high=None).is_empty
    True
    """

    kind: MetricKind = attrs.field(validator=v.enum_member(MetricKind))
    count: int = attrs.field(validator=v.integer(low=0))
    value: float | None = attrs.field(converter=_to_float, validator=_metric_number)
    low: float | None = attrs.field(converter=_to_float, validator=_metric_number)
    high: float | None = attrs.field(converter=_to_float, validator=_metric_number)

    def __attrs_post_init__(self) -> None:
        numbers = (self.value, self.low, self.high)
        if self.count == 0:
            if any(number is not None for number in numbers):
                raise InvalidInputError("value", self.value, "None for a metric with count 0")
            return
        if self.value is None or self.low is None or self.high is None:
            raise InvalidInputError("value", self.value, "value, low and high for count > 0")
        if not self.low <= self.value <= self.high:
            raise InvalidInputError(
                "low", (self.low, self.value, self.high), "low <= value <= high"
            )

    @property
    def is_empty(self) -> bool:
        """True when there was nothing to measure (count 0, value None)."""
        return self.count == 0


_REASONS = v.tuple_of(v.instance(Reason))


def _metrics_field() -> Any:
    return attrs.field(converter=v.to_tuple, validator=v.tuple_of(v.instance(Metric)))


def _key_item(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        v.identifier(instance, attribute, value)


v.with_schema(_key_item, {"optional": True, "type": "string", "minLength": 1})


def _format_key(key: tuple[str | None, ...], period: datetime | None) -> str:
    parts = ["-" if item is None else item for item in key]
    if period is not None:
        parts.append(period.date().isoformat())
    return " / ".join(parts) or "all"


def _format_value(metric: Metric) -> str:
    if metric.value is None or metric.low is None or metric.high is None:
        return "-"
    if metric.kind is MetricKind.NPS:
        return f"{metric.value:+.1f} [{metric.low:+.1f}, {metric.high:+.1f}]"
    if metric.kind is MetricKind.CES:
        return f"{metric.value:.2f} [{metric.low:.2f}, {metric.high:.2f}]"
    return f"{100 * metric.value:.1f}% [{100 * metric.low:.1f}, {100 * metric.high:.1f}]"


@attrs.frozen(kw_only=True)
class SatisfactionReport:
    """Satisfaction over one set of interactions: overall, one group, or one group in one period.

    ``metrics`` holds one :class:`Metric` per :class:`MetricKind`, in that
    order; ``counts`` the counts they were computed from. ``key`` is the
    group's values in the order of the ``by`` that made it (``None`` where an
    interaction had no value, e.g. no staff member). ``period_start`` and
    ``period_end`` (exclusive) bound the calendar period, or the requested
    range for :func:`~custinteract.measure_satisfaction`.

    >>> import custinteract as ci
    >>> report = ci.satisfaction_from_counts(ci.SatisfactionCounts(csat=(1, 0, 1, 3, 5)))
    >>> report.csat.value, report.csat.count, report.nps.value
    (0.8, 10, None)
    """

    key: tuple[str | None, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(_key_item)
    )
    period_start: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    period_end: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    counts: SatisfactionCounts = attrs.field(validator=v.instance(SatisfactionCounts))
    metrics: tuple[Metric, ...] = _metrics_field()
    explanation: tuple[Reason, ...] = attrs.field(converter=v.to_tuple, validator=_REASONS)

    def metric(self, kind: MetricKind) -> Metric:
        """The metric of this kind."""
        for metric in self.metrics:
            if metric.kind is kind:
                return metric
        raise InvalidInputError("kind", kind, f"one of {[m.kind.value for m in self.metrics]}")

    @property
    def csat(self) -> Metric:
        """CSAT: the share of CSAT ratings of 4 or 5."""
        return self.metric(MetricKind.CSAT)

    @property
    def nps(self) -> Metric:
        """NPS in points from -100 to 100."""
        return self.metric(MetricKind.NPS)

    @property
    def ces(self) -> Metric:
        """CES: the mean CES rating on 1-7."""
        return self.metric(MetricKind.CES)

    @property
    def is_empty(self) -> bool:
        """True when no interaction fell in this set."""
        return self.counts.interactions == 0

    @property
    def label(self) -> str:
        """The group and period as text (``"phone / 2026-03-01"``, ``"all"``)."""
        return _format_key(self.key, self.period_start)

    def _metric_lines(self) -> list[str]:
        return [f"    {m.kind.value:<18}  n={m.count:<6} {_format_value(m)}" for m in self.metrics]

    def __str__(self) -> str:
        head, *rest = render_text(self, brief=("metrics",)).split("\n  why:")
        lines = [head, "  values:", *self._metric_lines()]
        return "\n".join(lines) + ("\n  why:" + rest[0] if rest else "")

    def _repr_html_(self) -> str:
        rows = [(m.kind.value, str(m.count), _format_value(m)) for m in self.metrics]
        return _with_table(
            render_html(self, brief=("metrics",)),
            _html_table(("metric", "n", "value [interval]"), rows),
        )


def _html_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:left'>{html.escape(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _with_table(rendered: str, table: str) -> str:
    """Insert ``table`` after the field table of a rendered result (before its reasons)."""
    cut = rendered.index("</table>") + len("</table>")
    return rendered[:cut] + table + rendered[cut:]


def _summary_row(report: SatisfactionReport) -> str:
    return (
        f"    {report.label:<28} n={report.counts.interactions:<6}"
        f" csat {_format_value(report.csat):<24} nps {_format_value(report.nps)}"
    )


@attrs.frozen(kw_only=True)
class SatisfactionBreakdown:
    """Satisfaction per group (and per calendar period), from :func:`~custinteract.satisfaction_by`.

    ``reports`` has one :class:`SatisfactionReport` per group seen in the
    range, and, with a ``frequency``, one per group and period for every
    period of the range, including the empty ones (count 0, values None).

    >>> import custinteract as ci
    >>> ci.satisfaction_by([], by=("channel",)).reports
    ()
    """

    by: tuple[str, ...] = attrs.field(converter=v.to_tuple, validator=v.tuple_of(v.identifier))
    frequency: Frequency | None = attrs.field(validator=v.optional(v.enum_member(Frequency)))
    since: datetime | None = attrs.field(validator=v.optional(v.aware))
    until: datetime | None = attrs.field(validator=v.optional(v.aware))
    reports: tuple[SatisfactionReport, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(SatisfactionReport))
    )
    explanation: tuple[Reason, ...] = attrs.field(converter=v.to_tuple, validator=_REASONS)

    def report(self, *key: str | None, period_start: datetime | None = None) -> SatisfactionReport:
        """The report of one group (and period)."""
        for report in self.reports:
            if report.key == key and report.period_start == period_start:
                return report
        raise InvalidInputError("key", (key, period_start), "a group and period of this breakdown")

    def __str__(self) -> str:
        head, *rest = render_text(self, brief=("reports",)).split("\n  why:")
        lines = [head, "  groups:", *(_summary_row(r) for r in self.reports)]
        return "\n".join(lines) + ("\n  why:" + rest[0] if rest else "")

    def _repr_html_(self) -> str:
        rows = [
            (
                r.label,
                str(r.counts.interactions),
                _format_value(r.csat),
                _format_value(r.nps),
                _format_value(r.ces),
            )
            for r in self.reports
        ]
        header = ("group", "interactions", "CSAT", "NPS", "CES")
        return _with_table(render_html(self, brief=("reports",)), _html_table(header, rows))


@attrs.frozen(kw_only=True)
class TrendPoint:
    """One period of a trend: the metric, and where it went since the previous period.

    ``direction`` is None for the first period and when this period or the
    previous one has no answers; otherwise UP or DOWN only when the change is
    significant by the policy's rule and both periods have at least
    ``minimum_count`` answers, else SAME. ``change`` is this value minus the
    previous one; ``p_value`` is the two-sided p-value of the z-test (None
    under the interval-overlap rule or when there is no comparison).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> trend = ci.satisfaction_trend([], since=datetime(2026, 1, 1, tzinfo=timezone.utc),
    ...                               until=datetime(2026, 3, 1, tzinfo=timezone.utc))
    >>> [(p.period_start.month, p.metric.value, p.direction) for p in trend.points]
    [(1, None, None), (2, None, None)]
    >>> trend.points[1].explanation[0].code
    'satisfaction.trend.no_data'
    """

    period_start: datetime = attrs.field(validator=v.aware)
    period_end: datetime = attrs.field(validator=v.aware)
    metric: Metric = attrs.field(validator=v.instance(Metric))
    direction: TrendDirection | None = attrs.field(
        validator=v.optional(v.enum_member(TrendDirection))
    )
    change: float | None = attrs.field(converter=_to_float, validator=_metric_number)
    p_value: float | None = attrs.field(converter=_to_float, validator=_metric_number)
    explanation: tuple[Reason, ...] = attrs.field(converter=v.to_tuple, validator=_REASONS)

    def __str__(self) -> str:
        return render_text(self)

    def _repr_html_(self) -> str:
        return render_html(self)


@attrs.frozen(kw_only=True)
class SatisfactionTrend:
    """One metric per calendar period with its trend (:func:`~custinteract.satisfaction_trend`).

    Every period of the range appears, the empty ones with count 0 and value
    None. From :func:`~custinteract.satisfaction_trends`, ``by`` names the
    grouping and ``key`` this trend's group (both empty for the whole set).

    >>> import custinteract as ci
    >>> trend = ci.satisfaction_trend([], metric=ci.MetricKind.NPS, frequency=ci.Frequency.WEEK)
    >>> trend.metric, trend.frequency, trend.points, trend.label
    (<MetricKind.NPS: 'nps'>, <Frequency.WEEK: 'week'>, (), 'all')
    """

    metric: MetricKind = attrs.field(validator=v.enum_member(MetricKind))
    frequency: Frequency = attrs.field(validator=v.enum_member(Frequency))
    by: tuple[str, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(v.identifier)
    )
    key: tuple[str | None, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=v.tuple_of(_key_item)
    )
    points: tuple[TrendPoint, ...] = attrs.field(
        converter=v.to_tuple, validator=v.tuple_of(v.instance(TrendPoint))
    )
    explanation: tuple[Reason, ...] = attrs.field(converter=v.to_tuple, validator=_REASONS)

    @property
    def label(self) -> str:
        """The group as text (``"phone"``), or ``"all"``."""
        return _format_key(self.key, None)

    def __str__(self) -> str:
        head, *rest = render_text(self, brief=("points",)).split("\n  why:")
        rows = [
            f"    {p.period_start.date().isoformat()}  n={p.metric.count:<6}"
            f" {_format_value(p.metric):<26} {'-' if p.direction is None else p.direction.value}"
            for p in self.points
        ]
        return "\n".join([head, "  periods:", *rows]) + ("\n  why:" + rest[0] if rest else "")

    def _repr_html_(self) -> str:
        rows = [
            (
                p.period_start.date().isoformat(),
                str(p.metric.count),
                _format_value(p.metric),
                "-" if p.direction is None else p.direction.value,
            )
            for p in self.points
        ]
        header = ("period", "n", "value [interval]", "trend")
        return _with_table(render_html(self, brief=("points",)), _html_table(header, rows))
