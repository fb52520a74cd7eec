"""The lead rules as columns (NumPy; an optional module): every customer of a base at once.

The same rules as ``_engine``, vectorised: they read the same tables
(``_rules``: sources, the order of the temperature and advice cases, reason
codes) and build each distinct explanation once with the same builder,
:func:`~custinteract.leads._rules.explanation_codes`. The few steps where
exactness needs Python's own arithmetic run in Python on plain lists: the
decay factor ``0.5 ** x`` (the platform's ``pow``, as in the object path),
the exact sums (``math.fsum``, one per customer), and calendar windows in a
zone with daylight saving. The histories' walk (answers, qualification,
fatigue) is ``_frames_history``'s.
"""

from __future__ import annotations

import functools
import math
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np

from .._models import Direction, InteractionKind
from .._timestamps import epoch_micros
from ..activity import ActivityStatus
from ._enums import LeadTemperature
from ._frames_base import (
    _KIND_CODE,
    _KINDS_IN_ORDER,
    _NAT,
    _SOURCES,
    _TEMPERATURES,
    _Base,
)
from ._frames_history import _ages, _counts, _Events, _qualification, _shift, _Walk, _walk
from ._policy import LeadPolicy
from ._rules import (
    SOURCE_CASES,
    TEMPERATURE_CASES,
    Story,
    explanation_codes,
    held_cold,
    source_case,
)


class _Columns(NamedTuple):
    """One entry per customer of everything :data:`LEAD_COLUMNS` shows."""

    rank: np.ndarray[Any, Any]  # temperature rank
    score: np.ndarray[Any, Any]
    advice: np.ndarray[Any, Any]  # index into ADVICE_CASES
    raw: np.ndarray[Any, Any]
    source_points: np.ndarray[Any, Any]
    fit_points: np.ndarray[Any, Any]
    engagement_points: np.ndarray[Any, Any]
    last_purchase: np.ndarray[Any, Any]
    qualified_since: np.ndarray[Any, Any]
    last_inbound: np.ndarray[Any, Any]
    streak: np.ndarray[Any, Any]
    recent: np.ndarray[Any, Any]
    stories: list[tuple[str, ...]]  # each distinct explanation's reason codes
    story: np.ndarray[Any, Any]  # per customer: index into stories

    @property
    def reasons(self) -> list[tuple[str, ...]]:
        """Each customer's reason codes."""
        return [self.stories[j] for j in self.story.tolist()]


