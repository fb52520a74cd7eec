"""Satisfaction metrics from counts: values, intervals, and the reasons that explain them.

Part of the satisfaction engine (see :mod:`custinteract._satisfaction`). Every
report, whichever path built it (objects, frames, Dask), goes through
:func:`satisfaction_from_counts`, so equal counts give equal reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from .._errors import InvalidInputError
from .._models import Reason
from .._validators import FrozenMap
from .._wording import counted
from ._counts import SatisfactionCounts
from ._results import (
    Metric,
    MetricKind,
    NpsInterval,
    SatisfactionPolicy,
    SatisfactionReport,
)
from ._stats import mean_interval, nps_interval, nps_value, wilson_interval

__all__ = ["REASON_CODES", "check_policy", "pct", "reason", "satisfaction_from_counts"]

_DEFAULT_POLICY = SatisfactionPolicy()

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        "satisfaction.data_point": "every interaction in the range was counted (seed 000)",
        "satisfaction.repeats_ignored": "repeated identical interactions were counted once",
        "satisfaction.outside_range": "interactions outside since/until were left out",
        "satisfaction.empty": "no interactions in this group or period: reported as empty, not zero",
        "satisfaction.partial_period": (
            "since or until falls inside this calendar period: only part of it is counted"
        ),
        "satisfaction.csat": "CSAT: share of CSAT ratings at or above the satisfied threshold",
        "satisfaction.nps": "NPS: percent promoters (9-10) minus percent detractors (0-6)",
        "satisfaction.ces": "CES: mean CES rating and share of easy ratings",
        "satisfaction.sentiment": "sentiment shares of the interactions without a rating",
        "satisfaction.missing": "some metrics have no answers here and are empty",
        "satisfaction.few_responses": "a metric rests on fewer answers than the policy's minimum",
        "satisfaction.trend.first": "first period of the range: nothing to compare with",
        "satisfaction.trend.no_data": "this or the previous period has no answers: no trend",
        "satisfaction.trend.too_few": "too few answers to call a change: reported as same",
        "satisfaction.trend.up": "significant rise since the previous period",
        "satisfaction.trend.down": "significant fall since the previous period",
        "satisfaction.trend.same": "no significant change since the previous period",
    }
)


def reason(code: str, message: str) -> Reason:
    return Reason(code=code, message=message)


def _metrics(counts: SatisfactionCounts, policy: SatisfactionPolicy) -> tuple[Metric, ...]:
    level = policy.confidence
    out: list[Metric] = []

    def share(kind: MetricKind, successes: int, n: int) -> None:
        if n == 0:
            out.append(Metric(kind=kind, count=0, value=None, low=None, high=None))
            return
        low, high = wilson_interval(successes, n, level)
        out.append(Metric(kind=kind, count=n, value=successes / n, low=low, high=high))

    share(MetricKind.CSAT, sum(counts.csat[policy.csat_satisfied_from - 1 :]), sum(counts.csat))
    n_nps = sum(counts.nps)
    if n_nps == 0:
        out.append(Metric(kind=MetricKind.NPS, count=0, value=None, low=None, high=None))
    else:
        value = nps_value(counts.promoters, counts.detractors, n_nps)
        adjusted = policy.nps_interval is NpsInterval.ADJUSTED_WALD
        low, high = nps_interval(
            counts.promoters, counts.detractors, n_nps, level, adjusted=adjusted
        )
        # Adjusted Wald is centred on the adjusted score and can miss the
        # reported NPS on tiny samples: widen it to include the point.
        out.append(
            Metric(
                kind=MetricKind.NPS,
                count=n_nps,
                value=value,
                low=min(low, value),
                high=max(high, value),
            )
        )
    n_ces = sum(counts.ces)
    if n_ces == 0:
        out.append(Metric(kind=MetricKind.CES, count=0, value=None, low=None, high=None))
    else:
        mean, low, high = mean_interval(counts.ces, 1, level)
        out.append(Metric(kind=MetricKind.CES, count=n_ces, value=mean, low=low, high=high))
    share(MetricKind.CES_EASY, sum(counts.ces[policy.ces_easy_from - 1 :]), n_ces)
    share(MetricKind.SENTIMENT_POSITIVE, counts.positive, counts.unrated)
    share(MetricKind.SENTIMENT_NEUTRAL, counts.neutral, counts.unrated)
    share(MetricKind.SENTIMENT_NEGATIVE, counts.negative, counts.unrated)
    return tuple(out)


def pct(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


def _metric_reasons(
    counts: SatisfactionCounts, metrics: Sequence[Metric], policy: SatisfactionPolicy
) -> tuple[Reason, ...]:
    if counts.interactions == 0:
        return (
            reason(
                "satisfaction.empty",
                "No interactions here: nothing to measure, reported as empty (not as zero).",
            ),
        )
    by_kind = {metric.kind: metric for metric in metrics}
    level = f"{100 * policy.confidence:g}%"
    reasons: list[Reason] = []
    csat, nps, ces = by_kind[MetricKind.CSAT], by_kind[MetricKind.NPS], by_kind[MetricKind.CES]
    if csat.count:
        satisfied = sum(counts.csat[policy.csat_satisfied_from - 1 :])
        reasons.append(
            reason(
                "satisfaction.csat",
                f"CSAT {pct(csat.value)}: {satisfied} of {csat.count} CSAT ratings were"
                f" {policy.csat_satisfied_from} or more; {level} Wilson interval"
                f" {pct(csat.low)} to {pct(csat.high)}.",
            )
        )
    if nps.count and nps.value is not None and nps.low is not None and nps.high is not None:
        method = "adjusted Wald" if policy.nps_interval is NpsInterval.ADJUSTED_WALD else "Wald"
        reasons.append(
            reason(
                "satisfaction.nps",
                f"NPS {nps.value:+.1f}: {counts.promoters} promoters (9-10), {counts.passives}"
                f" passives (7-8) and {counts.detractors} detractors (0-6) of {nps.count};"
                f" {level} {method} interval {nps.low:+.1f} to {nps.high:+.1f}.",
            )
        )
    if ces.count and ces.value is not None and ces.low is not None and ces.high is not None:
        easy = by_kind[MetricKind.CES_EASY]
        reasons.append(
            reason(
                "satisfaction.ces",
                f"CES {ces.value:.2f} of 7 (mean of {ces.count} ratings, {level} interval"
                f" {ces.low:.2f} to {ces.high:.2f}); {pct(easy.value)} rated"
                f" {policy.ces_easy_from} or more.",
            )
        )
    if counts.unrated:
        reasons.append(
            reason(
                "satisfaction.sentiment",
                f"Without a rating: {counted(counts.unrated, 'interaction')},"
                f" {pct(by_kind[MetricKind.SENTIMENT_POSITIVE].value)} positive,"
                f" {pct(by_kind[MetricKind.SENTIMENT_NEUTRAL].value)} neutral,"
                f" {pct(by_kind[MetricKind.SENTIMENT_NEGATIVE].value)} negative.",
            )
        )
    families = (
        ("CSAT", csat.count),
        ("NPS", nps.count),
        ("CES", ces.count),
        ("unrated sentiment", counts.unrated),
    )
    missing = [name for name, n in families if n == 0]
    if missing:
        reasons.append(
            reason(
                "satisfaction.missing",
                f"No answers for {', '.join(missing)} here: those metrics are empty, not zero.",
            )
        )
    few = [f"{name} ({n})" for name, n in families if 0 < n < policy.minimum_count]
    if few:
        reasons.append(
            reason(
                "satisfaction.few_responses",
                f"Fewer than {policy.minimum_count} answers for {', '.join(few)}: read with care;"
                " no trend is called on them.",
            )
        )
    return tuple(reasons)


def check_policy(policy: object) -> SatisfactionPolicy:
    if not isinstance(policy, SatisfactionPolicy):
        raise InvalidInputError("policy", policy, "a SatisfactionPolicy")
    return policy


def satisfaction_from_counts(
    counts: SatisfactionCounts,
    *,
    policy: SatisfactionPolicy = _DEFAULT_POLICY,
    key: Sequence[str | None] = (),
    period_start: datetime | None = None,
    period_end: datetime | None = None,
) -> SatisfactionReport:
    """The report of a set of interactions from its counts (merged counts welcome).

    >>> import custinteract as ci
    >>> counts = ci.SatisfactionCounts(nps=(0, 0, 0, 0, 0, 0, 2, 1, 2, 3, 2))
    >>> report = ci.satisfaction_from_counts(counts)
    >>> report.nps.value, report.nps.count
    (30.0, 10)
    """
    if not isinstance(counts, SatisfactionCounts):
        raise InvalidInputError("counts", counts, "a SatisfactionCounts")
    policy = check_policy(policy)
    if counts.interactions == 0:  # the common case of empty periods: shared frozen values
        metrics, reasons = _EMPTY_METRICS, _EMPTY_REASONS
    else:
        metrics = _metrics(counts, policy)
        reasons = _metric_reasons(counts, metrics, policy)
    return SatisfactionReport(
        key=tuple(key),
        period_start=period_start,
        period_end=period_end,
        counts=counts,
        metrics=metrics,
        explanation=reasons,
    )


_EMPTY_METRICS = _metrics(SatisfactionCounts(), _DEFAULT_POLICY)
_EMPTY_REASONS = _metric_reasons(SatisfactionCounts(), _EMPTY_METRICS, _DEFAULT_POLICY)
