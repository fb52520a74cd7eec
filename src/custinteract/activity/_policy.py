"""The values of the activity engine: its statuses and its policy, every number with its source."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs

from .. import _validators as v
from .._errors import InvalidInputError
from .._models import Direction, InteractionKind

__all__ = ["ActivityPolicy", "ActivityStatus"]


class ActivityStatus(enum.Enum):
    """Whether a customer is still with us at ``as_of``, from best to worst.

    ``ACTIVE``: coming back as usual. ``LAPSING``: silent for longer than
    usual (or, with a model, probably but not surely gone). ``LAPSED``: silent
    far beyond their rhythm (or, with a model, probably gone). ``UNSEEN``: no
    interaction that counts as coming back at or before ``as_of``.

    >>> import custinteract as ci
    >>> ci.ActivityStatus.LAPSED.severity > ci.ActivityStatus.ACTIVE.severity
    True
    """

    ACTIVE = "active"
    LAPSING = "lapsing"
    LAPSED = "lapsed"
    UNSEEN = "unseen"

    @property
    def severity(self) -> int:
        """A rank from 0 (ACTIVE) up to 3 (UNSEEN), to sort or compare statuses with."""
        return _SEVERITY[self]


_SEVERITY = {
    ActivityStatus.ACTIVE: 0,
    ActivityStatus.LAPSING: 1,
    ActivityStatus.LAPSED: 2,
    ActivityStatus.UNSEEN: 3,
}

_DEFAULT_KINDS = tuple(kind for kind in InteractionKind if kind is not InteractionKind.CANCELLATION)


def _members(enum_type: type[enum.Enum]) -> v.Validator:
    """A non-empty tuple of distinct members of ``enum_type``."""
    item = v.enum_member(enum_type)
    items = v.tuple_of(item)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        items(instance, attribute, value)
        if not value or len(set(value)) != len(value):
            raise InvalidInputError(
                attribute.name, value, f"a non-empty tuple of distinct {enum_type.__name__} members"
            )

    return v.with_schema(
        check, {"type": "array", "items": v.schema_of(item), "minItems": 1, "uniqueItems": True}
    )


def _above(other: str, high: float | None = None) -> v.Validator:
    """A finite number above the policy's field ``other`` (and at most ``high``)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        low = getattr(instance, other)
        if not v.is_finite_number(value) or value <= low or (high is not None and value > high):
            top = "" if high is None else f" and at most {high:g}"
            raise InvalidInputError(
                attribute.name, value, f"a finite number above {other} ({low:g}){top}"
            )

    schema: dict[str, Any] = {"type": "number"}
    if high is not None:
        schema["maximum"] = high
    return v.with_schema(check, schema)


def _direction_tuple(value: Iterable[Direction]) -> tuple[Direction, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


def _interaction_kind_tuple(value: Iterable[InteractionKind]) -> tuple[InteractionKind, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class ActivityPolicy:
    """What counts as coming back, and when silence means a customer is lapsing or gone.

    **The rhythm rule** (no fitting). A customer's *typical gap* is the mean
    time between their returns, shrunk towards the base's usual gap ``G``
    when they have few returns::

        typical gap = (prior_gaps * G + recency) / (prior_gaps + frequency)

    where ``recency`` is the time from their first to their last return and
    ``frequency`` the number of returns (so ``recency / frequency`` is their
    own mean gap). This is the posterior mean of the gap under exponential
    gaps with a conjugate inverse-gamma prior worth ``prior_gaps`` gaps of
    length ``G`` (empirical Bayes: ``G`` is measured on the base, the median
    of the customers' own mean gaps). The *silence ratio* is the time since
    their last return divided by the typical gap: ACTIVE below
    ``lapsing_ratio``, LAPSING below ``lapsed_ratio``, LAPSED from there.

    **The model rule** (a fitted :class:`BgNbdModel` given): ACTIVE while the
    probability alive is at least ``active_p_alive``, LAPSING while at least
    ``lapsed_p_alive``, LAPSED below.

    Attributes:
        counted_kinds: Kinds of interaction that count as coming back.
            Default every kind but ``CANCELLATION`` (a customer leaving is not
            a customer returning); purchases, support and complaints count:
            most customers who leave never complain, and a complaint is a
            customer still engaged.
        counted_directions: Directions that count. Default inbound only: an
            outbound touch (a mailing, a call we made) says nothing of
            whether the customer comes back.
        lapsing_ratio: Silence, in typical gaps, from which a customer is
            LAPSING. Default 2: with exponential gaps (a Poisson purchase
            process, as in Ehrenberg's NBD and the BG/NBD) an active customer
            is silent this long only ``e**-2`` = 13.5% of the time.
        lapsed_ratio: Silence, in typical gaps, from which a customer is
            LAPSED. Default 4: ``e**-4`` = 1.8% of an active customer's gaps
            are this long.
        prior_gaps: How many gaps of the base's usual length the prior is
            worth (0: no shrinkage, each customer's own mean gap). Default 2:
            a customer's own rhythm outweighs the base's from their third
            return.
        base_gap_days: The base's usual gap ``G`` in days; ``None`` (default)
            measures it on the interactions given (for one customer, on their
            own history).
        fallback_gap_days: ``G`` when nothing measures it (no customer came
            back twice). Default 90 days, the common fixed inactivity window.
        active_p_alive: Probability alive from which a customer is ACTIVE
            under the model. Default 0.5: more likely alive than not.
        lapsed_p_alive: Probability alive below which a customer is LAPSED
            under the model. Default 0.2, a modelling choice (no published
            standard): four to one they are gone.
        horizon_days: The coming period over which the model's expected
            returns are reported. Default 90 days.

    Time is counted in whole UTC days: returns on one day count once.

    >>> import custinteract as ci
    >>> ci.ActivityPolicy().lapsing_ratio, ci.ActivityPolicy().lapsed_ratio
    (2.0, 4.0)
    >>> ci.ActivityPolicy(lapsed_ratio=1.5)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: lapsed_ratio: expected a finite number above lapsing_ratio (2), got 1.5
    """

    counted_kinds: tuple[InteractionKind, ...] = attrs.field(
        default=_DEFAULT_KINDS,
        converter=_interaction_kind_tuple,
        validator=_members(InteractionKind),
    )
    counted_directions: tuple[Direction, ...] = attrs.field(
        default=(Direction.INBOUND,), converter=_direction_tuple, validator=_members(Direction)
    )
    lapsing_ratio: float = attrs.field(
        default=2.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    lapsed_ratio: float = attrs.field(
        default=4.0, converter=v.number_to_float, validator=_above("lapsing_ratio")
    )
    prior_gaps: float = attrs.field(
        default=2.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    base_gap_days: float | None = attrs.field(
        default=None,
        converter=v.optional_number_to_float,
        validator=v.optional(v.finite_number(low=0, low_open=True)),
    )
    fallback_gap_days: float = attrs.field(
        default=90.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
    lapsed_p_alive: float = attrs.field(
        default=0.2,
        converter=v.number_to_float,
        validator=v.finite_number(low=0, high=1, high_open=True),
    )
    active_p_alive: float = attrs.field(
        default=0.5, converter=v.number_to_float, validator=_above("lapsed_p_alive", 1.0)
    )
    horizon_days: float = attrs.field(
        default=90.0, converter=v.number_to_float, validator=v.finite_number(low=0, low_open=True)
    )