def _sums(
    base: _Base,
    events: _Events,
    item: np.ndarray[Any, Any],
    points: np.ndarray[Any, Any],
    source_points: np.ndarray[Any, Any],
    policy: LeadPolicy,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(fit, engagement, raw)`` per customer: exact sums (``math.fsum``) as the object path's.

    Each customer's items lie in one run of a flat list, ``[source, fits...,
    engagement...]``, laid out directly (the fits come by customer, and the
    events are sorted by customer).
    """
    count = len(base.ids)
    fit_owner, fit_rule = np.nonzero(base.fits)  # by customer, then rule
    fit_values = np.array([rule.points for rule in policy.fit_rules], dtype=float)
    engaged = events.customer[item]  # sorted by customer
    fits = np.bincount(fit_owner, minlength=count)
    engagements = np.bincount(engaged, minlength=count)
    ends = np.cumsum(1 + fits + engagements)
    starts = ends - (1 + fits + engagements)
    flat = np.empty(int(ends[-1]) if count else 0, dtype=float)
    flat[starts] = source_points
    flat[starts[fit_owner] + 1 + _rank_in_run(fit_owner, fits)] = fit_values[fit_rule]
    flat[starts[engaged] + 1 + fits[engaged] + _rank_in_run(engaged, engagements)] = points[item]
    raw = _run_sums(flat, starts, ends)
    fit = _run_sums(flat, starts + 1, starts + 1 + fits)
    engagement = _run_sums(flat, starts + 1 + fits, ends)
    return fit, engagement, raw


def _rank_in_run(owners: np.ndarray[Any, Any], sizes: np.ndarray[Any, Any]) -> Any:
    """Each entry's place among its owner's entries (``owners`` sorted; ``sizes`` per owner)."""
    firsts = np.cumsum(sizes) - sizes
    return np.arange(len(owners)) - firsts[owners]


# Runs longer than this are summed by math.fsum itself (a few customers with long histories).
_LONGEST_PAIRED_RUN = 64


def _run_sums(
    flat: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """``math.fsum(flat[start:end])`` for each run (the exactly rounded sum).

    A run of one or two numbers needs no more than one IEEE addition. Longer
    runs are summed in twice the working precision, position by position
    across all runs at once (:func:`_paired_sums`); where that cannot prove
    the rounding, and for very long runs, ``math.fsum`` decides.
    """
    lengths = ends - starts
    out = np.zeros(len(starts), dtype=float)
    one = lengths == 1
    out[one] = flat[starts[one]] + 0.0  # + 0.0: a zero sum is +0.0, as fsum gives it
    two = lengths == 2
    out[two] = flat[starts[two]] + flat[starts[two] + 1] + 0.0
    more = np.flatnonzero((lengths > 2) & (lengths <= _LONGEST_PAIRED_RUN))
    doubt = np.flatnonzero(lengths > _LONGEST_PAIRED_RUN)
    if len(more):
        sums, proven = _paired_sums(flat, starts[more], lengths[more])
        out[more] = sums
        doubt = np.concatenate([doubt, more[~proven]])
    if len(doubt):
        out[doubt] = [
            math.fsum(flat[a:b].tolist())
            for a, b in zip(starts[doubt].tolist(), ends[doubt].tolist(), strict=True)
        ]
    return out


def _paired_sums(
    flat: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each run's sum, and whether it is proven to be the exactly rounded one.

    Ogita, Rump and Oishi's ``Sum2``: the running sum ``p`` and the exact
    error of each addition (Knuth's TwoSum), the errors summed in ``e``. When
    every addition into ``e`` was itself exact, the exact sum is ``p + e`` and
    one rounding gives the answer. Otherwise it is ``p + e`` within ``(n u)**2
    sum|x|`` (``u = 2**-53``, ``n`` numbers): ``p + e`` is rounded once, its
    own rounding error ``t`` known exactly (TwoSum again), and the result is
    proven when ``|t|`` plus that bound stays below half the gap to the
    neighbouring double on ``t``'s side, so that the exact sum rounds to the
    same double.
    """
    order = np.argsort(-lengths, kind="stable")  # longest first: the live runs are a prefix
    begin, size = starts[order], lengths[order]
    count = len(order)
    p = flat[begin].copy()
    e = np.zeros(count)
    exact = np.ones(count, dtype=bool)
    magnitude = np.abs(p)
    alive = np.searchsorted(-size, -np.arange(int(size[0])), side="left")
    for k in range(1, int(size[0])):
        n = int(alive[k])  # the runs longer than k
        x = flat[begin[:n] + k]
        got, error = _two_sum(p[:n], x)
        p[:n] = got
        e[:n], error = _two_sum(e[:n], error)
        exact[:n] &= error == 0
        magnitude[:n] += np.abs(x)
    with np.errstate(invalid="ignore", over="ignore"):
        r, t = _two_sum(p, e)
        bound = size.astype(float) ** 2 * 2.0**-106 * magnitude * (1 + 2.0**-40)
        size_r = np.abs(r)
        away = np.nextafter(size_r, np.inf) - size_r
        toward = size_r - np.nextafter(size_r, 0.0)
        gap = np.where((t == 0) | ((t > 0) == (r > 0)), away, toward)
        close = (np.abs(t) + bound < gap / 2) & (r != 0)
        proven = (exact | close) & np.isfinite(r) & np.isfinite(magnitude)
    sums = np.empty(count)
    sums[order] = r + 0.0  # a zero sum is +0.0, as fsum gives it
    found = np.empty(count, dtype=bool)
    found[order] = proven
    return sums, found


