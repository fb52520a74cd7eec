"""The BG/NBD model (Fader, Hardie and Lee 2005): who is still alive, and how often they will return.

The model, in the paper's words and ours (time in days):

1. While alive, a customer returns as a Poisson process with rate ``lambda``;
   across the base ``lambda`` is gamma distributed with shape ``r`` and rate
   ``alpha``.
2. After each return a customer drops out for good with probability ``p``;
   across the base ``p`` is beta distributed with parameters ``a`` and ``b``.
3. ``lambda`` and ``p`` vary independently between customers.

A customer is summarised by ``x`` (frequency), ``t_x`` (recency) and ``T``
(age), see :class:`ActivitySummary`. Everything here is pure Python over
``math.lgamma`` and ``math.log``; the formulas are the paper's equations 6
(likelihood), 13 (probability alive) and 10 (conditional expectation), each
written in log space so that large ``x`` or ``T`` neither overflow nor
underflow. The conditional expectation needs the Gaussian hypergeometric
function ``2F1``, taken here after Euler's transformation and without its
division by ``a - 1`` (see :func:`conditional_expected_returns`).

The fit maximises the likelihood with the Nelder-Mead simplex method
(Nelder and Mead 1965, with the standard coefficients 1, 2, 1/2, 1/2 of
Lagarias et al. 1998) over the logarithms of the four parameters, so that
they stay positive, restarted from its best point until a restart no longer
improves the likelihood (a simplex can stall short of the optimum).

The ``2F1`` series is summed in :mod:`custinteract.activity._series` and the
simplex search is :mod:`custinteract.activity._simplex`; both are imported
from here by the rest of the package.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from ._series import SERIES_MAX_TERMS, hyp2f1, scaled_series_tail, series_tail
from ._simplex import nelder_mead
from ._summary import ActivitySummary

__all__ = [
    "PARAMETER_RANGE",
    "SERIES_MAX_TERMS",
    "SERIES_REFUSAL",
    "BETA_MIN_SHAPE",
    "BETA_NODES",
    "beta_expectation",
    "BgNbdModel",
    "bgnbd_log_likelihood",
    "conditional_expected_returns",
    "fit_bgnbd",
    "hyp2f1",
    "scaled_series_tail",
    "series_tail",
    "nelder_mead",
    "p_alive",
    "start_point",
]

PARAMETER_RANGE = (1e-14, 1e14)
"""The range of every BG/NBD parameter: the fit's search range (``exp(-30)`` to
``exp(30)``, see ``_LOG_BOUND``) with a margin. Beyond it the formulas' sums
(``r + x``, ``b + x - 1``, ``alpha + age``) lose the parameter to rounding and
the likelihood's gamma functions overflow, so a model outside it is refused."""

SERIES_REFUSAL = (
    "parameters whose expected-returns series converges for this customer, or a drop-out"
    " chance concentrated enough to integrate over"
)
"""What a model is refused with when neither the series nor :func:`beta_expectation` answers."""

BETA_MIN_SHAPE = 100.0
"""Below this ``a`` or ``b + x`` the drop-out chance is not concentrated enough for :func:`beta_expectation`."""

BETA_NODES = 128
"""Intervals of the trapezoidal rule of :func:`beta_expectation` over 24 standard deviations."""

_LOG_BOUND = 30.0  # the fit keeps every log-parameter within [-30, 30], inside PARAMETER_RANGE

_parameter = v.finite_number(low=PARAMETER_RANGE[0], high=PARAMETER_RANGE[1])


