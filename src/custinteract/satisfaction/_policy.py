"""The satisfaction engine's settings and vocabulary: metric kinds, trend rules, the policy.

How each metric kind's number reads (``+12.5`` points, ``4.20`` of 7,
``75.0%``) is written here once, in :data:`_NUMBER`, for the explanations and
the displays alike.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from .. import _validators as v
from .._errors import InvalidInputError

__all__ = [
    "MetricKind",
    "NpsInterval",
    "SatisfactionPolicy",
    "TrendDirection",
    "TrendTest",
    "check_metric",
    "check_policy",
    "interval_text",
    "value_text",
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


@attrs.frozen(kw_only=True)
class SatisfactionPolicy:
    """The satisfaction engine's settings: interval level, trend rule, thresholds.

    “Why Customer Interaction Should Be on Top of Your Priority List”: "each of these customer interactions ... will count as yet
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
    custinteract.InvalidInputError: confidence: expected a finite number above 0 ...
    """

    confidence: float = attrs.field(
        default=0.95,
        converter=v.number_to_float,
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


_DEFAULT_POLICY = SatisfactionPolicy()  # built once: a policy is a frozen value


def check_policy(policy: object) -> SatisfactionPolicy:
    """``policy`` itself when it is a :class:`SatisfactionPolicy`, the defaults for None, else InvalidInputError."""
    if policy is None:
        return _DEFAULT_POLICY
    if not isinstance(policy, SatisfactionPolicy):
        raise InvalidInputError("policy", policy, "a SatisfactionPolicy or None (the defaults)")
    return policy


def check_metric(metric: object) -> MetricKind:
    """``metric`` itself when it is a :class:`MetricKind`, else InvalidInputError."""
    if not isinstance(metric, MetricKind):
        raise InvalidInputError("metric", metric, f"one of {[m.name for m in MetricKind]}")
    return metric


# How a number of each kind reads: (factor, format, unit). Shares are percent.
_NUMBER: v.FrozenMap[MetricKind, tuple[float, str, str]] = v.FrozenMap(
    {
        MetricKind.NPS: (1.0, "+.1f", ""),
        MetricKind.CES: (1.0, ".2f", ""),
    }
)
_SHARE = (100.0, ".1f", "%")


def _figure(kind: MetricKind, number: float, *, unit: bool = True) -> str:
    factor, spec, suffix = _NUMBER.get(kind, _SHARE)
    return format(factor * number, spec) + (suffix if unit else "")


def value_text(kind: MetricKind, value: float | None) -> str:
    """A metric value as text (``"+30.0"``, ``"4.20"``, ``"75.0%"``), ``"-"`` when None."""
    return "-" if value is None else _figure(kind, value)


def interval_text(kind: MetricKind, value: Any, low: Any, high: Any) -> str:
    """A value and its interval as text (``"75.0% [30.1, 95.4]"``), ``"-"`` when empty."""
    if value is None or low is None or high is None:
        return "-"
    return f"{_figure(kind, value)} [{_figure(kind, low, unit=False)}, {_figure(kind, high, unit=False)}]"
