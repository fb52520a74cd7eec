"""Pictures of the recovery balance: one customer's debt over time, and a base by status."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import cast

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.axes import Axes

from .._columns import ids_as_text
from .._errors import InvalidInputError
from .._figures import label_bars, new_axes
from .._frames_values import interactions_from_frame
from .._models import Customer, Interaction, Sentiment
from .._tabular import result_frame
from .._time import ensure_aware
from .._validators import is_frame
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
_LEDGER_COLUMNS = ("customer_id", "timestamp", "sentiment", "debt", "positives_needed")
_MARKERS = {
    Sentiment.NEGATIVE: ("v", "#c0392b", "negative"),
    Sentiment.POSITIVE: ("^", "#2e8b57", "positive"),
    Sentiment.NEUTRAL: ("o", "#9e9e9e", "neutral"),
}


def plot_recovery_ledger(
    interactions: Iterable[Interaction] | pd.DataFrame,
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

    ``interactions`` may also be a pandas frame (needs the ``frames`` extra):

    * a frame of interactions, as :func:`~custinteract.frames.normalize_interactions`
      reads it: only the one customer's rows become values (those of
      ``customer``, if given), and the picture is the one drawn from them;
    * the ledger :func:`~custinteract.frames.recovery_ledger_frame` returns: its
      ``debt`` column is drawn as it stands, with no value made per row, the
      line carried to ``as_of`` at the last debt. The ledger holds neither the
      status nor the moments of a loss or a comeback, so none is marked and
      the title gives the positives needed after the last interaction. Its
      rows are those of one customer (of ``customer``, if given).

    >>> from custinteract.frames import interactions_to_frame, recovery_ledger_frame
    >>> end = t0 + timedelta(days=20)
    >>> plot_recovery_ledger(interactions_to_frame(history), as_of=end).get_title()
    'c-1: recovering, 2 positives needed'
    >>> ledger = recovery_ledger_frame(interactions_to_frame(history), as_of=end)
    >>> plot_recovery_ledger(ledger, as_of=end).get_title()
    'c-1: 2 positives needed after the last interaction'
    """
    policy = _check_policy(RecoveryPolicy() if policy is None else policy)
    values: Iterable[Interaction]
    if isinstance(interactions, pd.DataFrame) or is_frame(interactions):
        frame = _one_customer(interactions, customer)
        if "debt" in frame.columns:
            return _plot_ledger_frame(frame, as_of, ax)
        values = interactions_from_frame(frame)
    else:
        values = interactions
    groups = _group(values, as_of)
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
    _finish(ax)
    return ax


def _one_customer(frame: object, customer: Customer | None) -> pd.DataFrame:
    """The rows of ``customer`` (or of the frame's only customer) of a pandas frame."""
    frame = result_frame(
        frame, source="recovery_ledger_frame", needed=("customer_id",), name="interactions"
    )
    ids = ids_as_text(frame["customer_id"])
    if customer is not None:
        chosen: pd.DataFrame = frame[(ids == customer.id).to_numpy()]
        return chosen
    who = sorted({str(i) for i in ids.unique()})
    if len(who) > 1:
        raise InvalidInputError("interactions", who, "one customer's interactions")
    return frame


def _plot_ledger_frame(frame: pd.DataFrame, as_of: datetime, ax: Axes | None) -> Axes:
    """The debt of a ledger frame as drawn from values, to ``as_of``, without a status."""
    as_of = ensure_aware(as_of, "as_of")
    result_frame(frame, source="recovery_ledger_frame", needed=_LEDGER_COLUMNS, name="interactions")
    stamps = pd.to_datetime(frame["timestamp"], utc=True)
    rows = frame[(stamps <= pd.Timestamp(as_of)).to_numpy()]
    sentiments = [Sentiment(s) for s in rows["sentiment"].astype(object)]
    when = [t.to_pydatetime() for t in pd.to_datetime(rows["timestamp"], utc=True)]
    debts = [float(d) for d in rows["debt"]]
    ax = new_axes(ax)
    _draw(ax, when, sentiments, debts, debts[-1] if debts else 0.0, as_of)
    needed = int(rows["positives_needed"].iloc[-1]) if len(rows) else 0
    who = str(rows["customer_id"].iloc[0]) if len(rows) else "customer"
    ax.set_title(
        f"{who}: {needed} positive{'' if needed == 1 else 's'} needed after the last interaction"
    )
    _finish(ax)
    return ax


def _finish(ax: Axes) -> None:
    """Dates along x, the axis from zero, the legend when something is marked."""
    ax.xaxis_date()
    ax.set_ylabel("positives owed")
    ax.set_ylim(bottom=0)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper right", fontsize=8)


def _draw_debts(
    ax: Axes, items: list[Interaction], debts: list[float], final: float, as_of: datetime
) -> None:
    """The debt of the values ``items``, drawn by :func:`_draw`."""
    _draw(ax, [i.timestamp for i in items], [i.sentiment for i in items], debts, final, as_of)


def _draw(
    ax: Axes,
    when: list[datetime],
    sentiments: list[Sentiment],
    debts: list[float],
    final: float,
    as_of: datetime,
) -> None:
    """The debt as a step line up to ``as_of``, each interaction marked by its sentiment."""
    if when:
        xs = [_date_number(t) for t in [*when, as_of]]
        ax.step(xs, [*debts, final], where="post", color="#34495e", lw=1.5)
        for sentiment, (marker, colour, label) in _MARKERS.items():
            points = [
                (x, d)
                for x, d, mood in zip(xs[:-1], debts, sentiments, strict=True)
                if mood is sentiment
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