def _two_sum(
    a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Knuth's TwoSum: ``a + b`` rounded, and its rounding error, exactly."""
    s = a + b
    back = s - a
    return s, (a - (s - back)) + (b - back)


class _Score(NamedTuple):
    """Per interaction and per customer: the score's items and sums."""

    item: np.ndarray[Any, Any]  # per interaction: does it give a score line?
    source: np.ndarray[Any, Any]  # index into SOURCE_CASES
    source_points: np.ndarray[Any, Any]
    fit: np.ndarray[Any, Any]
    engagement: np.ndarray[Any, Any]
    raw: np.ndarray[Any, Any]
    score: np.ndarray[Any, Any]


def _by_source_and_consent(base: _Base, table: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``table[source, consent]`` for each customer."""
    found: np.ndarray[Any, Any] = table[base.source, base.consent.astype(np.int64)]
    return found


_HALF_TO_THE = functools.partial(pow, 0.5)
"""``x -> 0.5 ** x`` with the platform's ``pow``, as the object path's decay."""


def _engagement_points(
    events: _Events, walk: _Walk, as_of: datetime, policy: LeadPolicy
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(item, points)`` per interaction: does it score, and its decayed points."""
    kind, inbound, negative = events.kind, events.inbound, events.negative
    shape = (len(_KINDS_IN_ORDER), 2)
    rule_points, half_lives = np.zeros(shape), np.ones(shape)
    has_rule = np.zeros(shape, dtype=bool)
    for rule in policy.engagement_rules:
        at = (_KIND_CODE[rule.kind], 0 if rule.direction is Direction.INBOUND else 1)
        rule_points[at], half_lives[at], has_rule[at] = rule.points, rule.half_life_days, True
    way = np.where(inbound, 0, 1)
    item = negative | has_rule[kind, way]
    earned = rule_points[kind, way]
    earned = np.where(inbound | walk.answered, earned, earned * policy.unanswered_factor)
    points = np.where(negative, policy.negative_points, earned)
    fading = np.flatnonzero(item & ~negative)
    exponents = _ages(epoch_micros(as_of), events.micros[fading]) / half_lives[kind, way][fading]
    halves = map(_HALF_TO_THE, exponents.tolist())  # Python's own 0.5 ** x, no bytecode loop
    points[fading] = earned[fading] * np.fromiter(halves, dtype=float, count=len(fading))
    return item, points


def _score(
    base: _Base, events: _Events, walk: _Walk, as_of: datetime, policy: LeadPolicy
) -> _Score:
    """Source points (from ``SOURCE_CASES``), fit and decayed engagement points, exact sums."""
    cases = np.array([[source_case(s, bool(c)) for c in (0, 1)] for s in _SOURCES], dtype=np.int64)
    source = _by_source_and_consent(base, cases)
    by_case = np.array(
        [[case.points(policy, s) for s in _SOURCES] for case in SOURCE_CASES], dtype=float
    )
    source_points = by_case[source, base.source]
    item, points = _engagement_points(events, walk, as_of, policy)
    fit, engagement, raw = _sums(base, events, item, points, source_points, policy)
    score = np.where(raw < 0.0, 0.0, np.where(raw > 100.0, 100.0, raw))
    return _Score(item, source, source_points, fit, engagement, raw, score)


class _Standing(NamedTuple):
    """Per customer: the temperature case and what decides it."""

    why: np.ndarray[Any, Any]  # index into TEMPERATURE_CASES
    rank: np.ndarray[Any, Any]  # temperature rank
    life: np.ndarray[Any, Any]  # index into LIFE_CASES
    current: np.ndarray[Any, Any]
    held: np.ndarray[Any, Any]
    since: np.ndarray[Any, Any]
    cooled: np.ndarray[Any, Any]
    refused: np.ndarray[Any, Any]


_UNSEEN = ActivityStatus.UNSEEN.value
_LAPSED = ActivityStatus.LAPSED.value


def _standing(
    base: _Base,
    events: _Events,
    walk: _Walk,
    score: np.ndarray[Any, Any],
    as_of: datetime,
    policy: LeadPolicy,
    activity: np.ndarray[Any, Any] | None = None,
) -> _Standing:
    """The temperature: the first ``TEMPERATURE_CASES`` entry whose condition holds."""
    count = len(base.ids)
    as_of_us = epoch_micros(as_of)
    kind, inbound, negative = events.kind, events.inbound, events.negative
    asks = inbound & (
        np.isin(kind, [_KIND_CODE[k] for k in policy.qualifying_kinds])
        | ((kind == _KIND_CODE[InteractionKind.INQUIRY]) & events.budget)
    )
    since, cooled = _qualification(
        events, asks & ~negative, walk.last_inbound, count, as_of, policy
    )
    last_purchase = walk.last_purchase
    bought_any = last_purchase != _NAT
    churned = base.churned
    churned_since = (
        (churned != _NAT) & (churned <= as_of_us) & (~bought_any | (churned >= last_purchase))
    )
    current = np.zeros(count, dtype=bool)
    buyers = np.flatnonzero(bought_any & ~churned_since)
    current[buyers] = as_of_us < _shift(last_purchase[buyers], policy.current_window, as_of)
    if activity is not None:  # the customer's rhythm decides, unless nothing counted (UNSEEN)
        judged = bought_any & ~churned_since & (activity != _UNSEEN)
        current = np.where(judged, activity != _LAPSED, current)
    holds = np.array(
        [[held_cold(s, bool(c), policy) for c in (0, 1)] for s in _SOURCES], dtype=bool
    )
    held = ~current & ~walk.engaged & _by_source_and_consent(base, holds)
    warm = score >= policy.warm_threshold
    conditions = [current, since != _NAT, held & warm, score >= policy.qualified_threshold, warm]
    why = np.select(conditions, list(range(len(conditions))), len(conditions))
    rank = np.array([temperature.rank for _, temperature in TEMPERATURE_CASES])[why]
    return _Standing(
        why,
        rank,
        np.where(~current & bought_any, np.where(churned_since, 1, 2), 0),
        current,
        held,
        since,
        cooled & (rank < LeadTemperature.QUALIFIED.rank),
        _counts(events.customer, asks & negative, count) > 0,
    )


def _advice(base: _Base, walk: _Walk, standing: _Standing, policy: LeadPolicy) -> Any:
    """The advice: the first ``ADVICE_CASES`` entry whose condition holds."""
    rank = standing.rank
    stop = np.array([policy.stop_after_unanswered[t] for t in _TEMPERATURES])[rank]
    cap = np.array([policy.max_touches[t] for t in _TEMPERATURES])[rank]
    contact = rank >= policy.contact_from.rank
    conditions = [
        base.do_not_contact,
        policy.consent_required & ~base.consent & (rank != LeadTemperature.CURRENT.rank),
        walk.streak >= stop,
        walk.recent >= cap,
        contact & standing.held,
        contact,
    ]
    return np.select(conditions, list(range(len(conditions))), len(conditions))


def _rules(
    base: _Base,
    events: _Events,
    future: np.ndarray[Any, Any],
    duplicates: np.ndarray[Any, Any],
    as_of: datetime,
    policy: LeadPolicy,
    activity: np.ndarray[Any, Any] | None = None,
) -> _Columns:
    """The rules of ``_engine`` over every customer at once (see its docstring).

    ``activity``: each customer's activity status text, when the policy's
    ``current_activity`` is set.
    """
    count = len(base.ids)
    cust = events.customer
    walk = _walk(base, events, as_of, policy)
    score = _score(base, events, walk, as_of, policy)
    standing = _standing(base, events, walk, score.score, as_of, policy, activity)
    advice = _advice(base, walk, standing, policy)
    flags = [
        _counts(cust, score.item, count) > 0,
        _counts(cust, events.negative, count) > 0,
        _counts(cust, walk.unanswered, count) > 0,
        future > 0,
        duplicates > 0,
        score.score != score.raw,
    ]
    return _Columns(
        standing.rank,
        score.score,
        advice,
        score.raw,
        score.source_points,
        score.fit,
        score.engagement,
        walk.last_purchase,
        np.where(standing.current, _NAT, standing.since),
        walk.last_inbound,
        walk.streak,
        walk.recent,
        *_reasons(standing, score.source, base.fits.sum(axis=1), flags, advice),
    )


def _reasons(
    standing: _Standing,
    source: np.ndarray[Any, Any],
    fits: np.ndarray[Any, Any],
    flags: list[np.ndarray[Any, Any]],
    advice: np.ndarray[Any, Any],
) -> tuple[list[tuple[str, ...]], np.ndarray[Any, Any]]:
    """The reason codes of each distinct story (the shared builder, once each), each customer's story."""
    why, life, cooled, refused = standing.why, standing.life, standing.cooled, standing.refused
    parts = [why, life, cooled, refused, source, fits, *flags, advice]
    key = np.zeros(len(why), dtype=np.int64)
    for part in parts:
        key = key * (int(part.max(initial=0)) + 1) + part.astype(np.int64)
    stories, inverse = np.unique(key, return_inverse=True)
    firsts = np.zeros(len(stories), dtype=np.int64)
    firsts[inverse[::-1]] = np.arange(len(why))[::-1]
    built = [
        explanation_codes(
            Story(
                temperature=int(why[i]),
                life=int(life[i]),
                cooled=bool(cooled[i]),
                refused=bool(refused[i]),
                source=int(source[i]),
                fits=int(fits[i]),
                flags=tuple(bool(flag[i]) for flag in flags),
                advice=int(advice[i]),
            )
        )
        for i in firsts.tolist()
    ]
    return built, inverse
