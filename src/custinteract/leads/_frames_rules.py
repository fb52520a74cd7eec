"""The lead rules as columns (NumPy; an optional module): every customer of a base at once.

The same rules as ``_engine``, vectorised: they read the same tables
(``_rules``: sources, the order of the temperature and advice cases, reason
codes) and build each distinct explanation once with the same builder,
:func:`~custinteract.leads._rules.explanation_codes`. The few steps where
exactness needs Python's own arithmetic run in Python on plain lists: the
decay factor ``0.5 ** x`` (the platform's ``pow``, as in the object path),
the exact sums (``math.fsum``, one per customer), and calendar windows in a
zone with daylight saving.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
from dateutil.relativedelta import relativedelta

from .._models import Direction, InteractionKind
from ..activity import ActivityStatus
from ._enums import LeadTemperature
from ._frames_base import (
    _KIND_CODE,
    _KINDS_IN_ORDER,
    _NAT,
    _ONE_US,
    _SOURCES,
    _TEMPERATURES,
    _US_PER_DAY,
    _Base,
    _micros,
    _moment,
)
from ._history import exact_step, is_calendar, window_adder, window_start
from ._policy import LeadPolicy
from ._rules import (
    SOURCE_CASES,
    TEMPERATURE_CASES,
    Story,
    explanation_codes,
    held_cold,
    source_case,
)


def _shift(
    micros: np.ndarray[Any, Any], window: relativedelta, as_of: datetime
) -> np.ndarray[Any, Any]:
    """``t + window`` for UTC microseconds, as the object path reads windows (``window_adder``).

    Without months or years: an exact duration. With them: the calendar date
    moves in as_of's zone by dateutil's rules, in bulk for a fixed offset,
    through the object path's own arithmetic for a zone with daylight saving.
    """
    rest = exact_step(window) // _ONE_US
    if not is_calendar(window):
        shifted: np.ndarray[Any, Any] = micros + rest
        return shifted
    offset = as_of.tzinfo.utcoffset(None) if as_of.tzinfo is not None else None
    if offset is None:
        add = window_adder(window, as_of.tzinfo)
        return np.array([_micros(add(_moment(m))) for m in micros.tolist()], dtype=np.int64)
    shift = offset // _ONE_US
    local = (micros + shift).view("datetime64[us]")
    months = local.astype("datetime64[M]")
    days = local.astype("datetime64[D]")
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64)
    time_of_day = (local - days).astype(np.int64)
    moved = months + np.timedelta64(int(window.years) * 12 + int(window.months), "M")
    first = moved.astype("datetime64[D]")
    length = ((moved + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    day = np.minimum(day_of_month, length - 1)
    result: np.ndarray[Any, Any] = (
        (first.astype(np.int64) + day) * _US_PER_DAY + time_of_day + rest - shift
    )
    return result


def _ages(as_of_us: int, micros: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``(as_of - t) / 1 day`` with the object path's single rounding."""
    gaps = as_of_us - micros
    ages: np.ndarray[Any, Any] = gaps / _US_PER_DAY
    big = np.abs(gaps) >= 2**53  # beyond exact floats: divide the integers, as Python does
    if big.any():
        ages[big] = [gap / _US_PER_DAY for gap in gaps[big].tolist()]
    return ages


def _last_per(
    groups: np.ndarray[Any, Any], values: np.ndarray[Any, Any], count: int, empty: Any
) -> np.ndarray[Any, Any]:
    """Per group, the value of its last row (rows sorted by group); ``empty`` for none."""
    out = np.full(count, empty, dtype=values.dtype)
    if len(groups):
        last = np.append(groups[1:] != groups[:-1], True)
        out[groups[last]] = values[last]
    return out


def _counts(groups: np.ndarray[Any, Any], mask: np.ndarray[Any, Any], count: int) -> Any:
    return np.bincount(groups[mask], minlength=count)