@attrs.frozen(kw_only=True)
class BgNbdModel(Displayed):
    """A fitted BG/NBD model: four positive parameters, time in days.

    Each parameter lies from ``1e-14`` to ``1e14``: every fit lies there, and
    beyond it the formulas lose the parameter to rounding.

    A frozen, serialisable value: fit it once on a base (:func:`fit_bgnbd`, in
    a notebook), store it with :func:`~custinteract.to_dict`, and score with
    it anywhere (``assess_activities(..., model=model)``).

    Attributes:
        r: Shape of the gamma distribution of the return rate.
        alpha: Rate (in days) of the gamma distribution of the return rate;
            ``r / alpha`` is the mean return rate per day of a living customer.
        a: First parameter of the beta distribution of the drop-out chance.
        b: Second parameter; ``a / (a + b)`` is the mean drop-out chance after a return.
        customers: How many customers the model was fitted on (0 when set by hand).
        log_likelihood: The mean log-likelihood per customer at the fit (None when set by hand).

    >>> import custinteract as ci
    >>> model = ci.BgNbdModel(r=0.25, alpha=30.0, a=0.8, b=2.5)
    >>> round(model.p_alive(frequency=4, recency=100, age=300), 3)
    0.116
    >>> round(model.expected_returns(90, frequency=4, recency=100, age=300), 3)
    0.125
    """

    r: float = attrs.field(converter=v.number_to_float, validator=_parameter)
    alpha: float = attrs.field(converter=v.number_to_float, validator=_parameter)
    a: float = attrs.field(converter=v.number_to_float, validator=_parameter)
    b: float = attrs.field(converter=v.number_to_float, validator=_parameter)
    customers: int = attrs.field(default=0, validator=v.integer(low=0))
    log_likelihood: float | None = attrs.field(
        default=None, converter=v.optional_number_to_float, validator=v.optional(v.finite_number())
    )

    _brief: ClassVar[tuple[str, ...]] = ()

    @property
    def params(self) -> tuple[float, float, float, float]:
        """``(r, alpha, a, b)``."""
        return (self.r, self.alpha, self.a, self.b)

    def p_alive(self, *, frequency: int, recency: float, age: float) -> float:
        """The probability that a customer with this history is still alive (equation 13)."""
        _check_history(frequency, recency, age)
        return p_alive(self.params, int(frequency), float(recency), float(age))

    def expected_returns(
        self, period: float, *, frequency: int, recency: float, age: float
    ) -> float:
        """Expected returns in the ``period`` days after ``age`` (equation 10)."""
        if not v.is_finite_number(period) or period < 0:
            raise InvalidInputError("period", period, "a finite number of at least 0")
        _check_history(frequency, recency, age)
        return conditional_expected_returns(
            self.params, float(period), int(frequency), float(recency), float(age)
        )


def _check_history(frequency: object, recency: object, age: object) -> None:
    ActivitySummary(customer_id="-", frequency=frequency, recency=recency, age=age)  # type: ignore[arg-type]


def _log_add(first: float, second: float) -> float:
    high, low = (first, second) if first >= second else (second, first)
    return high + math.log1p(math.exp(low - high))


def bgnbd_log_likelihood(
    params: Sequence[float], frequency: int, recency: float, age: float
) -> float:
    """One customer's log-likelihood under ``(r, alpha, a, b)`` (equation 6, in log space)."""
    r, alpha, a, b = params
    x = frequency
    head = (
        math.lgamma(r + x)
        - math.lgamma(r)
        + r * math.log(alpha)
        + math.lgamma(a + b)
        + math.lgamma(b + x)
        - math.lgamma(b)
        - math.lgamma(a + b + x)
    )
    alive = -(r + x) * math.log(alpha + age)
    if x == 0:
        return head + alive
    gone = math.log(a) - math.log(b + (x - 1)) - (r + x) * math.log(alpha + recency)
    return head + _log_add(alive, gone)


def p_alive(params: Sequence[float], frequency: int, recency: float, age: float) -> float:
    """The probability alive (equation 13): 1 for a customer who never returned."""
    if frequency == 0:
        return 1.0
    r, alpha, a, b = params
    x = frequency
    log_odds = (
        math.log(a)
        - math.log(b + (x - 1))
        + (r + x) * (math.log(alpha + age) - math.log(alpha + recency))
    )
    if log_odds > 0:
        odds = math.exp(-log_odds)
        return odds / (1.0 + odds)
    return 1.0 / (1.0 + math.exp(log_odds))


