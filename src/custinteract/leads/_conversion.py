"""Conversion probability learned from history: won vs lost leads per attribute value.

Like Odoo's predictive lead scoring, a naive-Bayes estimate from frequency
tables, but better behaved: Laplace smoothing, a minimum support before an
attribute value counts, a per-attribute explanation, and a probability that
never shows as exactly 0 or 100 %.

For a lead with attribute values ``v_a``::

    logit = log((W + s) / (L + s))
          + sum over counted attributes a of log(P(v_a | won) / P(v_a | lost))
    P(v | won)  = (won_v + s) / (W_a + s * K_a)
    P(v | lost) = (lost_v + s) / (L_a + s * K_a)
    probability = 1 / (1 + exp(-logit)), kept within [floor, 1 - floor]

where ``W``/``L`` count won/lost leads, ``W_a``/``L_a`` those with attribute
``a`` known, ``K_a`` the distinct values of ``a`` seen, ``s`` the smoothing.
A value counts only when ``won_v + lost_v >= min_support``. The base rate
``(W + s) / (W + L + 2s)`` is kept within ``[floor, 1 - floor]`` too (and the
logit then starts from the kept base rate), so that after 2500 won leads and
none lost it reads 99 %, not 100 %. Percentages in messages get as many
decimals as it takes (one at least) not to read as 0 % or 100 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Customer, Reason, explanation_spec
from .._time import ensure_aware, shift

_LOWEST_FLOOR = 0.0005

__all__ = [
    "AttributeCount",
    "ConversionEstimate",
    "ConversionFactor",
    "ConversionModel",
    "ConversionPolicy",
    "learn_conversion",
]


@attrs.frozen(kw_only=True)
class ConversionPolicy:
    """How conversion is learned from won and lost leads.

    Attributes:
        smoothing: Laplace smoothing ``s`` added to every count (default 1,
            add-one smoothing; Odoo adds 0.1).
        min_support: Leads an attribute value needs (won + lost) before it
            counts (default 5; Odoo counts any value seen once).
        decision_window: A lead created this long ago that has not become a
            customer counts as lost; younger ones are still open and skipped
            (default 180 days).
        attributes: The attributes to learn from (default: every attribute
            seen).
        floor: Probabilities and the base rate are kept within
            ``[floor, 1 - floor]`` so none shows as exactly 0 or 100 % (default
            0.01). At least 0.0005: closer to 0 or 1, a probability shown to
            four significant digits (as results print) would read 0 or 1.

    >>> import custinteract as ci
    >>> ci.ConversionPolicy(min_support=0)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: min_support: expected an integer of at least 1, got 0
    >>> ci.ConversionPolicy(floor=0.0001)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: floor: expected a finite number from 0.0005 ..., got 0.0001
    """

    smoothing: float = attrs.field(
        default=1.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    min_support: int = attrs.field(default=5, validator=v.integer(low=1))
    decision_window: relativedelta = attrs.field(
        factory=lambda: relativedelta(days=180), validator=v.window
    )
    attributes: tuple[str, ...] = attrs.field(
        default=(), converter=v.str_tuple, validator=v.tuple_of(v.identifier)
    )
    floor: float = attrs.field(
        default=0.01,
        converter=v.number_to_float,
        validator=v.finite_number(low=_LOWEST_FLOOR, high=0.5, high_open=True),
    )


@attrs.frozen(kw_only=True)
class AttributeCount:
    """Won and lost leads with one attribute value.

    >>> import custinteract as ci
    >>> ci.AttributeCount(attribute="region", value="north", won=4, lost=2).won
    4
    """

    attribute: str = attrs.field(validator=v.identifier)
    value: str = attrs.field(validator=v.text)
    won: int = attrs.field(validator=v.integer(low=0))
    lost: int = attrs.field(validator=v.integer(low=0))


@attrs.frozen(kw_only=True)
class ConversionFactor:
    """How one attribute value of a lead moved its odds (``ratio`` 1 when it did not count).

    >>> import custinteract as ci
    >>> ci.ConversionFactor(attribute="region", value="east", won=1, lost=0, ratio=1,
    ...                     counted=False).ratio
    1.0
    """

    attribute: str = attrs.field(validator=v.identifier)
    value: str = attrs.field(validator=v.text)
    won: int = attrs.field(validator=v.integer(low=0))
    lost: int = attrs.field(validator=v.integer(low=0))
    ratio: float = attrs.field(
        converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    counted: bool = attrs.field(validator=v.truth)


def _conversion_factor_tuple(value: Iterable[ConversionFactor]) -> tuple[ConversionFactor, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class ConversionEstimate(Displayed):
    """A lead's learned probability of becoming a customer, attribute by attribute.

    ``probability`` is never exactly 0 or 1; ``factors`` say how each
    attribute value moved the odds (see :meth:`ConversionModel.predict`).

    >>> import custinteract as ci
    >>> ci.ConversionEstimate(customer_id="c-1", probability=0.3, prior=0.25).probability
    0.3
    """

    customer_id: str = attrs.field(validator=v.identifier)
    probability: float = attrs.field(
        converter=v.number_to_float,
        validator=v.finite_number(low=0, high=1, low_open=True, high_open=True),
    )
    prior: float = attrs.field(
        converter=v.number_to_float,
        validator=v.finite_number(low=0, high=1, low_open=True, high_open=True),
    )
    factors: tuple[ConversionFactor, ...] = attrs.field(
        default=(),
        converter=_conversion_factor_tuple,
        validator=v.tuple_of(v.instance(ConversionFactor)),
    )
    explanation: tuple[Reason, ...] = attrs.field(default=(), **explanation_spec())


def _attribute_count_tuple(value: Iterable[AttributeCount]) -> tuple[AttributeCount, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class ConversionModel(Displayed):
    """Frequency tables of won vs lost leads per attribute value, learned as of a moment.

    Call :meth:`predict` for a lead's probability with its explanation.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> model = ci.learn_conversion([], as_of=datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> model.won, model.lost, model.counts
    (0, 0, ())
    """

    as_of: datetime = attrs.field(validator=v.aware)
    won: int = attrs.field(validator=v.integer(low=0))
    lost: int = attrs.field(validator=v.integer(low=0))
    counts: tuple[AttributeCount, ...] = attrs.field(
        default=(),
        converter=_attribute_count_tuple,
        validator=v.tuple_of(v.instance(AttributeCount)),
    )
    policy: ConversionPolicy = attrs.field(
        factory=ConversionPolicy, validator=v.instance(ConversionPolicy)
    )
    explanation: tuple[Reason, ...] = attrs.field(default=(), **explanation_spec())

    @property
    def raw_prior(self) -> float:
        """The smoothed base rate ``(W + s) / (W + L + 2s)``, before it is kept off 0 and 1."""
        s = self.policy.smoothing
        return (self.won + s) / (self.won + self.lost + 2 * s)

    @property
    def prior(self) -> float:
        """The smoothed base rate, kept within ``[floor, 1 - floor]``.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> at = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> model = ci.ConversionModel(as_of=at, won=2500, lost=0)
        >>> round(model.raw_prior, 5), model.prior
        (0.9996, 0.99)
        """
        floor = self.policy.floor
        return min(1 - floor, max(floor, self.raw_prior))

    def predict(self, customer: Customer) -> ConversionEstimate:
        """The probability that ``customer`` becomes a customer, explained per attribute.

        >>> import custinteract as ci
        >>> from datetime import datetime, timezone
        >>> utc = timezone.utc
        >>> def lead(i, region, won):
        ...     return ci.Customer(id=f"c-{i}", created=datetime(2025, 1, 1, tzinfo=utc),
        ...         attributes={"region": region},
        ...         became_customer=datetime(2025, 3, 1, tzinfo=utc) if won else None)
        >>> base = [lead(i, "north", i < 4) for i in range(6)]
        >>> base += [lead(i, "south", i == 6) for i in range(6, 12)]
        >>> model = ci.learn_conversion(base, as_of=datetime(2026, 1, 1, tzinfo=utc))
        >>> est = model.predict(ci.Customer(id="new", created=datetime(2026, 1, 1, tzinfo=utc),
        ...                                 attributes={"region": "north"}))
        >>> round(est.probability, 4), round(est.factors[0].ratio, 4)  # 15/7: (5/7) / (3/9)
        (0.6164, 2.1429)
        """
        if not isinstance(customer, Customer):
            raise InvalidInputError("customer", customer, "a Customer")
        s = self.policy.smoothing
        floor = self.policy.floor
        prior = self.prior
        if prior == self.raw_prior:
            logit = math.log((self.won + s) / (self.lost + s))
        else:
            logit = math.log(prior / (1 - prior))
        reasons = [
            Reason(
                code="lead.conversion.prior",
                message=f"base rate {_percent(prior)}"
                f" from {self.won} won and {self.lost} lost leads",
            )
        ]
        if prior != self.raw_prior:
            reasons.append(
                Reason(
                    code="lead.conversion.clamped",
                    message=f"base rate kept within {_bounds(floor)}",
                )
            )
        factors: list[ConversionFactor] = []
        tables: dict[str, dict[str, AttributeCount]] = {}
        for count in self.counts:
            tables.setdefault(count.attribute, {})[count.value] = count
        for attribute in sorted(tables):
            value = customer.attributes.get(attribute)
            if value is None:
                continue
            factor, reason = _factor(attribute, value, tables[attribute], self.policy)
            if factor.counted:
                logit += math.log(factor.ratio)
            factors.append(factor)
            reasons.append(reason)
        probability = _sigmoid(logit)
        kept = min(1 - floor, max(floor, probability))
        if kept != probability:
            reasons.append(
                Reason(
                    code="lead.conversion.clamped",
                    message=f"probability kept within {_bounds(floor)}",
                )
            )
        return ConversionEstimate(
            customer_id=customer.id,
            probability=kept,
            prior=prior,
            factors=tuple(factors),
            explanation=tuple(reasons),
        )


def _factor(
    attribute: str, value: str, table: dict[str, AttributeCount], policy: ConversionPolicy
) -> tuple[ConversionFactor, Reason]:
    """How one attribute value moves the odds (ratio 1, not counted, when unseen or rare)."""
    found = table.get(value)
    won, lost = (0, 0) if found is None else (found.won, found.lost)
    if found is None or won + lost < policy.min_support:
        if found is None:
            reason = Reason(
                code="lead.conversion.unseen", message=f"{attribute}={value} never seen: ignored"
            )
        else:
            reason = Reason(
                code="lead.conversion.low_support",
                message=f"{attribute}={value} seen {won + lost} times"
                f" (< {policy.min_support}): ignored",
            )
        factor = ConversionFactor(
            attribute=attribute, value=value, won=won, lost=lost, ratio=1.0, counted=False
        )
        return factor, reason
    s, k = policy.smoothing, len(table)
    won_a = sum(c.won for c in table.values())
    lost_a = sum(c.lost for c in table.values())
    ratio = ((won + s) / (won_a + s * k)) / ((lost + s) / (lost_a + s * k))
    factor = ConversionFactor(
        attribute=attribute, value=value, won=won, lost=lost, ratio=ratio, counted=True
    )
    reason = Reason(
        code="lead.conversion.attribute",
        message=f"{attribute}={value}: {won} won, {lost} lost; odds x{ratio:.2f}",
    )
    return factor, reason


def _percent(p: float) -> str:
    """``p`` as a percentage with one decimal, or more where one would read 0 % or 100 %."""
    for decimals in range(1, 8):
        text = f"{p:.{decimals}%}"
        if 0.0 < float(text[:-1]) < 100.0:
            return text
    return f"{p:%}"


def _bounds(floor: float) -> str:
    return f"[{_percent(floor)}, {_percent(1 - floor)}]"


def _sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    z = math.exp(logit)
    return z / (1.0 + z)


def learn_conversion(
    customers: Iterable[Customer],
    *,
    as_of: datetime,
    policy: ConversionPolicy | None = None,
) -> ConversionModel:
    """Learn won/lost frequency tables per attribute value from a customer base.

    A customer who became one on or before ``as_of`` is *won*; one created at
    least ``policy.decision_window`` before ``as_of`` who has not is *lost*;
    the rest are open and skipped. See :class:`ConversionModel`.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> model = ci.learn_conversion([], as_of=datetime(2026, 1, 1, tzinfo=timezone.utc))
    >>> model.prior
    0.5
    """
    as_of = ensure_aware(as_of, "as_of")
    policy = ConversionPolicy() if policy is None else policy
    if not isinstance(policy, ConversionPolicy):
        raise InvalidInputError("policy", policy, "a ConversionPolicy")
    wanted = set(policy.attributes)
    won = lost = skipped = 0
    counts: dict[tuple[str, str], list[int]] = {}
    seen: set[str] = set()
    for customer in v.check_iterable(customers, "customers", Customer):
        if customer.id in seen:
            raise InvalidInputError("customers", customer.id, "distinct customer ids")
        seen.add(customer.id)
        if customer.became_customer is not None and customer.became_customer <= as_of:
            slot = 0
            won += 1
        elif shift(customer.created, policy.decision_window) <= as_of:
            slot = 1
            lost += 1
        else:
            skipped += 1
            continue
        for attribute, value in customer.attributes.items():
            if wanted and attribute not in wanted:
                continue
            counts.setdefault((attribute, value), [0, 0])[slot] += 1
    table = tuple(
        AttributeCount(attribute=a, value=val, won=n[0], lost=n[1])
        for (a, val), n in sorted(counts.items())
    )
    reasons = (
        Reason(
            code="lead.conversion.learned",
            message=f"{won} won and {lost} lost leads over"
            f" {len({a for a, _ in counts})} attributes; {skipped} still open",
        ),
    )
    return ConversionModel(
        as_of=as_of, won=won, lost=lost, counts=table, policy=policy, explanation=reasons
    )
