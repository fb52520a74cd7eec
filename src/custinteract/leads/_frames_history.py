"""The lead histories as columns (NumPy; an optional module): answers, qualification, fatigue.

The walk of ``_history`` and ``_engine`` over every customer's sorted events
at once: which outbound touches were answered, the qualified runs and when
they cooled, the unanswered streak and the touches within the window, the
last inbound moment and the last purchase. Windows are read as the object
path reads them (``window_adder``): exact durations in bulk, calendar
windows by dateutil's rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

import numpy as np
from dateutil.relativedelta import relativedelta

from .._models import InteractionKind
from .._timestamps import epoch_micros
from ._frames_base import _KIND_CODE, _NAT, _ONE_US, _US_PER_DAY, _Base, _moment
from ._history import exact_step, is_calendar, window_adder, window_start
from ._policy import LeadPolicy


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
        return np.array([epoch_micros(add(_moment(m))) for m in micros.tolist()], dtype=np.int64)
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
    expired = _shift(last_inbound[who], policy.qualified_window, as_of) <= epoch_micros(as_of)
    cooled[who[expired]] = True
    since[who[~expired]] = request_at[final[~expired]]
    return since, cooled


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
    touch_start = epoch_micros(window_start(as_of, policy.touch_window))
    purchase = events.kind == _KIND_CODE[InteractionKind.PURCHASE]
    bought = _last_per(cust[purchase], ts[purchase], count, _NAT)
    as_of_us = epoch_micros(as_of)
    return _Walk(
        answered,
        unanswered,
        _last_per(cust[inbound], ts[inbound], count, _NAT),
        _counts(cust, outbound & (position > last_in_position[cust]), count),
        _counts(cust, unanswered & (ts > touch_start), count),
        _counts(cust, inbound & ~events.negative, count) > 0,
        np.maximum(np.where(base.became <= as_of_us, base.became, _NAT), bought),
    )