def beta_expectation(
    params: Sequence[float], period: float, frequency: int, age: float
) -> float | None:
    """Expected returns of a living customer in ``(age, age + period]``, as an integral over ``p``.

    The same quantity as equation 10 before its probability alive: a living
    customer with rate ``lambda`` and drop-out chance ``p`` makes
    ``(1 - exp(-lambda p t)) / p`` returns in ``t`` days; ``lambda`` follows its
    posterior ``Gamma(r + x, alpha + T)`` and ``p`` its posterior
    ``Beta(a, b + x)``, so the answer is the mean over that beta of
    ``(1 - (1 + p t / (alpha + T)) ** -(r + x)) / p``. Taken where the series
    cannot be summed (very large ``a`` and ``b``, a sharply peaked beta): by
    the trapezoidal rule over the mean plus or minus 12 standard deviations
    (:data:`BETA_NODES` intervals; the rule converges faster than any power
    on a smooth peak), weights normalised by their own sum. None when ``a``
    or ``b + x`` is below :data:`BETA_MIN_SHAPE` or the range leaves 0 to 1.
    """
    r, alpha, a, b = params
    b_post = b + frequency
    if min(a, b_post) < BETA_MIN_SHAPE:
        return None
    total_shape = a + b_post
    mean = a / total_shape
    spread = 12.0 * math.sqrt(a * b_post / (total_shape * total_shape * (total_shape + 1.0)))
    low, high = mean - spread, mean + spread
    if low <= 0.0 or high >= 1.0:
        return None
    scale, shape = period / (alpha + age), r + frequency
    points = [low + (high - low) * i / BETA_NODES for i in range(BETA_NODES + 1)]
    logs = [(a - 1.0) * math.log(p) + (b_post - 1.0) * math.log1p(-p) for p in points]
    top = max(logs)
    weights = [math.exp(value - top) for value in logs]
    weights[0] *= 0.5
    weights[-1] *= 0.5
    values = [-math.expm1(-shape * math.log1p(p * scale)) / p for p in points]
    return math.fsum(w * f for w, f in zip(weights, values, strict=True)) / math.fsum(weights)


def conditional_expected_returns(
    params: Sequence[float], period: float, frequency: int, recency: float, age: float
) -> float:
    """Expected returns in ``(age, age + period]`` given the history (equation 10).

    With ``z = period / (alpha + age + period)``, ``e = a - 1`` and Euler's
    transformation ``2F1(A, B; C; z) = (1 - z)**(C - A - B) * 2F1(C - A, C - B; C; z)``,
    the paper's ``((alpha+T)/(alpha+T+t))**(r+x) * 2F1(r+x, b+x; a+b+x-1; z)``
    becomes ``(1 - z)**e * 2F1(a+b-1-r, e; a+b+x-1; z)``, and the equation
    ``(a+b+x-1)/e * (1 - that)`` becomes, with ``L = log(1 - z)`` and
    ``S = series_tail(a+b-1-r, e, a+b+x-1, z)``::

        (a + b + x - 1) * (-expm1(e * L) / e - exp(e * L) * S)

    which has no division by ``a - 1`` left: at ``a = 1`` the first term is
    its limit ``-L``. The second is summed as ``exp(e * L) * (a+b+x-1) * S``
    by :func:`scaled_series_tail`, which needs no division by ``a + b + x - 1``
    either (0 for a customer with no return and ``a + b = 1``). The series
    needs fewer terms as ``x`` grows. Rounding can leave a tiny negative
    difference where the answer is 0; it is reported as 0. Where the series
    cannot be summed (very large ``a`` and ``b``), :func:`beta_expectation`
    integrates the same quantity instead.
    """
    r, alpha, a, b = params
    if period == 0.0:
        return 0.0
    x = frequency
    z = period / (alpha + age + period)
    if not z < 1.0:
        raise InvalidInputError(
            "period", period, "a period the model's alpha plus the age does not round away"
        )
    e = a - 1.0
    c = a + b + x - 1.0
    log_rest = math.log1p(-z)
    lead = -log_rest if e == 0.0 else -math.expm1(e * log_rest) / e
    try:
        tail = scaled_series_tail(a + b - 1.0 - r, e, c, z)
    except InvalidInputError as error:
        fallback = beta_expectation(params, period, x, age)
        if fallback is None:
            raise InvalidInputError("model", tuple(params), SERIES_REFUSAL) from error
        return fallback * p_alive(params, x, recency, age)
    unconditional = c * lead - math.exp(e * log_rest) * tail
    return max(unconditional, 0.0) * p_alive(params, x, recency, age)


# --------------------------------------------------------------------------- fitting


def start_point(ages: Iterable[float]) -> tuple[float, float, float, float]:
    """Where the fit starts: ``r = a = b = 1`` and ``alpha`` the mean age (at least 1 day)."""
    values = list(ages)
    mean_age = sum(values) / len(values) if values else 1.0
    return (1.0, max(mean_age, 1.0), 1.0, 1.0)


