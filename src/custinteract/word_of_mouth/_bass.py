"""The market view: the Bass diffusion model, extended with negative word of mouth.

Bass (1969): of the ``m`` people in a market, those who have not adopted yet
adopt at the rate ``p + q * A / m`` (``p`` innovation: advertising and other
outside influence; ``q`` imitation: word of mouth from the ``A`` adopters).

The extension is a simplified variant of the idea of Mahajan, Muller and
Kerin ("Introduction strategy for new products with positive and negative
word-of-mouth", *Management Science* 30(12), 1984), not a reimplementation of
their model: a share ``d`` of adopters is dissatisfied. Only satisfied
adopters spread positive word of mouth, and dissatisfied ones spread negative
word of mouth, ``negative_multiplier`` times as strong (“What You Need to Know About Customer Interaction”), which turns
potential adopters into rejecters ``L`` who never adopt; rejecters themselves
stay silent::

    R      = m - A - L                         (still undecided)
    dA/dt  = (p + q * (1 - d) * A / m) * R
    dL/dt  = (negative_multiplier * q * d * A / m) * R

With ``d = 0`` this is exactly the Bass model, whose cumulative share is
``F(t) = (1 - exp(-(p + q) t)) / (1 + (q / p) exp(-(p + q) t))``; with
``negative_multiplier = 0`` (dissatisfied adopters silent) it is the Bass
model with imitation ``q * (1 - d)``. The
equations are integrated with the classical fourth-order Runge-Kutta method
(pure Python, ``steps_per_period`` steps per period).
"""

from __future__ import annotations

import math

import attrs

from .. import _validators as v
from .._deprecation import positional_then_keyword
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from ._format import figure

__all__ = ["BassModel", "BassPeriod", "BassResult", "simulate_bass"]


