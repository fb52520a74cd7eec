"""The lead engine's results: an itemised score line and the assessment of one lead."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

import attrs

from .. import _validators as v
from .._display import Displayed
from .._models import LeadSource, Reason, explanation_spec
from ._enums import LeadTemperature, OutreachAdvice, ScoreComponent

__all__ = ["LeadAssessment", "ScoreItem"]


@attrs.frozen(kw_only=True)
class ScoreItem:
    """One line of a lead's score: a source, a fit rule, or one interaction's decayed points.

    For an engagement item, ``base_points`` is what the interaction was worth
    on its day and ``points`` what is left at ``as_of``:
    ``base_points * 0.5 ** (age_days / half_life_days)``. A negative
    interaction does not decay (``half_life_days`` is None).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> inquiry = ci.Interaction(id="i-1", customer_id="c-1", sentiment=ci.Sentiment.NEUTRAL,
    ...     timestamp=datetime(2026, 1, 1, tzinfo=utc), kind=ci.InteractionKind.INQUIRY)
    >>> lead = ci.Customer(id="c-1", created=datetime(2026, 1, 1, tzinfo=utc))
    >>> item = ci.assess_lead(lead, [inquiry], as_of=datetime(2026, 3, 2, tzinfo=utc)).items[-1]
    >>> item.label, item.base_points, item.age_days, item.points
    ('inbound inquiry', 20.0, 60.0, 5.0)
    """

    component: ScoreComponent = attrs.field(validator=v.enum_member(ScoreComponent))
    label: str = attrs.field(validator=v.identifier)
    points: float = attrs.field(converter=v.number_to_float, validator=v.finite_number())
    base_points: float = attrs.field(converter=v.number_to_float, validator=v.finite_number())
    interaction_id: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    timestamp: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    age_days: float | None = attrs.field(
        default=None,
        converter=v.optional_number_to_float,
        validator=v.optional(v.finite_number(low=0)),
    )
    half_life_days: float | None = attrs.field(
        default=None,
        converter=v.optional_number_to_float,
        validator=v.optional(v.finite_number(low=0, low_open=True)),
    )


def _score_item_tuple(value: Iterable[ScoreItem]) -> tuple[ScoreItem, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class LeadAssessment(Displayed):
    """A lead's temperature, itemised score and outreach advice as of a moment.

    ``score`` is ``min(100, max(0, raw_score))`` where ``raw_score`` is the
    exact (``math.fsum``) total of ``items``. ``unanswered_streak`` counts
    outbound touches since the customer last got in touch;
    ``recent_unanswered`` the unanswered ones within the policy's touch window.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> utc = timezone.utc
    >>> lead = ci.Customer(id="c-1", created=datetime(2026, 1, 1, tzinfo=utc),
    ...                    source=ci.LeadSource.REFERRAL)
    >>> result = ci.assess_lead(lead, [], as_of=datetime(2026, 1, 2, tzinfo=utc))
    >>> result.temperature.value, result.score, result.codes
    ('warm', 25.0, ('lead.temperature.warm', 'lead.source.points', 'lead.advice.contact'))
    >>> result.points_of(ci.ScoreComponent.SOURCE)
    25.0
    """

    customer_id: str = attrs.field(validator=v.identifier)
    as_of: datetime = attrs.field(validator=v.aware)
    temperature: LeadTemperature = attrs.field(validator=v.enum_member(LeadTemperature))
    score: float = attrs.field(
        converter=v.number_to_float, validator=v.finite_number(low=0, high=100)
    )
    advice: OutreachAdvice = attrs.field(validator=v.enum_member(OutreachAdvice))
    source: LeadSource = attrs.field(validator=v.enum_member(LeadSource))
    list_name: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    items: tuple[ScoreItem, ...] = attrs.field(
        default=(), converter=_score_item_tuple, validator=v.tuple_of(v.instance(ScoreItem))
    )
    last_purchase: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    qualified_since: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    last_inbound: datetime | None = attrs.field(default=None, validator=v.optional(v.aware))
    unanswered_streak: int = attrs.field(default=0, validator=v.integer(low=0))
    recent_unanswered: int = attrs.field(default=0, validator=v.integer(low=0))
    explanation: tuple[Reason, ...] = attrs.field(default=(), **explanation_spec())

    @property
    def raw_score(self) -> float:
        """The exact total of the items before clamping into 0-100."""
        return math.fsum(item.points for item in self.items)

    def points_of(self, component: ScoreComponent) -> float:
        """The exact total of one component (source, fit or engagement)."""
        return math.fsum(item.points for item in self.items if item.component is component)

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes of the explanation, in order."""
        return tuple(reason.code for reason in self.explanation)
