"""The word-of-mouth policy (its defaults and their sources) and the reason-code table."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .. import _validators as v
from .._errors import InvalidInputError

__all__ = ["REASON_CODES", "WordOfMouthPolicy", "policy_or_default"]

REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        # estimate_word_of_mouth / word_of_mouth_sources
        "word_of_mouth.positive": "positive experiences are told first-hand to positive_audience people each",
        "word_of_mouth.negative": "negative experiences are told first-hand to positive_audience x negative_multiplier people each",
        "word_of_mouth.neutral": "neutral experiences are told to nobody",
        "word_of_mouth.no_experiences": "no positive or negative experience: nobody hears anything",
        "word_of_mouth.first_hand_only": "nobody retells (retell_probability, retell_audience or max_hops rule it out): first-hand reach only",
        "word_of_mouth.retelling": "hearers retell with retell_probability to retell_audience people, up to max_hops hops",
        "word_of_mouth.supercritical": "stories are retold and r x k' >= 1: each hearer passes the story to at least one person on average (without a population, each hop reaches at least as many people as the one before)",
        "word_of_mouth.subcritical": "stories are retold and r x k' < 1: on average every hop reaches fewer people than the one before",
        "word_of_mouth.population_cap": "the population caps reach: nobody hears the same sentiment twice",
        "word_of_mouth.population_mean_field": "with a population and retelling, reach after the first hop is a mean-field upper estimate, several times too high when few hearers retell to many: simulate_word_of_mouth gives the expected reach",
        "word_of_mouth.net_negative": "more people hear bad word of mouth than good",
        "word_of_mouth.net_positive": "more people hear good word of mouth than bad",
        "word_of_mouth.net_zero": "as many people hear good word of mouth as bad",
        "word_of_mouth.offset": "how many positive experiences reach as many people as the negatives",
        "word_of_mouth.offset_impossible": "more than 2**62 positive experiences would be needed to reach as many people as the negatives (positives are told to almost nobody beside them)",
        "word_of_mouth.multiplier_below_one": "negative_multiplier below 1 contradicts “What You Need to Know About Customer Interaction” (negatives are told more)",
        "word_of_mouth.duplicate_ignored": "a repeated identical interaction was counted once",
        "word_of_mouth.source.rank": "this customer's rank among the sources of negative word of mouth",
        # simulate_word_of_mouth
        "word_of_mouth.simulation.runs": "seeded Monte Carlo runs with Poisson audiences",
        "word_of_mouth.simulation.mean": "the simulated mean beside the closed-form expectation",
        # simulate_cascade
        "word_of_mouth.cascade.graph": "the network the stories spread on",
        "word_of_mouth.cascade.positive": "positive sources; a positive story crosses each edge with edge_probability",
        "word_of_mouth.cascade.negative": "negative sources; a negative story crosses each edge with min(1, multiplier x p)",
        "word_of_mouth.cascade.negative_capped": "negative_multiplier x edge_probability exceeds 1 and is capped at 1",
        "word_of_mouth.cascade.neutral": "neutral sources tell nobody and are ignored",
        "word_of_mouth.cascade.no_sources": "no positive or negative source: nobody hears anything",
        "word_of_mouth.cascade.hop_limit": "stories travel at most max_hops edges from their source",
        # simulate_bass
        "word_of_mouth.bass.standard": "no negative word of mouth: the standard Bass curve",
        "word_of_mouth.bass.negative": "dissatisfied adopters' negative word of mouth turns potential adopters into rejecters",
        "word_of_mouth.bass.peak": "the period with the most new adopters",
    }
)
"""Every reason code the word-of-mouth engine can emit, with its meaning."""


@attrs.frozen(kw_only=True)
class WordOfMouthPolicy:
    """The rules of word of mouth; every number can be changed.

    Attributes:
        positive_audience: People told first-hand about one positive experience.
            Default 5: TARP's customer-service studies, "a satisfied customer
            tells about 5 people".
        negative_multiplier: How many times more people hear about a negative
            experience. Default 2.0: “What You Need to Know About Customer Interaction”, "people will tell at least twice
            the people about a negative experience than a positive one" (TARP:
            an unhappy customer tells about 10, some 20 or more, i.e. 2 to 4).
            Values below 1 are accepted but contradict the article (the estimate
            says so with ``word_of_mouth.multiplier_below_one``).
        retell_probability: Chance that a hearer retells the story second-hand.
            Default 0: first-hand reach only (the article counts only first-hand
            telling; TARP's figures are first-hand too).
        retell_audience: People a retelling hearer tells (``k'``). Default 2, an
            illustrative figure with no published source; it matters only when
            ``retell_probability > 0``.
        max_hops: Hops in all, the first-hand telling being hop 1. Default 3,
            an illustrative figure with no published source. It matters for
            estimates and simulations only with retelling, and is the default
            hop limit of :func:`simulate_cascade` (edges from the source).
        population: Size of the market the stories spread in (at most 10**12);
            ``None`` (the default) means no cap. With a cap nobody hears the
            same sentiment twice.
        edge_probability: For :func:`simulate_cascade`: the chance that a
            positive story crosses one edge of the network (a negative one
            crosses with ``min(1, negative_multiplier * edge_probability)``).
            Default 0.1, the higher of the two uniform probabilities (1% and
            10%) of Kempe, Kleinberg and Tardos (KDD 2003).

    >>> import custinteract as ci
    >>> policy = ci.WordOfMouthPolicy()
    >>> policy.positive_audience * policy.negative_multiplier
    10.0
    >>> ci.WordOfMouthPolicy(retell_probability=1.5)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: retell_probability: expected a finite number from 0 to 1, got 1.5
    """

    positive_audience: float = attrs.field(
        default=5.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    negative_multiplier: float = attrs.field(
        default=2.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    retell_probability: float = attrs.field(
        default=0.0, converter=v.number_to_float, validator=v.finite_number(low=0, high=1)
    )
    retell_audience: float = attrs.field(
        default=2.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    max_hops: int = attrs.field(default=3, validator=v.integer(low=1, high=100))
    population: int | None = attrs.field(
        default=None, validator=v.optional(v.integer(low=1, high=10**12))
    )
    edge_probability: float = attrs.field(
        default=0.1, converter=v.number_to_float, validator=v.finite_number(low=0, high=1)
    )

    @property
    def negative_audience(self) -> float:
        """People told first-hand about one negative experience.

        >>> WordOfMouthPolicy(positive_audience=5, negative_multiplier=4).negative_audience
        20.0
        """
        return self.positive_audience * self.negative_multiplier

    @property
    def retelling_ratio(self) -> float:
        """``r * k'``: people each hearer passes the story to, on average.

        >>> WordOfMouthPolicy(retell_probability=0.25, retell_audience=6).retelling_ratio
        1.5
        """
        return self.retell_probability * self.retell_audience

    @property
    def retells(self) -> bool:
        """True when stories travel beyond the first-hand hearers.

        >>> WordOfMouthPolicy(retell_probability=0.5).retells
        True
        >>> WordOfMouthPolicy(retell_probability=0.5, max_hops=1).retells  # first-hand only
        False
        """
        return self.retelling_ratio > 0 and self.max_hops > 1


def policy_or_default(policy: WordOfMouthPolicy | None) -> WordOfMouthPolicy:
    """The policy a call was given (checked), or the default policy for ``None``.

    >>> policy_or_default(None) == WordOfMouthPolicy()
    True
    """
    if policy is None:
        return WordOfMouthPolicy()
    if not isinstance(policy, WordOfMouthPolicy):
        raise InvalidInputError("policy", policy, "a WordOfMouthPolicy")
    return policy