class _Events(NamedTuple):
    """The interactions at or before as_of, sorted by (customer, timestamp, id)."""

    customer: np.ndarray[Any, Any]  # position of the customer in the base
    micros: np.ndarray[Any, Any]  # UTC microseconds
    kind: np.ndarray[Any, Any]  # codes into _KINDS_IN_ORDER
    inbound: np.ndarray[Any, Any]
    negative: np.ndarray[Any, Any]
    budget: np.ndarray[Any, Any]


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
    reasons: list[tuple[str, ...]]


def _answered(events: _Events, window: relativedelta, as_of: datetime) -> np.ndarray[Any, Any]:
    """Outbound touches followed, strictly later and within ``window``, by an inbound one."""
    cust, ts, inbound = events.customer, events.micros, events.inbound
    count = len(ts)
    answered = np.zeros(count, dtype=bool)
    touches = np.flatnonzero(~inbound)
    if not len(touches):
        return answered
    new = np.ones(count, dtype=bool)  # blocks of one customer's equal moments
    new[1:] = (cust[1:] != cust[:-1]) | (ts[1:] != ts[:-1])
    block = np.cumsum(new) - 1
    blocks = int(block[-1]) + 1
    block_cust, block_ts = cust[new], ts[new]
    has_inbound = np.zeros(blocks, dtype=bool)
    has_inbound[block[inbound]] = True
    candidate = np.where(has_inbound, np.arange(blocks), blocks)
    after = np.append(np.minimum.accumulate(candidate[::-1])[::-1][1:], blocks)
    following = np.minimum(after, blocks - 1)
    found = (after < blocks) & (block_cust[following] == block_cust)
    mine = block[touches]
    deadline = _shift(ts[touches], window, as_of)
    answered[touches] = found[mine] & (block_ts[following[mine]] <= deadline)
    return answered


