"""The lead engine's enums: temperatures, advices, fit-rule kinds, score components."""

from __future__ import annotations

import enum

__all__ = ["FitRuleKind", "LeadTemperature", "OutreachAdvice", "ScoreComponent"]


class LeadTemperature(enum.Enum):
    """How ready a lead is: COLD < WARM < QUALIFIED < CURRENT (comparisons work).

    “What You Need to Know About Customer Interaction”: "it's always better to focus on your current customers, and even
    qualified leads rather than cold". Values are text (``'cold'``) for JSON.

    >>> import custinteract as ci
    >>> ci.LeadTemperature.COLD < ci.LeadTemperature.WARM < ci.LeadTemperature.CURRENT
    True
    >>> max(ci.LeadTemperature).value
    'current'
    """

    COLD = "cold"
    WARM = "warm"
    QUALIFIED = "qualified"
    CURRENT = "current"

    @property
    def rank(self) -> int:
        """0 for COLD up to 3 for CURRENT."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, LeadTemperature):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, LeadTemperature):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, LeadTemperature):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, LeadTemperature):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {t: i for i, t in enumerate(LeadTemperature)}


class OutreachAdvice(enum.Enum):
    """What to do about a lead now.

    * ``CONTACT``: reach out (the lead is warm enough and not fatigued);
    * ``NURTURE``: low-touch only (newsletter, content), no personal outreach;
    * ``HOLD``: do not touch for now (fatigue: too many unanswered touches);
    * ``DO_NOT_CONTACT``: never (do-not-contact flag, or no required consent).

    >>> import custinteract as ci
    >>> ci.OutreachAdvice("do_not_contact") is ci.OutreachAdvice.DO_NOT_CONTACT
    True
    """

    CONTACT = "contact"
    NURTURE = "nurture"
    HOLD = "hold"
    DO_NOT_CONTACT = "do_not_contact"


class FitRuleKind(enum.Enum):
    """How a :class:`FitRule` compares an attribute: ``equals``, ``one_of`` or numeric ``range``.

    >>> import custinteract as ci
    >>> [kind.value for kind in ci.FitRuleKind]
    ['equals', 'one_of', 'range']
    """

    EQUALS = "equals"
    ONE_OF = "one_of"
    RANGE = "range"


class ScoreComponent(enum.Enum):
    """Which part of the score a :class:`ScoreItem` belongs to.

    >>> import custinteract as ci
    >>> [part.value for part in ci.ScoreComponent]
    ['source', 'fit', 'engagement']
    """

    SOURCE = "source"
    FIT = "fit"
    ENGAGEMENT = "engagement"
