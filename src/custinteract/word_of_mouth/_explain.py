"""A reach summary -> the explanation of a word-of-mouth estimate (Reason codes and sentences).

One function, :func:`explain`, for every path: the batch estimate, the
ledger and the frames path (which keeps the codes) all explain through it.
Each part below adds the reasons of one rule, in the order they are read.
"""

from __future__ import annotations

from .._models import Reason
from .._wording import counted
from ._format import figure
from ._rules import ReachSummary

__all__ = ["explain", "source_rank"]


def explain(summary: ReachSummary) -> tuple[Reason, ...]:
    """The reasons of an estimate, from repeats and experiences to what offsets the negatives.

    >>> from custinteract.word_of_mouth._policy import WordOfMouthPolicy
    >>> from custinteract.word_of_mouth._rules import summarize
    >>> [reason.code for reason in explain(summarize(1, 1, 0, 0, WordOfMouthPolicy()))]  # doctest: +NORMALIZE_WHITESPACE
    ['word_of_mouth.positive', 'word_of_mouth.negative', 'word_of_mouth.first_hand_only',
     'word_of_mouth.net_negative', 'word_of_mouth.offset']
    """
    return (
        *_repeats(summary),
        *_experiences(summary),
        *_multiplier(summary),
        *_spread(summary),
        *_population(summary),
        _net(summary),
        *_offset(summary),
    )


def _repeats(summary: ReachSummary) -> list[Reason]:
    if not summary.duplicates:
        return []
    message = f"{counted(summary.duplicates, 'repeated identical interaction')} counted once"
    return [Reason(code="word_of_mouth.duplicate_ignored", message=message)]


def _experiences(summary: ReachSummary) -> list[Reason]:
    policy = summary.policy
    reasons: list[Reason] = []
    if summary.positives:
        reasons.append(
            Reason(
                code="word_of_mouth.positive",
                message=(
                    f"{counted(summary.positives, 'positive experience')}, each told first-hand to"
                    f" {figure(policy.positive_audience)} people:"
                    f" {figure(summary.positive_by_hop[0])} hear good word of mouth first-hand"
                ),
            )
        )
    if summary.negatives:
        reasons.append(
            Reason(
                code="word_of_mouth.negative",
                message=(
                    f"{counted(summary.negatives, 'negative experience')}, each told first-hand to"
                    f" {figure(policy.negative_audience)} people"
                    f" ({figure(policy.positive_audience)} x"
                    f" {figure(policy.negative_multiplier)}):"
                    f" {figure(summary.negative_by_hop[0])} hear bad word of mouth first-hand"
                ),
            )
        )
    if summary.neutrals:
        reasons.append(
            Reason(
                code="word_of_mouth.neutral",
                message=f"{counted(summary.neutrals, 'neutral experience')} told to nobody",
            )
        )
    if not summary.positives and not summary.negatives:
        reasons.append(
            Reason(
                code="word_of_mouth.no_experiences",
                message="no positive or negative experience: nobody hears anything",
            )
        )
    return reasons


def _multiplier(summary: ReachSummary) -> list[Reason]:
    multiplier = summary.policy.negative_multiplier
    if multiplier >= 1:
        return []
    message = (
        f"negative_multiplier {figure(multiplier)} is below 1, which"
        " contradicts “What You Need to Know About Customer Interaction” (a negative is told to at least twice as many)"
    )
    return [Reason(code="word_of_mouth.multiplier_below_one", message=message)]


def _spread(summary: ReachSummary) -> list[Reason]:
    policy = summary.policy
    if not policy.retells:
        message = "nobody retells: only first-hand hearers are counted"
        return [Reason(code="word_of_mouth.first_hand_only", message=message)]
    retelling = Reason(
        code="word_of_mouth.retelling",
        message=(
            f"each hearer retells with probability {figure(policy.retell_probability)} to"
            f" {figure(policy.retell_audience)} people, for {policy.max_hops} hops in all"
        ),
    )
    ratio = figure(summary.retelling_ratio)
    if not summary.supercritical:
        message = (
            f"r x k' = {ratio} < 1: subcritical, on average every hop reaches"
            " fewer people than the one before"
        )
        return [retelling, Reason(code="word_of_mouth.subcritical", message=message)]
    if policy.population is None:
        growth = (
            "each hop reaches at least as many people as the one before; only"
            f" max_hops ({policy.max_hops}) stops it"
        )
    else:
        growth = (
            f"without the market of {policy.population} each hop would reach at least"
            " as many people as the one before; here later hops reach fewer as the"
            " market fills"
        )
    message = (
        f"r x k' = {ratio} >= 1: supercritical, each hearer passes the"
        f" story to at least one person on average; {growth}"
    )
    return [retelling, Reason(code="word_of_mouth.supercritical", message=message)]


def _population(summary: ReachSummary) -> list[Reason]:
    policy = summary.policy
    if policy.population is None:
        return []
    reasons = [
        Reason(
            code="word_of_mouth.population_cap",
            message=(
                f"a market of {policy.population} people caps each sentiment's reach; nobody"
                " hears the same sentiment twice"
            ),
        )
    ]
    if policy.retells:
        reasons.append(
            Reason(
                code="word_of_mouth.population_mean_field",
                message=(
                    "after the first hop the capped reach is a mean-field upper estimate,"
                    " close while stories stay small beside the market and several times"
                    " too high when few hearers retell to many: use simulate_word_of_mouth"
                    " for the expected reach"
                ),
            )
        )
    return reasons


def _net(summary: ReachSummary) -> Reason:
    net = summary.net_reach
    if net < 0:
        return Reason(
            code="word_of_mouth.net_negative",
            message=f"net reach {figure(net)}: more people hear bad word of mouth than good",
        )
    if net > 0:
        return Reason(
            code="word_of_mouth.net_positive",
            message=f"net reach +{figure(net)}: more people hear good word of mouth than bad",
        )
    return Reason(
        code="word_of_mouth.net_zero",
        message="net reach 0: as many people hear good word of mouth as bad",
    )


def _offset(summary: ReachSummary) -> list[Reason]:
    negatives = summary.negatives
    if not negatives:
        return []
    offset = summary.positives_to_offset
    if offset is None:
        message = (
            "more than 2**62 positive experiences would be needed to reach as many"
            f" people as the {counted(negatives, 'negative')}: positives are told to"
            " almost nobody beside them"
        )
        return [Reason(code="word_of_mouth.offset_impossible", message=message)]
    more = max(0, offset - summary.positives)
    message = (
        f"{counted(offset, 'positive experience')} reach as many people as"
        f" {counted(negatives, 'negative')}; {summary.positives} so far,"
        f" {more} more needed"
    )
    return [Reason(code="word_of_mouth.offset", message=message)]


def source_rank(rank: int, total: int, negative_reach: float) -> Reason:
    """The first reason of a :class:`~custinteract.WordOfMouthSource`: its rank among the sources.

    >>> source_rank(1, 3, 20.0).message
    'source 1 of 3 of negative word of mouth: 20 people hear bad word of mouth'
    """
    return Reason(
        code="word_of_mouth.source.rank",
        message=(
            f"source {rank} of {total} of negative word of mouth:"
            f" {figure(negative_reach)} people hear bad word of mouth"
        ),
    )