@attrs.frozen(kw_only=True)
class BassModel:
    """A market for the Bass model with negative word of mouth.

    Attributes:
        market_size: People who could ever adopt (``m``). Default 1, so that
            results read as shares of the market.
        innovation: Coefficient of innovation ``p`` (outside influence).
            Default 0.03, the mean of 213 published estimates in Sultan,
            Farley and Lehmann's meta-analysis (*Journal of Marketing
            Research*, 1990).
        imitation: Coefficient of imitation ``q`` (word of mouth). Default 0.38,
            the mean of the same meta-analysis.
        dissatisfied_share: Share ``d`` of adopters with a bad experience, who
            spread negative instead of positive word of mouth. Default 0 (the
            standard Bass model); no published default.
        negative_multiplier: How much stronger negative word of mouth is than
            positive. Default 2.0: “What You Need to Know About Customer Interaction”, a bad experience is told to "at
            least twice" as many people.

    >>> import custinteract as ci
    >>> ci.BassModel().imitation
    0.38
    >>> ci.BassModel(innovation=0)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: innovation: expected a finite number above 0 to 1, got 0.0
    """

    market_size: float = attrs.field(
        default=1.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    innovation: float = attrs.field(
        default=0.03,
        converter=v.number_to_float,
        validator=v.finite_number(low=0, high=1, low_open=True),
    )
    imitation: float = attrs.field(
        default=0.38, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    dissatisfied_share: float = attrs.field(
        default=0.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=1)
    )
    negative_multiplier: float = attrs.field(
        default=2.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )

    def bass_share(self, t: float) -> float:
        """The standard Bass cumulative share ``F(t)`` (ignoring negative word of mouth).

        >>> import custinteract as ci
        >>> round(ci.BassModel().bass_share(10.0), 4)
        0.8128
        """
        p, q = self.innovation, self.imitation
        decay = math.exp(-(p + q) * t)
        return (1 - decay) / (1 + (q / p) * decay)


@attrs.frozen(kw_only=True)
class BassPeriod:
    """One period of the diffusion: new and cumulative adopters and rejecters.

    >>> import custinteract as ci
    >>> first = ci.simulate_bass(model=ci.BassModel(market_size=1000), periods=1).periods[0]
    >>> first.period, round(first.adopters, 1), first.cumulative_rejecters
    (1, 35.8, 0.0)
    """

    period: int = attrs.field(validator=v.integer(low=1))
    adopters: float = attrs.field(validator=v.finite_number())
    cumulative_adopters: float = attrs.field(validator=v.finite_number(low=0))
    rejecters: float = attrs.field(validator=v.finite_number())
    cumulative_rejecters: float = attrs.field(validator=v.finite_number(low=0))


@attrs.frozen(kw_only=True)
class BassResult(Displayed):
    """Adopters (and rejecters) per period of a Bass diffusion with negative word of mouth.

    >>> import custinteract as ci
    >>> result = ci.simulate_bass(model=ci.BassModel(market_size=1000, dissatisfied_share=0.2),
    ...                           periods=10)
    >>> len(result.periods), result.peak_period, round(result.total_rejecters)
    (10, 6, 200)
    """

    model: BassModel = attrs.field(validator=v.instance(BassModel))
    periods: tuple[BassPeriod, ...] = attrs.field(validator=v.tuple_of(v.instance(BassPeriod)))
    total_adopters: float = attrs.field(validator=v.finite_number(low=0))
    total_rejecters: float = attrs.field(validator=v.finite_number(low=0))
    peak_period: int = attrs.field(validator=v.integer(low=1))
    peak_adopters: float = attrs.field(validator=v.finite_number())
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def adopters(self) -> tuple[float, ...]:
        """New adopters in each period.

        >>> import custinteract as ci
        >>> [round(a) for a in ci.simulate_bass(model=ci.BassModel(market_size=100), periods=4).adopters]
        [4, 5, 7, 8]
        """
        return tuple(period.adopters for period in self.periods)


def _rates(model: BassModel, adopted: float, rejected: float) -> tuple[float, float]:
    m = model.market_size
    undecided = max(0.0, m - adopted - rejected)
    share = adopted / m
    adopt = (
        model.innovation + model.imitation * (1 - model.dissatisfied_share) * share
    ) * undecided
    reject = (
        model.negative_multiplier * model.imitation * model.dissatisfied_share * share * undecided
    )
    return adopt, reject


@positional_then_keyword("model", removal="0.2")
def simulate_bass(
    *, model: BassModel | None = None, periods: int = 20, steps_per_period: int = 100
) -> BassResult:
    """Adopters per period for ``periods`` periods of the Bass model with negative word of mouth.

    >>> import custinteract as ci
    >>> standard = ci.simulate_bass(model=ci.BassModel(market_size=1000), periods=10)
    >>> round(standard.periods[-1].cumulative_adopters, 1)
    812.8
    >>> soured = ci.simulate_bass(model=ci.BassModel(market_size=1000, dissatisfied_share=0.2),
    ...                           periods=10)
    >>> round(soured.total_adopters), round(soured.total_rejecters)
    (592, 200)
    """
    model = BassModel() if model is None else model
    if not isinstance(model, BassModel):
        raise InvalidInputError("model", model, "a BassModel")
    if not isinstance(periods, int) or isinstance(periods, bool) or not 1 <= periods <= 100_000:
        raise InvalidInputError("periods", periods, "an integer from 1 to 100000")
    if (
        not isinstance(steps_per_period, int)
        or isinstance(steps_per_period, bool)
        or not 1 <= steps_per_period <= 100_000
    ):
        raise InvalidInputError("steps_per_period", steps_per_period, "an integer from 1 to 100000")
    rows = _integrate(model, periods, steps_per_period)
    adopted = rows[-1].cumulative_adopters
    rejected = rows[-1].cumulative_rejecters
    peak = max(rows, key=lambda row: (row.adopters, -row.period))
    return BassResult(
        model=model,
        periods=tuple(rows),
        total_adopters=adopted,
        total_rejecters=rejected,
        peak_period=peak.period,
        peak_adopters=peak.adopters,
        explanation=_reasons(model, periods, rejected, peak),
    )


def _integrate(model: BassModel, periods: int, steps_per_period: int) -> list[BassPeriod]:
    """Each period's adopters and rejecters, by fourth-order Runge-Kutta steps of ``1 / steps_per_period``."""
    h = 1.0 / steps_per_period
    adopted = 0.0
    rejected = 0.0
    rows: list[BassPeriod] = []
    for period in range(1, periods + 1):
        before_a, before_l = adopted, rejected
        for _ in range(steps_per_period):
            k1a, k1l = _rates(model, adopted, rejected)
            k2a, k2l = _rates(model, adopted + h / 2 * k1a, rejected + h / 2 * k1l)
            k3a, k3l = _rates(model, adopted + h / 2 * k2a, rejected + h / 2 * k2l)
            k4a, k4l = _rates(model, adopted + h * k3a, rejected + h * k3l)
            adopted += h / 6 * (k1a + 2 * k2a + 2 * k3a + k4a)
            rejected += h / 6 * (k1l + 2 * k2l + 2 * k3l + k4l)
        rows.append(
            BassPeriod(
                period=period,
                adopters=adopted - before_a,
                cumulative_adopters=adopted,
                rejecters=rejected - before_l,
                cumulative_rejecters=rejected,
            )
        )
    return rows


def _reasons(
    model: BassModel, periods: int, rejected: float, peak: BassPeriod
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    negative = model.dissatisfied_share * model.negative_multiplier * model.imitation
    if negative == 0:
        reasons.append(
            Reason(
                code="word_of_mouth.bass.standard",
                message=(
                    f"no negative word of mouth: the standard Bass curve with p ="
                    f" {figure(model.innovation)} and q ="
                    f" {figure(model.imitation * (1 - model.dissatisfied_share))}"
                ),
            )
        )
    else:
        reasons.append(
            Reason(
                code="word_of_mouth.bass.negative",
                message=(
                    f"{figure(100 * model.dissatisfied_share)}% of adopters are dissatisfied and"
                    f" their word of mouth is {figure(model.negative_multiplier)} x as strong:"
                    f" {figure(rejected)} of {figure(model.market_size)} reject after"
                    f" {periods} periods"
                ),
            )
        )
    reasons.append(
        Reason(
            code="word_of_mouth.bass.peak",
            message=f"adoption peaks in period {peak.period} with {figure(peak.adopters)} new adopters",
        )
    )
    return tuple(reasons)
