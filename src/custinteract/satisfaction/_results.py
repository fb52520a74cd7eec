"""The satisfaction engine's results: metrics, reports, breakdowns and trends.

The rules that produce them live in :mod:`._metrics` and :mod:`._trend`,
their explanations in :mod:`._explain`, the arithmetic in :mod:`._stats`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, ClassVar

import attrs

from .. import _validators as v
from .._display import Displayed, render_html, render_text
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from .._time import Frequency
from ._counts import SatisfactionCounts
from ._policy import (
    MetricKind,
    NpsInterval,
    SatisfactionPolicy,
    TrendDirection,
    TrendTest,
    interval_text,
)

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
    value: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=_metric_number
    )
    low: float | None = attrs.field(converter=v.optional_number_to_float, validator=_metric_number)
    high: float | None = attrs.field(converter=v.optional_number_to_float, validator=_metric_number)

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


def _metric_tuple(value: Iterable[Metric]) -> tuple[Metric, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


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
    return interval_text(metric.kind, metric.value, metric.low, metric.high)


def _html_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:left'>{html.escape(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


class _Tabled(Displayed):
    """A result shown as its field table, then its own table of ``_brief[0]``, then its reasons.

    A class sets ``_brief`` (the field it summarises in one line), ``_title``
    (the text table's heading), ``_header`` (the HTML table's columns), and
    writes :meth:`_text_rows` and :meth:`_html_rows`.
    """

    __slots__ = ()
    _title: ClassVar[str] = ""
    _header: ClassVar[tuple[str, ...]] = ()

    def _text_rows(self) -> list[str]:
        raise NotImplementedError  # pragma: no cover - every subclass writes its rows

    def _html_rows(self) -> list[tuple[str, ...]]:
        raise NotImplementedError  # pragma: no cover - every subclass writes its rows

    def __str__(self) -> str:
        head, *rest = render_text(self, brief=self._brief).split("\n  why:")
        lines = [head, f"  {self._title}:", *self._text_rows()]
        return "\n".join(lines) + ("\n  why:" + rest[0] if rest else "")

    def _repr_html_(self) -> str:
        rendered = render_html(self, brief=self._brief)
        cut = rendered.index("</table>") + len("</table>")  # after the field table
        return rendered[:cut] + _html_table(self._header, self._html_rows()) + rendered[cut:]


@attrs.frozen(kw_only=True)
class SatisfactionReport(_Tabled):
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

    _brief: ClassVar[tuple[str, ...]] = ("metrics",)
    _title: ClassVar[str] = "values"
    _header: ClassVar[tuple[str, ...]] = ("metric", "n", "value [interval]")

    key: tuple[str | None, ...] = attrs.field(
        default=(), converter=v.optional_str_tuple, validator=v.tuple_of(_key_item)
    )
    period_start: datetime | None = attrs.field(default=None, validator=v.optional(v.period_bound))
    period_end: datetime | None = attrs.field(default=None, validator=v.optional(v.period_bound))
    counts: SatisfactionCounts = attrs.field(validator=v.instance(SatisfactionCounts))
    metrics: tuple[Metric, ...] = attrs.field(
        converter=_metric_tuple, validator=v.tuple_of(v.instance(Metric))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

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

    def _text_rows(self) -> list[str]:
        return [f"    {m.kind.value:<18}  n={m.count:<6} {_format_value(m)}" for m in self.metrics]

    def _html_rows(self) -> list[tuple[str, ...]]:
        return [(m.kind.value, str(m.count), _format_value(m)) for m in self.metrics]


def _satisfaction_report_tuple(
    value: Iterable[SatisfactionReport],
) -> tuple[SatisfactionReport, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class SatisfactionBreakdown(_Tabled):
    """Satisfaction per group (and per calendar period), from :func:`~custinteract.satisfaction_by`.

    ``reports`` has one :class:`SatisfactionReport` per group seen in the
    range, and, with a ``frequency``, one per group and period for every
    period of the range, including the empty ones (count 0, values None).

    >>> import custinteract as ci
    >>> ci.satisfaction_by([], by=("channel",)).reports
    ()
    """

    _brief: ClassVar[tuple[str, ...]] = ("reports",)
    _title: ClassVar[str] = "groups"
    _header: ClassVar[tuple[str, ...]] = ("group", "interactions", "CSAT", "NPS", "CES")

    by: tuple[str, ...] = attrs.field(converter=v.str_tuple, validator=v.tuple_of(v.identifier))
    frequency: Frequency | None = attrs.field(validator=v.optional(v.enum_member(Frequency)))
    since: datetime | None = attrs.field(validator=v.optional(v.aware))
    until: datetime | None = attrs.field(validator=v.optional(v.aware))
    reports: tuple[SatisfactionReport, ...] = attrs.field(
        converter=_satisfaction_report_tuple, validator=v.tuple_of(v.instance(SatisfactionReport))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def report(self, *key: str | None, period_start: datetime | None = None) -> SatisfactionReport:
        """The report of one group (and period)."""
        for report in self.reports:
            if report.key == key and report.period_start == period_start:
                return report
        raise InvalidInputError("key", (key, period_start), "a group and period of this breakdown")

    def _text_rows(self) -> list[str]:
        return [
            f"    {r.label:<28} n={r.counts.interactions:<6}"
            f" csat {_format_value(r.csat):<24} nps {_format_value(r.nps)}"
            for r in self.reports
        ]

    def _html_rows(self) -> list[tuple[str, ...]]:
        return [
            (
                r.label,
                str(r.counts.interactions),
                _format_value(r.csat),
                _format_value(r.nps),
                _format_value(r.ces),
            )
            for r in self.reports
        ]


@attrs.frozen(kw_only=True)
class TrendPoint(Displayed):
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

    period_start: datetime = attrs.field(validator=v.period_bound)
    period_end: datetime = attrs.field(validator=v.period_bound)
    metric: Metric = attrs.field(validator=v.instance(Metric))
    direction: TrendDirection | None = attrs.field(
        validator=v.optional(v.enum_member(TrendDirection))
    )
    change: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=_metric_number
    )
    p_value: float | None = attrs.field(
        converter=v.optional_number_to_float, validator=_metric_number
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())


def _direction(point: TrendPoint) -> str:
    return "-" if point.direction is None else point.direction.value


def _trend_point_tuple(value: Iterable[TrendPoint]) -> tuple[TrendPoint, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class SatisfactionTrend(_Tabled):
    """One metric per calendar period with its trend (:func:`~custinteract.satisfaction_trend`).

    Every period of the range appears, the empty ones with count 0 and value
    None. From :func:`~custinteract.satisfaction_trends`, ``by`` names the
    grouping and ``key`` this trend's group (both empty for the whole set).

    >>> import custinteract as ci
    >>> trend = ci.satisfaction_trend([], metric=ci.MetricKind.NPS, frequency=ci.Frequency.WEEK)
    >>> trend.metric, trend.frequency, trend.points, trend.label
    (<MetricKind.NPS: 'nps'>, <Frequency.WEEK: 'week'>, (), 'all')
    """

    _brief: ClassVar[tuple[str, ...]] = ("points",)
    _title: ClassVar[str] = "periods"
    _header: ClassVar[tuple[str, ...]] = ("period", "n", "value [interval]", "trend")

    metric: MetricKind = attrs.field(validator=v.enum_member(MetricKind))
    frequency: Frequency = attrs.field(validator=v.enum_member(Frequency))
    by: tuple[str, ...] = attrs.field(
        default=(), converter=v.str_tuple, validator=v.tuple_of(v.identifier)
    )
    key: tuple[str | None, ...] = attrs.field(
        default=(), converter=v.optional_str_tuple, validator=v.tuple_of(_key_item)
    )
    points: tuple[TrendPoint, ...] = attrs.field(
        converter=_trend_point_tuple, validator=v.tuple_of(v.instance(TrendPoint))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def label(self) -> str:
        """The group as text (``"phone"``), or ``"all"``."""
        return _format_key(self.key, None)

    def _text_rows(self) -> list[str]:
        return [
            f"    {p.period_start.date().isoformat()}  n={p.metric.count:<6}"
            f" {_format_value(p.metric):<26} {_direction(p)}"
            for p in self.points
        ]

    def _html_rows(self) -> list[tuple[str, ...]]:
        return [
            (
                p.period_start.date().isoformat(),
                str(p.metric.count),
                _format_value(p.metric),
                _direction(p),
            )
            for p in self.points
        ]
