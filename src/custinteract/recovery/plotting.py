"""Pictures of the recovery balance: one customer's debt over time, and a base by status."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import cast

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes

from .._errors import InvalidInputError
from .._figures import label_bars, new_axes
from .._models import Customer, Interaction, Sentiment
from ._engine import (
    RecoveryAssessment,
    RecoveryPolicy,
    RecoveryStatus,
    RecoverySummary,
    _check_policy,
    _group,
    assess_recovery,
    summarize_recoveries,
)
from ._rules import running_debts

__all__ = ["plot_recovery_ledger", "plot_recovery_summary"]

_date_number = cast(Callable[[datetime], float], mdates.date2num)

_STATUS_COLOURS = {
    RecoveryStatus.HEALTHY: "#2e8b57",
    RecoveryStatus.RECOVERING: "#e6a23c",
    RecoveryStatus.AT_RISK: "#d35400",
    RecoveryStatus.LOST: "#7f7f7f",
}
_MARKERS = {
    Sentiment.NEGATIVE: ("v", "#c0392b", "negative"),
    Sentiment.POSITIVE: ("^", "#2e8b57", "positive"),
    Sentiment.NEUTRAL: ("o", "#9e9e9e", "neutral"),
}


def plot_recovery_ledger(
    interactions: Iterable[Interaction],
    *,
    as_of: datetime,
    policy: RecoveryPolicy | None = None,
    customer: Customer | None = None,
    ax: Axes | None = None,
) -> Axes:
    """One customer's positives owed over time, each interaction marked, the status annotated.

    The line is the debt after each interaction (a step, since it changes
    only at interactions or when a negative is forgotten); negatives are red
    down-triangles, positives green up-triangles, neutrals grey dots; a loss
    and a comeback are dashed vertical lines. The title carries the status at
    ``as_of``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> from custinteract.plotting import plot_recovery_ledger
    >>> t0 = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> moods = [ci.Sentiment.NEGATIVE] + [ci.Sentiment.POSITIVE] * 4
    >>> history = [ci.Interaction(id=f"i{n}", customer_id="c-1", sentiment=s,
    ...                           timestamp=t0 + timedelta(days=3 * n)) for n, s in enumerate(moods)]
    >>> ax = plot_recovery_ledger(history, as_of=t0 + timedelta(days=20))
    >>> ax.get_title()
    'c-1: recovering, 2 positives needed'
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    groups = _group(interactions, as_of)
    if len(groups) > 1:
        raise InvalidInputError("interactions", sorted(groups), "one customer's interactions")
    items = sorted(next(iter(groups.values()), []), key=operator.attrgetter("timestamp", "id"))
    result = assess_recovery(items, as_of=as_of, policy=policy, customer=customer)
    *debts, final = running_debts(items, policy, customer, as_of)
    ax = new_axes(ax)
    _draw_debts(ax, items, debts, final, as_of)
    _mark_loss(ax, result)
    who = result.customer_id or "customer"
    ax.set_title(
        f"{who}: {result.status.value.replace('_', ' ')}, "
        f"{result.positives_needed} positive{'' if result.positives_needed == 1 else 's'} needed"
    )
    ax.xaxis_date()
    ax.set_ylabel("positives owed")
    ax.set_ylim(bottom=0)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper right", fontsize=8)
    return ax


def _draw_debts(
    ax: Axes, items: list[Interaction], debts: list[float], final: float, as_of: datetime
) -> None:
    """The debt as a step line up to ``as_of``, each interaction marked by its sentiment."""
    if items:
        xs = [_date_number(t) for t in [*(i.timestamp for i in items), as_of]]
        ax.step(xs, [*debts, final], where="post", color="#34495e", lw=1.5)
        for sentiment, (marker, colour, label) in _MARKERS.items():
            points = [
                (x, d)
                for x, d, i in zip(xs[:-1], debts, items, strict=True)
                if i.sentiment is sentiment
            ]
            if points:
                ax.scatter(
                    [p[0] for p in points],
                    [p[1] for p in points],
                    marker=marker,
                    color=colour,
                    label=label,
                    zorder=3,
                )


def _mark_loss(ax: Axes, result: RecoveryAssessment) -> None:
    """A dashed line where the customer was lost, a dotted one where they came back."""
    if result.lost_at is not None:
        ax.axvline(_date_number(result.lost_at), color="#7f7f7f", ls="--", lw=1, label="lost")
    if result.came_back_at is not None:
        ax.axvline(
            _date_number(result.came_back_at),
            color="#2e8b57",
            ls=":",
            lw=1,
            label="came back",
        )


def plot_recovery_summary(
    summary: RecoverySummary | pd.DataFrame, *, ax: Axes | None = None
) -> Axes:
    """Customers per status (bars), each labelled with its count.

    ``summary`` is a :class:`~custinteract.RecoverySummary` or the frame
    :func:`~custinteract.frames.recovery_frame` returns (summarised by
    :func:`~custinteract.summarize_recoveries`, column by column).

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_recovery_summary
    >>> ax = plot_recovery_summary(ci.summarize_recoveries({}))
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['healthy', 'recovering', 'at_risk', 'lost']
    """
    if isinstance(summary, pd.DataFrame):
        summary = summarize_recoveries(summary, limit=0)
    if not isinstance(summary, RecoverySummary):
        raise InvalidInputError("summary", summary, "a RecoverySummary or a recovery_frame result")
    ax = new_axes(ax)
    statuses = list(RecoveryStatus)
    counts = [summary.by_status.get(status, 0) for status in statuses]
    bars = ax.bar(range(len(statuses)), counts, color=[_STATUS_COLOURS[s] for s in statuses])
    label_bars(ax, bars, counts)
    ax.set_xticks(range(len(statuses)), [s.value for s in statuses])
    ax.set_ylabel("customers")
    ax.set_title(
        f"Recovery: {summary.customers} customers, {summary.total_positives_needed} positives owed"
    )
    return ax
