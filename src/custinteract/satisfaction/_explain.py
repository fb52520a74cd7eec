"""The satisfaction explanations: every reason code, and every message, written once.

Whichever path measured the interactions (objects, frames, Dask), its
reports, breakdowns and trend points are explained by these functions, so the
same counts always read the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from .._models import Reason
from .._validators import FrozenMap
from .._wording import counted
from ._counts import SatisfactionCounts
from ._policy import MetricKind, NpsInterval, SatisfactionPolicy, TrendDirection, value_text
from ._results import Metric

__all__ = [
    "PARTIAL",
    "REASON_CODES",
    "TREND_CODE",
    "metric_reasons",
    "partial_reason",
    "reason",
    "summary_reasons",
    "trend_reason",
]

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        "satisfaction.data_point": "every interaction in the range was counted (“Why Customer Interaction Should Be on Top of Your Priority List”)",
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
        "satisfaction.trend.no_data": (
            "this period has no answers, or no earlier period has any: no trend"
        ),
        "satisfaction.trend.skipped_empty": (
            "the periods just before had no answers: compared with the last period that had"
        ),
        "satisfaction.trend.too_few": "too few answers to call a change: reported as same",
        "satisfaction.trend.up": "significant rise since the previous period",
        "satisfaction.trend.down": "significant fall since the previous period",
        "satisfaction.trend.same": "no significant change since the previous period",
    }
)

PARTIAL = "satisfaction.partial_period"
"""The code of a period cut by ``since`` or ``until`` (carried over to trend points)."""

TREND_CODE: FrozenMap[TrendDirection, str] = FrozenMap(
    {
        TrendDirection.UP: "satisfaction.trend.up",
        TrendDirection.DOWN: "satisfaction.trend.down",
        TrendDirection.SAME: "satisfaction.trend.same",
    }
)
"""The code of a trend point the significance rule called in each direction."""

_MOVE = "{name} went from {before} to {after} ({rule})"
_TREND_MESSAGE: FrozenMap[str, str] = FrozenMap(
    {
        "satisfaction.trend.first": "{name}: first period of the range, nothing to compare with.",
        "satisfaction.trend.no_data": (
            "{name}: this period has {n_after} answers and the one compared {n_before}:"
            " no trend without answers on both sides."
        ),
        "satisfaction.trend.skipped_empty": (
            "{name}: compared with the period from {since}, the last one with answers;"
            " the {gap} in between had none."
        ),
        "satisfaction.trend.too_few": (
            "{name} went from {before} to {after} on {n_before} and {n_after} answers, fewer"
            " than {needed}: too few to call a change, reported as same."
        ),
        "satisfaction.trend.same": _MOVE + ": no significant change.",
        "satisfaction.trend.up": _MOVE + ": up.",
        "satisfaction.trend.down": _MOVE + ": down.",
    }
)


def reason(code: str, message: str) -> Reason:
    """A reason with one of the :data:`REASON_CODES`."""
    return Reason(code=code, message=message)


def summary_reasons(
    total: int,
    counts: SatisfactionCounts,
    repeats: int,
    outside: int,
    since: datetime | None,
    until: datetime | None,
) -> list[Reason]:
    """What was counted and what was left out, for a report or breakdown of a whole range."""
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


def partial_reason(
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
        PARTIAL,
        f"Partial period: the range covers only {counted_from} to {counted_to} of this period"
        f" (from {start.isoformat()} to {end.isoformat()}); its counts are not a full period's.",
    )


def _value_reasons(
    counts: SatisfactionCounts,
    by_kind: Mapping[MetricKind, Metric],
    satisfied: int,
    policy: SatisfactionPolicy,
) -> list[Reason]:
    """One reason per metric family with answers: its value, count and interval."""
    level = f"{100 * policy.confidence:g}%"
    csat, nps, ces = by_kind[MetricKind.CSAT], by_kind[MetricKind.NPS], by_kind[MetricKind.CES]
    reasons: list[Reason] = []
    if csat.count:
        share = MetricKind.CSAT
        reasons.append(
            reason(
                "satisfaction.csat",
                f"CSAT {value_text(share, csat.value)}: {satisfied} of {csat.count} CSAT ratings"
                f" were {policy.csat_satisfied_from} or more; {level} Wilson interval"
                f" {value_text(share, csat.low)} to {value_text(share, csat.high)}.",
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
                f" {ces.low:.2f} to {ces.high:.2f}); {value_text(easy.kind, easy.value)} rated"
                f" {policy.ces_easy_from} or more.",
            )
        )
    if counts.unrated:
        moods = ", ".join(
            f"{value_text(kind, by_kind[kind].value)} {word}"
            for kind, word in (
                (MetricKind.SENTIMENT_POSITIVE, "positive"),
                (MetricKind.SENTIMENT_NEUTRAL, "neutral"),
                (MetricKind.SENTIMENT_NEGATIVE, "negative"),
            )
        )
        reasons.append(
            reason(
                "satisfaction.sentiment",
                f"Without a rating: {counted(counts.unrated, 'interaction')}, {moods}.",
            )
        )
    return reasons


def metric_reasons(
    counts: SatisfactionCounts,
    metrics: Sequence[Metric],
    satisfied: int,
    policy: SatisfactionPolicy,
) -> tuple[Reason, ...]:
    """The explanation of a report's metrics (``satisfied``: the CSAT ratings counted satisfied)."""
    if counts.interactions == 0:
        return (
            reason(
                "satisfaction.empty",
                "No interactions here: nothing to measure, reported as empty (not as zero).",
            ),
        )
    by_kind = {metric.kind: metric for metric in metrics}
    reasons = _value_reasons(counts, by_kind, satisfied, policy)
    families = (
        ("CSAT", by_kind[MetricKind.CSAT].count),
        ("NPS", by_kind[MetricKind.NPS].count),
        ("CES", by_kind[MetricKind.CES].count),
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


def _rule(p_value: float | None, significant: bool, policy: SatisfactionPolicy) -> str:
    """The significance rule applied, as text: the z-test's p-value, or the interval overlap."""
    if p_value is None:
        return "the intervals " + ("do not overlap" if significant else "overlap")
    alpha = 1.0 - policy.confidence
    return f"p = {p_value:.3g}, {'below' if significant else 'not below'} {alpha:.3g}"


def trend_reason(
    code: str,
    before: Metric | None,
    after: Metric,
    policy: SatisfactionPolicy,
    *,
    needed: int = 0,
    p_value: float | None = None,
    significant: bool = False,
    **extra: object,
) -> Reason:
    """The reason of a trend point, from the two periods' metrics and the rule's verdict."""
    fields = {
        "name": after.kind.value.upper().replace("_", " "),
        "after": value_text(after.kind, after.value),
        "n_after": after.count,
        "needed": needed,
    }
    fields.update(extra)
    if before is not None:
        fields["before"] = value_text(before.kind, before.value)
        fields["n_before"] = before.count
        if code in TREND_CODE.values():
            fields["rule"] = _rule(p_value, significant, policy)
    return reason(code, _TREND_MESSAGE[code].format(**fields))