def _qualification(
    events: _Events,
    qualifies: np.ndarray[Any, Any],
    last_inbound: np.ndarray[Any, Any],
    count: int,
    as_of: datetime,
    policy: LeadPolicy,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(qualified_since, cooled)`` per customer, as the object path's walk gives them.

    The inbound interactions of a customer fall into runs, a new run starting
    when one comes ``qualified_window`` or more after the previous one. A run
    is qualified from its first qualifying request to its end; a qualified
    run followed by another cooled, and so does the last one once
    ``qualified_window`` has passed since the last inbound interaction.
    """
    since = np.full(count, _NAT, dtype=np.int64)
    cooled = np.zeros(count, dtype=bool)
    inbound = np.flatnonzero(events.inbound)
    if not qualifies[inbound].any():
        return since, cooled
    cust, ts, asks = events.customer[inbound], events.micros[inbound], qualifies[inbound]
    start = np.ones(len(inbound), dtype=bool)
    if len(inbound) > 1:
        start[1:] = (cust[1:] != cust[:-1]) | (
            _shift(ts[:-1], policy.qualified_window, as_of) <= ts[1:]
        )
    run = np.cumsum(start) - 1
    runs = int(run[-1]) + 1
    run_cust = cust[start]
    asked = run[asks]
    has_request = np.zeros(runs, dtype=bool)
    has_request[asked] = True
    first = np.append(True, asked[1:] != asked[:-1])
    request_at = np.full(runs, _NAT, dtype=np.int64)
    request_at[asked[first]] = ts[asks][first]
    last_run = np.append(run_cust[1:] != run_cust[:-1], True)
    cooled[run_cust[has_request & ~last_run]] = True
    final = np.flatnonzero(last_run & has_request)
    who = run_cust[final]
    expired = _shift(last_inbound[who], policy.qualified_window, as_of) <= _micros(as_of)
    cooled[who[expired]] = True
    since[who[~expired]] = request_at[final[~expired]]
    return since, cooled


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
    engagement...]``; a run of one or two numbers needs no ``fsum`` (one IEEE
    addition is already the exactly rounded sum).
    """
    count = len(base.ids)
    fit_owner, fit_rule = np.nonzero(base.fits)
    fit_values = np.array([rule.points for rule in policy.fit_rules], dtype=float)
    owners = np.concatenate([np.arange(count), fit_owner, events.customer[item]])
    values = np.concatenate([source_points, fit_values[fit_rule], points[item]])
    order = np.argsort(owners, kind="stable")
    flat = values[order]
    starts = np.searchsorted(owners[order], np.arange(count))
    ends = np.append(starts[1:], len(flat))
    fits = np.bincount(fit_owner, minlength=count)
    raw = _run_sums(flat, starts, ends)
    fit = _run_sums(flat, starts + 1, starts + 1 + fits)
    engagement = _run_sums(flat, starts + 1 + fits, ends)
    return fit, engagement, raw


def _run_sums(
    flat: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """``math.fsum(flat[start:end])`` for each run."""
    lengths = ends - starts
    out = np.zeros(len(starts), dtype=float)
    one = lengths == 1
    out[one] = flat[starts[one]]
    two = lengths == 2
    out[two] = flat[starts[two]] + flat[starts[two] + 1]
    more = np.flatnonzero(lengths > 2)
    if len(more):
        values = flat.tolist()
        out[more] = [
            math.fsum(values[a:b])
            for a, b in zip(starts[more].tolist(), ends[more].tolist(), strict=True)
        ]
    return out


class _Walk(NamedTuple):
    """Per interaction and per customer: what walking the histories gives (answers, fatigue)."""

    answered: np.ndarray[Any, Any]  # per interaction
    unanswered: np.ndarray[Any, Any]  # per interaction
    last_inbound: np.ndarray[Any, Any]
    streak: np.ndarray[Any, Any]
    recent: np.ndarray[Any, Any]
    engaged: np.ndarray[Any, Any]
    last_purchase: np.ndarray[Any, Any]


def _walk(base: _Base, events: _Events, as_of: datetime, policy: LeadPolicy) -> _Walk:
    """Answers, the unanswered streak and the fatigue count, engagement, the last purchase."""
    count = len(base.ids)
    cust, ts, inbound = events.customer, events.micros, events.inbound
    outbound = ~inbound
    position = np.arange(len(ts))
    answered = _answered(events, policy.answer_window, as_of)
    last_in_position = _last_per(cust[inbound], position[inbound], count, -1)
    unanswered = outbound & ~answered
    touch_start = _micros(window_start(as_of, policy.touch_window))
    purchase = events.kind == _KIND_CODE[InteractionKind.PURCHASE]
    bought = _last_per(cust[purchase], ts[purchase], count, _NAT)
    as_of_us = _micros(as_of)
    return _Walk(
        answered,
        unanswered,
        _last_per(cust[inbound], ts[inbound], count, _NAT),
        _counts(cust, outbound & (position > last_in_position[cust]), count),
        _counts(cust, unanswered & (ts > touch_start), count),
        _counts(cust, inbound & ~events.negative, count) > 0,
        np.maximum(np.where(base.became <= as_of_us, base.became, _NAT), bought),
    )


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
    exponents = _ages(_micros(as_of), events.micros[fading]) / half_lives[kind, way][fading]
    points[fading] = earned[fading] * np.array([0.5**x for x in exponents.tolist()], dtype=float)
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
    as_of_us = _micros(as_of)
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
        _reasons(standing, score.source, base.fits.sum(axis=1), flags, advice),
    )


def _reasons(
    standing: _Standing,
    source: np.ndarray[Any, Any],
    fits: np.ndarray[Any, Any],
    flags: list[np.ndarray[Any, Any]],
    advice: np.ndarray[Any, Any],
) -> list[tuple[str, ...]]:
    """Each customer's reason codes: the shared builder, called once per distinct story."""
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
    return [built[j] for j in inverse.tolist()]