def _grouped_objective(
    summaries: Iterable[ActivitySummary],
) -> tuple[Callable[[Sequence[float]], float], list[float], int]:
    """The negative mean log-likelihood over log-parameters (equation 6, summed as in ``log_likelihood``).

    Customers with one history are counted once with their number; the terms
    that depend only on ``x``, ``T`` or ``t_x`` are computed once per distinct value.
    """
    counts = Counter((s.frequency, s.recency, s.age) for s in summaries)
    if not counts:
        raise InvalidInputError("summaries", [], "at least one ActivitySummary")
    total = sum(counts.values())
    histories = sorted(counts)
    xs = sorted({h[0] for h in histories})
    times = sorted({h[1] for h in histories} | {h[2] for h in histories})
    x_at = {x: i for i, x in enumerate(xs)}
    time_at = {t: i for i, t in enumerate(times)}
    rows = [(counts[h], x_at[h[0]], h[0], time_at[h[1]], time_at[h[2]]) for h in histories]
    ages = [h[2] for h in histories for _ in range(counts[h])]
    lgamma, log, exp, log1p = math.lgamma, math.log, math.exp, math.log1p

    def objective(log_params: Sequence[float]) -> float:
        if any(abs(value) > _LOG_BOUND for value in log_params):
            return math.inf
        r, alpha, a, b = (exp(value) for value in log_params)
        base = -lgamma(r) + r * log(alpha) + lgamma(a + b) - lgamma(b)
        heads = [base + lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x) for x in xs]
        gone_of = [log(a) - log(b + (x - 1)) if x else 0.0 for x in xs]
        logs = [log(alpha + t) for t in times]
        parts = []
        for weight, xi, x, ti, ai in rows:
            alive = -(r + x) * logs[ai]
            if x:
                gone = gone_of[xi] - (r + x) * logs[ti]
                high, low = (alive, gone) if alive >= gone else (gone, alive)
                alive = high + log1p(exp(low - high))
            parts.append(weight * (heads[xi] + alive))
        return -math.fsum(parts) / total

    return objective, ages, total


def fit_bgnbd(
    summaries: Iterable[ActivitySummary],
    *,
    max_evaluations: int = 5_000,
    tolerance: float = 1e-10,
) -> BgNbdModel:
    """Fit ``(r, alpha, a, b)`` by maximum likelihood over a base's summaries.

    The optimiser is a Nelder-Mead simplex search over the log-parameters,
    from a start point set by the customers' ages, stopping when the simplex's
    likelihoods agree within ``tolerance`` (per customer) or after
    ``max_evaluations``. Customers with the same history are counted once with
    their number, so the cost grows with the number of distinct histories. For
    a large base, :func:`custinteract.frames.fit_bgnbd_frame` runs the same
    search with numpy.

    >>> import custinteract as ci
    >>> bases = [ci.ActivitySummary(customer_id=f"c{i}", frequency=f, recency=rec, age=300)
    ...          for i, (f, rec) in enumerate([(0, 0), (2, 150), (5, 280), (1, 20), (3, 290)] * 20)]
    >>> model = ci.fit_bgnbd(bases)
    >>> model.customers, model.r > 0
    (100, True)
    """
    items = list(v.check_iterable(summaries, "summaries"))
    for item in items:
        if not isinstance(item, ActivitySummary):
            raise InvalidInputError("summaries", item, "ActivitySummary values")
    objective, ages, total = _grouped_objective(items)
    return fit_with(objective, start_point(ages), total, max_evaluations, tolerance)


def fit_with(
    objective: Callable[[Sequence[float]], float],
    start: Sequence[float],
    customers: int,
    max_evaluations: int,
    tolerance: float,
) -> BgNbdModel:
    """Minimise ``objective`` over log-parameters from ``start``; the model at the minimum."""
    if (
        not isinstance(max_evaluations, int)
        or isinstance(max_evaluations, bool)
        or max_evaluations < 1
    ):
        raise InvalidInputError("max_evaluations", max_evaluations, "an integer of at least 1")
    if not v.is_finite_number(tolerance) or tolerance <= 0:
        raise InvalidInputError("tolerance", tolerance, "a finite number above 0")
    point = [math.log(value) for value in start]
    best = objective(point)
    used = 0
    while used < max_evaluations:
        point, value, evaluations = nelder_mead(
            objective, point, max_evaluations=max_evaluations - used, tolerance=tolerance
        )
        used += evaluations
        improved = best - value > tolerance
        best = min(best, value)
        if not improved:
            break
    r, alpha, a, b = (math.exp(value) for value in point)
    return BgNbdModel(r=r, alpha=alpha, a=a, b=b, customers=customers, log_likelihood=-best)
